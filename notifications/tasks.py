"""Background work on notifications (Celery): thin wrappers that call a service."""

from celery import shared_task

from notifications import emails


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def notification_emails_send(notification_ids: list[int]) -> int:
    """Email these notifications now. Each is claimed (pending → sent) before it is sent, so a redelivered
    task or a second worker sends nothing twice."""
    return emails.notification_emails_send(notification_ids=notification_ids)
