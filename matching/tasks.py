"""Background work on matching (Celery): the "new match" fan-out when a project is published.

One ``project_match_fanout`` per published project queues one ``project_match_notify_batch`` per
MARKETPLACE["MATCH_FANOUT_BATCH"] students: a hundred broker messages for 100,000 students, rather than one
per student or one task too long to finish within its time limit. Several worker processes share the batches.
Without a cap on how many are told, the fan-out only cuts the candidates into keyset ranges, a page at a time,
queueing each page's batches at once, and each batch scores its own range (matching/fanout/). Both tasks are
idempotent; redelivering either tells nobody twice.
"""

from collections.abc import Iterator

from celery import shared_task
from django.conf import settings

from marketplace.celery import IdempotentTask
from marketplace.tasks import enqueue_on_commit
from matching.fanout import (
    StudentRange,
    match_notify_batch,
    match_notify_range,
    match_project_for_notices,
    match_recipient_batches,
    match_recipient_ranges,
)
from projects.models import Project


@shared_task(base=IdempotentTask)
def project_match_fanout(project_id: int) -> int:
    """Queue the batch tasks for a published project (each once this task's transaction, if any, commits);
    returns how many. Nothing when it is no longer open."""
    project = match_project_for_notices(project_id=project_id)
    if project is None:
        return 0
    queued = 0
    for page in _batch_pages(project):
        for students in page:
            enqueue_on_commit(project_match_notify_batch, project_id, students)
        queued += len(page)
    return queued


def _batch_pages(project: Project) -> Iterator[list[list[int]] | list[StudentRange]]:
    if settings.MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"]:
        yield match_recipient_batches(project=project)
    else:
        yield from match_recipient_ranges(project=project)


@shared_task(base=IdempotentTask)
def project_match_notify_batch(project_id: int, students: list[int] | StudentRange) -> int:
    """Tell a batch of students about the project: the user ids the capped fan-out chose, or a range of
    candidates ({"after": pk, "upto": pk}) the uncapped one cut. Returns how many were newly told (0 for a
    redelivery)."""
    project = match_project_for_notices(project_id=project_id)
    if project is None:
        return 0
    if isinstance(students, dict):
        return match_notify_range(project=project, students=students)
    return match_notify_batch(project=project, user_ids=students)
