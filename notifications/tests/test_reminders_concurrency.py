"""Two scans running at once (two beat processes, or a redelivered task next to the original) send once.

The first scan records its notices and holds its transaction open; the second runs meanwhile on its own
connection, so its inserts of the same (user, key) wait for the first to commit and then insert nothing.
"""

import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import Application
from employers.factories import EmployerMemberFactory
from engagements.tests.conftest import make_engagement
from notifications import reminders
from notifications.models import Notification
from projects.factories import ProjectFactory
from projects.models import SavedProject
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_overlapping(scan: Callable[..., object], now: dt.datetime) -> list:
    """Run `scan` twice at once; return [first's count, second's count]."""
    first_done = threading.Event()
    counts: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                counts["first"] = scan(now=now)
                first_done.set()
                threading.Event().wait(0.5)  # hold the transaction while the second scan runs
        finally:
            first_done.set()
            connection.close()

    def second() -> None:
        try:
            first_done.wait(10)
            counts["second"] = scan(now=now)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return [counts.get("first"), counts.get("second")]


def test_two_overlapping_saved_deadline_scans_remind_each_saver_once():
    project = ProjectFactory(published=True, application_deadline=timezone.now() + dt.timedelta(hours=20))
    for _ in range(3):
        SavedProject.objects.create(student=StudentProfileFactory(), project=project)
    assert run_overlapping(reminders.saved_project_deadlines_remind, timezone.now()) == [3, 0]
    assert Notification.objects.count() == 3


def test_two_overlapping_overdue_scans_tell_each_side_once():
    w = make_engagement(milestones=2)
    w.engagement.milestones.update(due_date=timezone.localdate() - dt.timedelta(days=1))
    assert run_overlapping(reminders.milestone_deadlines_remind, timezone.now()) == [4, 0]
    assert Notification.objects.count() == 4


def test_two_overlapping_nudges_nudge_once():
    project = ProjectFactory(published=True)
    EmployerMemberFactory(employer=project.employer)
    application = ApplicationFactory(project=project)
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() - dt.timedelta(days=6))
    assert run_overlapping(reminders.waiting_applicants_nudge, timezone.now()) == [1, 0]
    assert Notification.objects.count() == 1


def test_two_overlapping_auto_close_scans_close_and_tell_once():
    project = ProjectFactory(published=True)
    applications = [ApplicationFactory(project=project) for _ in range(3)]
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        created_at=timezone.now() - dt.timedelta(days=15)
    )
    assert run_overlapping(reminders.unanswered_applications_close, timezone.now()) == [3, 0]
    assert Notification.objects.count() == 3
