"""Deadline reminders run by a real Celery worker on Redis; the same task delivered twice emails each side
once. `deliver_twice_and_wait` is a fixture in the root conftest.py."""

import datetime as dt
from email.header import decode_header, make_header

from django.utils import timezone

from engagements.tasks import milestone_deadlines_remind
from notifications.models import Notification
from tests.engagement_world import make_engagement_world


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_an_overdue_reminder_run_twice_by_the_worker_emails_each_side_once(
    celery_worker_process, deliver_twice_and_wait
):
    w = make_engagement_world(milestones=1)
    w.engagement.milestones.update(due_date=timezone.localdate() - dt.timedelta(days=1))

    deliver_twice_and_wait(celery_worker_process, milestone_deadlines_remind, expected_emails=2)

    assert Notification.objects.count() == 2
    sent = celery_worker_process.sent_emails()
    assert sorted(message["To"] for message in sent) == sorted([w.student.email, w.employer.email])
    assert all("is overdue" in subject(message) for message in sent)
