"""Two no-ghosting scans running at once (two beat processes, or a redelivered task next to the original)
nudge once and close each application once.

The first scan records its work and holds its transaction open; the second runs meanwhile on its own
connection, so its inserts of the same (user, key), or its locks on the same rows, wait for the first to
commit. `run_overlapping` is a fixture in the root conftest.py.
"""

import datetime as dt

import pytest
from django.utils import timezone

from applications import reminders
from applications.factories import ApplicationFactory
from applications.models import Application
from employers.factories import EmployerMemberFactory
from notifications.models import Notification
from projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_overlapping_nudges_nudge_once(run_overlapping):
    project = ProjectFactory(published=True)
    EmployerMemberFactory(employer=project.employer)
    application = ApplicationFactory(project=project)
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() - dt.timedelta(days=6))
    assert run_overlapping(reminders.waiting_applicants_nudge, timezone.now()) == [1, 0]
    assert Notification.objects.count() == 1


def test_two_overlapping_auto_close_scans_close_and_tell_once(run_overlapping):
    project = ProjectFactory(published=True)
    applications = [ApplicationFactory(project=project) for _ in range(3)]
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        created_at=timezone.now() - dt.timedelta(days=15)
    )
    assert run_overlapping(reminders.unanswered_applications_close, timezone.now()) == [3, 0]
    assert Notification.objects.count() == 3
