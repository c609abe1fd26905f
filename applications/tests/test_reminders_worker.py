"""The auto-close scan run by a real Celery worker on Redis; the same task delivered twice closes and emails
once. `deliver_twice_and_wait` is a fixture in the root conftest.py."""

import datetime as dt
from email.header import decode_header, make_header

from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationEvent, ApplicationStatus
from applications.tasks import unanswered_applications_close
from notifications.models import Notification
from projects.factories import ProjectFactory


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_the_auto_close_run_twice_by_the_worker_closes_and_emails_once(
    celery_worker_process, deliver_twice_and_wait
):
    application = ApplicationFactory(project=ProjectFactory(published=True))
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() - dt.timedelta(days=15))

    deliver_twice_and_wait(celery_worker_process, unanswered_applications_close, expected_emails=1)

    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.CLOSED
    assert ApplicationEvent.objects.filter(application=application).count() == 1
    assert Notification.objects.count() == 1
    (sent,) = celery_worker_process.sent_emails()
    assert sent["To"] == application.student.user.email
    assert "is closed" in subject(sent)
