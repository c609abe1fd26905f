"""Reminder scans run by a real Celery worker on Redis; the same task delivered twice sends nothing twice."""

import datetime as dt
import re
import uuid
from email.header import decode_header, make_header

from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationEvent, ApplicationStatus
from engagements.tests.conftest import make_engagement
from notifications.models import EmailState, Notification
from notifications.tasks import milestone_deadlines_remind, unanswered_applications_close
from projects.factories import ProjectFactory


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def deliver_twice_and_wait(worker, task, expected_emails: int) -> str:
    """Send `task` with one id, wait for its emails, then deliver the same message again (as the broker does
    after a lost acknowledgement) and wait until the worker has run it a second time."""
    task_id = str(uuid.uuid4())
    task.apply_async(task_id=task_id)
    worker.wait_for(lambda: len(worker.sent_emails()) >= expected_emails, timeout=60, what="the emails")
    task.apply_async(task_id=task_id)
    finished = re.compile(rf"{re.escape(task.name)}\[{task_id}\] succeeded")
    worker.wait_for(lambda: len(finished.findall(worker.log())) == 2, timeout=60, what="the second delivery")
    worker.wait_for(
        lambda: not Notification.objects.filter(email_state=EmailState.PENDING).exists(),
        timeout=30,
        what="no email left to send",
    )
    return task_id


def test_an_overdue_reminder_run_twice_by_the_worker_emails_each_side_once(celery_worker_process):
    w = make_engagement(milestones=1)
    w.engagement.milestones.update(due_date=timezone.localdate() - dt.timedelta(days=1))

    deliver_twice_and_wait(celery_worker_process, milestone_deadlines_remind, expected_emails=2)

    assert Notification.objects.count() == 2
    sent = celery_worker_process.sent_emails()
    assert sorted(message["To"] for message in sent) == sorted([w.student.email, w.employer.email])
    assert all("is overdue" in subject(message) for message in sent)


def test_the_auto_close_run_twice_by_the_worker_closes_and_emails_once(celery_worker_process):
    application = ApplicationFactory(project=ProjectFactory(published=True))
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() - dt.timedelta(days=15))

    deliver_twice_and_wait(celery_worker_process, unanswered_applications_close, expected_emails=1)

    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.CLOSED
    assert ApplicationEvent.objects.filter(application=application).count() == 1
    assert Notification.objects.count() == 1
    (sent,) = celery_worker_process.sent_emails()
    assert sent["To"] == application.student.user.email
    assert "is closed" in subject(sent)
