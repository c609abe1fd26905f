"""Two saved-project deadline scans running at once (two beat processes, or a redelivered task next to the
original) remind each saver once.

The first scan records its work and holds its transaction open; the second runs meanwhile on its own
connection, so its inserts of the same (user, key), or its locks on the same rows, wait for the first to
commit. `run_overlapping` is a fixture in the root conftest.py.
"""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Notification
from projects import reminders
from projects.factories import ProjectFactory
from projects.models import SavedProject
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_overlapping_saved_deadline_scans_remind_each_saver_once(run_overlapping):
    project = ProjectFactory(published=True, application_deadline=timezone.now() + dt.timedelta(hours=20))
    for _ in range(3):
        SavedProject.objects.create(student=StudentProfileFactory(), project=project)
    assert run_overlapping(reminders.saved_project_deadlines_remind, timezone.now()) == [3, 0]
    assert Notification.objects.count() == 3
