"""The new-match fan-out end to end on a real Celery worker and Redis: publish → batches → notices → emails,
and a redelivered task that changes nothing."""

import math
import re

import pytest

from employers.factories import EmployerMemberFactory
from matching.fanout import match_notice_key, match_recipient_batches, match_recipient_ranges
from matching.management.commands.bench_fanout import bulk_create_students
from matching.tasks import project_match_fanout, project_match_notify_batch
from notifications.models import EmailState, Notification
from projects.factories import ProjectFactory, SkillFactory
from projects.services import project_publish
from universities.factories import UniversityFactory

STUDENTS = 2500
BATCH = 1000
INSTANT_EVERY = 10


@pytest.fixture
def fanout_worker(transactional_db, request, monkeypatch):
    """The real worker, started with this test's fan-out settings (it reads them from the environment)."""
    settings_env = {
        "MARKETPLACE_MATCH_FANOUT_BATCH": str(BATCH),
        "MARKETPLACE_MATCH_NOTIFY_MAX_PER_PROJECT": "0",
        "MARKETPLACE_MATCH_NOTIFY_THRESHOLD": "60",
    }
    for name, value in settings_env.items():
        monkeypatch.setenv(name, value)
    return request.getfixturevalue("celery_worker_process")


FANOUT = "matching.tasks.project_match_fanout"
BATCH_TASK = "matching.tasks.project_match_notify_batch"
EMAIL_TASK = "notifications.tasks.notification_emails_send"


def tasks_logged(worker, name: str, event: str = "succeeded") -> int:
    """How many `name` tasks the worker has logged as `event` ("received" or "succeeded")."""
    pattern = rf"Task {re.escape(name)}\[[0-9a-f-]+\] {event}"
    return len(re.findall(pattern, worker.log_path.read_text(errors="replace")))


def test_publishing_tells_every_matching_student_once_in_batches_and_redelivery_repeats_nothing(
    fanout_worker, settings
):
    worker = fanout_worker
    settings.MARKETPLACE = settings.MARKETPLACE | {
        "MATCH_FANOUT_BATCH": BATCH,
        "MATCH_NOTIFY_MAX_PER_PROJECT": 0,
    }
    skills = [SkillFactory(name=name) for name in ("Python", "SQL", "Data analysis")]
    project = ProjectFactory(required_skills=skills, estimated_hours=10)
    member = EmployerMemberFactory(employer=project.employer).user
    user_ids = bulk_create_students(
        count=STUDENTS, university=UniversityFactory(), skills=skills, instant_every=INSTANT_EVERY
    )
    notices = Notification.objects.filter(key=match_notice_key(project=project))
    instant = len(user_ids[::INSTANT_EVERY])

    project_publish(project=project, user=member)

    worker.wait_for(lambda: notices.count() == STUDENTS, timeout=300, what="every notice")
    worker.wait_for(
        lambda: notices.filter(email_state=EmailState.SENT).count() == instant,
        timeout=300,
        what="the instant emails",
    )
    assert len(worker.sent_emails()) == instant
    assert tasks_logged(worker, FANOUT, "received") == 1
    assert tasks_logged(worker, BATCH_TASK, "received") == 3
    assert set(notices.values_list("user_id", flat=True)) == set(user_ids)
    assert notices.filter(email_state=EmailState.SENT).count() == instant
    assert len({message["To"] for message in worker.sent_emails()}) == instant
    email_tasks = tasks_logged(worker, EMAIL_TASK, "received")

    # A batch delivered again (its worker died before acknowledging it, say), then the whole fan-out again.
    project.refresh_from_db()
    project_match_notify_batch.delay(project.pk, match_recipient_batches(project=project)[0])
    project_match_fanout.delay(project.pk)
    worker.wait_for(lambda: tasks_logged(worker, BATCH_TASK) == 7, timeout=300, what="the redelivered tasks")
    # The queue is first in, first out: once this marker has run, any email the redeliveries queued has too.
    project_match_fanout.delay(0)
    worker.wait_for(lambda: tasks_logged(worker, FANOUT) == 3, timeout=120, what="the marker task")

    assert notices.count() == STUDENTS
    assert Notification.objects.exclude(key=match_notice_key(project=project)).count() == 0
    assert tasks_logged(worker, EMAIL_TASK, "received") == email_tasks
    assert len(worker.sent_emails()) == instant


def test_uncapped_fanout_messages_are_bounded_by_batches_and_a_retried_range_writes_nothing(
    fanout_worker, settings
):
    """Without a cap the fan-out sends one message per BATCH candidates (students sharing a skill), however
    many students the site has, and a range delivered again tells and emails nobody twice."""
    worker = fanout_worker
    settings.MARKETPLACE = settings.MARKETPLACE | {
        "MATCH_FANOUT_BATCH": BATCH,
        "MATCH_NOTIFY_MAX_PER_PROJECT": 0,
    }
    python, sql, data, welding = (
        SkillFactory(name=name) for name in ("Python", "SQL", "Data analysis", "Welding")
    )
    project = ProjectFactory(required_skills=[python, sql, data], estimated_hours=10)
    member = EmployerMemberFactory(employer=project.employer).user
    university = UniversityFactory()
    told = bulk_create_students(
        count=2000, university=university, skills=[python, sql, data], instant_every=INSTANT_EVERY
    )
    weak = bulk_create_students(count=500, university=university, skills=[python], email_prefix="weak")
    bulk_create_students(count=1500, university=university, skills=[welding], email_prefix="elsewhere")
    notices = Notification.objects.filter(key=match_notice_key(project=project))

    project_publish(project=project, user=member)

    worker.wait_for(lambda: tasks_logged(worker, BATCH_TASK) == 3, timeout=300, what="the batches")
    worker.wait_for(
        lambda: len(worker.sent_emails()) == len(told[::INSTANT_EVERY]),
        timeout=300,
        what="the instant emails",
    )
    assert set(notices.values_list("user_id", flat=True)) == set(told)
    candidates = len(told) + len(weak)
    assert tasks_logged(worker, FANOUT, "received") == 1
    assert tasks_logged(worker, BATCH_TASK, "received") == math.ceil(candidates / BATCH)
    email_tasks = tasks_logged(worker, EMAIL_TASK, "received")
    assert email_tasks <= math.ceil(candidates / BATCH)

    [first, *_] = next(match_recipient_ranges(project=project))
    project_match_notify_batch.delay(project.pk, first)
    worker.wait_for(lambda: tasks_logged(worker, BATCH_TASK) == 4, timeout=120, what="the redelivered range")
    project_match_fanout.delay(0)  # first in, first out: once this has run, any email queued by it has too
    worker.wait_for(lambda: tasks_logged(worker, FANOUT) == 2, timeout=120, what="the marker task")

    assert notices.count() == len(told)
    assert len(worker.sent_emails()) == len(told[::INSTANT_EVERY])
    assert tasks_logged(worker, EMAIL_TASK, "received") == email_tasks
