"""Background work on notifications (Celery): emailing them. Thin wrappers that call a service.

The domain's own scans (deadline reminders, the no-ghosting nudge and auto-close, reviews owed) live with
their domain, in applications/, engagements/ and projects/ (each app's reminders.py and tasks.py).
"""

from celery import shared_task
from django.utils import timezone

from marketplace.celery import IdempotentTask
from notifications import emails
from notifications.services import EMAIL_SEND_TASK


@shared_task(base=IdempotentTask, name=EMAIL_SEND_TASK)
def notification_emails_send(notification_ids: list[int]) -> int:
    """Email these notifications now. Each is claimed with a lease (pending → sending) and marked sent once
    the SMTP server has it, so a redelivered task or a second worker sends nothing twice, and the sweep
    sends what a dead worker left."""
    return emails.notification_emails_send(notification_ids=notification_ids)


@shared_task(base=IdempotentTask)
def notification_emails_sweep() -> int:
    """Every 10 minutes: emails whose task was lost, or whose worker died mid-send (lease run out), are sent
    (claimed first, so by one worker)."""
    return emails.notification_emails_sweep(now=timezone.now())


@shared_task(base=IdempotentTask)
def notification_digests_send() -> int:
    """The daily digest (beat, once a day). Rows are claimed with a lease (digest → digesting) before each
    batch is sent, so a second run, redelivered or overlapping, sends nothing twice."""
    return emails.notification_digests_send(now=timezone.now())
