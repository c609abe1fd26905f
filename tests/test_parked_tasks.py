"""Background work is never silently lost: a task that could not be queued because the broker was down, or
that gave up after its retries, is parked in the database and queued again by the redrive sweep
(marketplace/parked.py); /healthz and the admin show what waits."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from employers.factories import EmployerMemberFactory
from marketplace import parked
from marketplace.celery import IdempotentTask, app
from marketplace.models import ParkedTask, ParkReason
from matching.fanout import match_notice_key
from matching.management.commands.bench_fanout import bulk_create_students
from notifications.models import Notification
from projects.factories import ProjectFactory, SkillFactory
from projects.services import project_publish
from tests.test_redis_outage import redis_down  # noqa: F401  (a fixture)
from universities.factories import CareerStaffFactory, UniversityFactory

FANOUT = "matching.tasks.project_match_fanout"


@app.task(base=IdempotentTask, name="tests.test_parked_tasks.always_fails")
def always_fails(n: int) -> None:
    raise ValueError(f"bad input {n}")


def test_a_task_that_gives_up_is_parked_and_each_give_up_waits_longer_until_a_person_is_needed(db):
    now = timezone.now()
    for failures in range(1, parked.MAX_FAILURES + 1):
        assert always_fails.apply(args=[7]).failed()
        row = ParkedTask.objects.get()
        assert (row.name, row.args, row.reason, row.failures) == (always_fails.name, [7], "gave_up", failures)
        assert "bad input 7" in row.last_error
        if failures < parked.MAX_FAILURES:
            expected = parked.redrive_delay(failures)
            assert expected == min(dt.timedelta(minutes=10) * 2 ** (failures - 1), dt.timedelta(hours=6))
            assert now + expected <= row.redrive_at <= timezone.now() + expected
    assert row.redrive_at is None  # five give-ups: it waits for a person
    assert parked.parked_task_counts() == {"broker_down": 0, "gave_up": 1, "waiting_for_a_person": 1}


def test_the_redrive_sweep_sends_only_what_is_due(db, celery_worker_process):
    now = timezone.now()
    parked.park_task(name=always_fails.name, args=[1], reason=ParkReason.GAVE_UP, error="x", now=now)
    assert parked.parked_tasks_redrive(send=app.send_task, now=now) == 0  # due in 10 minutes
    assert parked.parked_tasks_redrive(send=app.send_task, now=now + dt.timedelta(minutes=11)) == 1
    row = ParkedTask.objects.get()
    assert row.redriven_at is not None and row.redrive_at > now + dt.timedelta(minutes=11)


@pytest.mark.django_db(transaction=True)
def test_a_project_published_while_the_broker_is_down_is_told_to_its_students_once_the_broker_is_back(
    celery_worker_process, request, monkeypatch
):
    worker = celery_worker_process
    skills = [SkillFactory(name=name) for name in ("Python", "SQL")]
    project = ProjectFactory(required_skills=skills, estimated_hours=10)
    member = EmployerMemberFactory(employer=project.employer).user
    user_ids = bulk_create_students(count=5, university=UniversityFactory(), skills=skills, instant_every=100)
    notices = Notification.objects.filter(key=match_notice_key(project=project))

    request.getfixturevalue("redis_down")
    project_publish(project=project, user=member)  # commits; the fan-out cannot be queued

    row = ParkedTask.objects.get()
    assert (row.name, row.args, row.reason) == (FANOUT, [project.pk], ParkReason.BROKER_DOWN)
    assert parked.parked_tasks_redrive(send=app.send_task) == 0  # still down: it stays
    assert ParkedTask.objects.count() == 1

    _broker_back(request)
    assert parked.parked_tasks_redrive(send=app.send_task) == 1
    worker.wait_for(lambda: notices.count() == len(user_ids), timeout=120, what="the match notices")
    assert not ParkedTask.objects.exists()
    assert len(re.findall(rf"Task {re.escape(FANOUT)}\[[0-9a-f-]+\] succeeded", worker.log())) == 1


def _broker_back(request) -> None:
    """Undo the `redis_down` fixture's broker address now (its teardown would only run after the test)."""
    from tests.test_redis_outage import _forget_broker_connections

    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.undo()
    _forget_broker_connections()


@pytest.mark.django_db(transaction=True)
def test_a_redriven_task_that_succeeds_removes_its_parked_row(celery_worker_process):
    worker = celery_worker_process
    notification_ids: list[int] = []
    name = "notifications.tasks.notification_emails_send"
    parked.park_task(name=name, args=[notification_ids], reason=ParkReason.GAVE_UP, error="OperationalError")
    later = timezone.now() + dt.timedelta(hours=1)
    assert parked.parked_tasks_redrive(send=app.send_task, now=later) == 1
    worker.wait_for(lambda: not ParkedTask.objects.exists(), what="the parked row to go")


def test_the_health_check_counts_parked_tasks(client, db):
    parked.park_task(name=FANOUT, args=[1], reason=ParkReason.BROKER_DOWN)
    body = client.get("/healthz").json()
    assert body["tasks_parked"] == {"broker_down": 1, "gave_up": 0, "waiting_for_a_person": 0}


def test_site_admins_see_parked_tasks_and_queue_them_again_now(client, db):
    parked.park_task(name=always_fails.name, args=[3], reason=ParkReason.GAVE_UP, error="boom")
    row = ParkedTask.objects.get()
    ParkedTask.objects.update(failures=parked.MAX_FAILURES, redrive_at=None)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    changelist = reverse("admin:marketplace_parkedtask_changelist")
    assert always_fails.name in client.get(changelist).content.decode()
    response = client.post(
        changelist, {"action": "queue_again_now", "_selected_action": [row.pk]}, follow=True
    )
    assert "will be queued within a minute" in response.content.decode()
    row.refresh_from_db()
    assert row.failures == 0 and row.redrive_at <= timezone.now()


def test_career_staff_do_not_see_parked_tasks(client, db):
    staff = CareerStaffFactory().user
    client.force_login(staff)
    assert client.get(reverse("admin:marketplace_parkedtask_changelist")).status_code == 403
