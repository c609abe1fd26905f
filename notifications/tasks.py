"""Background work on notifications (Celery): emailing them. Thin wrappers that call a service.

The domain's own scans (deadline reminders, the no-ghosting nudge and auto-close, reviews owed) live with
their domain, in applications/, engagements/ and projects/ (each app's reminders.py and tasks.py).
"""

from celery import shared_task
from django.utils import timezone

from notifications import emails
from notifications.services import EMAIL_SEND_TASK


@shared_task(name=EMAIL_SEND_TASK, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def notification_emails_send(notification_ids: list[int]) -> int:
    """Email these notifications now. Each is claimed (pending → sent) before it is sent, so a redelivered
    task or a second worker sends nothing twice."""
    return emails.notification_emails_send(notification_ids=notification_ids)


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def notification_emails_sweep() -> int:
    """Every 10 minutes: instant emails whose task was lost are sent (claimed first, so never twice)."""
    return emails.notification_emails_sweep(now=timezone.now())


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def notification_digests_send() -> int:
    """The daily digest (beat, once a day). Rows are claimed (digest → sent) before each batch is sent, so a
    second run, redelivered or overlapping, sends nothing twice."""
    return emails.notification_digests_send(now=timezone.now())
