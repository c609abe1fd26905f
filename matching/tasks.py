"""Background work on matching (Celery): the "new match" fan-out when a project is published.

One ``project_match_fanout`` per published project computes the recipients once and queues one
``project_match_notify_batch`` per MARKETPLACE["MATCH_FANOUT_BATCH"] students: a few hundred broker messages
for a large audience, rather than one per student or one task too long to finish within its time limit. Both
are idempotent (see matching/fanout.py); redelivering either tells nobody twice.
"""

from celery import shared_task
from django.db import transaction

from marketplace.celery import IdempotentTask
from matching.fanout import match_notify_batch, match_project_for_notices, match_recipient_batches


@shared_task(base=IdempotentTask)
def project_match_fanout(project_id: int) -> int:
    """Queue the batch tasks for a published project; returns how many. Nothing when it is no longer open."""
    project = match_project_for_notices(project_id=project_id)
    if project is None:
        return 0
    batches = match_recipient_batches(project=project)
    transaction.on_commit(lambda: _queue_batches(project_id, batches))
    return len(batches)


def _queue_batches(project_id: int, batches: list[list[int]]) -> None:
    for user_ids in batches:
        project_match_notify_batch.delay(project_id, user_ids)


@shared_task(base=IdempotentTask)
def project_match_notify_batch(project_id: int, user_ids: list[int]) -> int:
    """Tell these students about the project; returns how many were newly told (0 for a redelivery)."""
    project = match_project_for_notices(project_id=project_id)
    if project is None:
        return 0
    return match_notify_batch(project=project, user_ids=user_ids)
