"""Background work on invitations (Celery): thin wrappers that call a service. Each is idempotent: emails
are claimed before they are sent and marked once sent (`invitations.services.sending`)."""

from celery import shared_task
from django.utils import timezone

from invitations.services import sending, uploads
from marketplace.celery import IdempotentTask


@shared_task(base=IdempotentTask)
def invitation_emails_send(kind: str, invitation_ids: list[int]) -> int:
    """Email these invitations (queued on commit when staff confirm an upload or invite a business)."""
    return sending.invitation_emails_send(kind=kind, ids=invitation_ids)


@shared_task(base=IdempotentTask)
def invitation_emails_sweep() -> int:
    """Every 10 minutes (beat): invitations whose task was lost, or whose worker died mid-send, are sent."""
    return sending.invitation_emails_sweep(now=timezone.now())


@shared_task(base=IdempotentTask)
def business_invitations_remind() -> int:
    """Hourly (beat): business invitations unanswered 7 days after they were sent are reminded, once."""
    return sending.business_invitations_remind(now=timezone.now())


@shared_task(base=IdempotentTask)
def invitation_uploads_prune() -> int:
    """Daily (beat): uploads left unconfirmed for two days are deleted with the personal data they hold."""
    return uploads.invitation_uploads_prune(now=timezone.now())
