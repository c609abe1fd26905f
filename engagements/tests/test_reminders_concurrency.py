"""Two deadline scans running at once (two beat processes, or a redelivered task next to the original) tell
each side once.

The first scan records its work and holds its transaction open; the second runs meanwhile on its own
connection, so its inserts of the same (user, key), or its locks on the same rows, wait for the first to
commit. `run_overlapping` is a fixture in the root conftest.py.
"""

import datetime as dt

import pytest
from django.utils import timezone

from engagements import reminders
from notifications.models import Notification
from tests.engagement_world import make_engagement_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_overlapping_overdue_scans_tell_each_side_once(run_overlapping):
    w = make_engagement_world(milestones=2)
    w.engagement.milestones.update(due_date=timezone.localdate() - dt.timedelta(days=1))
    assert run_overlapping(reminders.milestone_deadlines_remind, timezone.now()) == [4, 0]
    assert Notification.objects.count() == 4
