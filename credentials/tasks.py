"""Credential tasks: thin, idempotent (the service signs nothing twice)."""

from celery import shared_task
from django.utils import timezone

from credentials.receivers import ISSUE_TASK
from credentials.selectors import engagement_ids_with_endorsements_to_add
from credentials.services import credential_issue
from marketplace.celery import IdempotentTask
from marketplace.tasks import enqueue_on_commit


@shared_task(base=IdempotentTask, name=ISSUE_TASK)
def credential_issue_task(engagement_id: int) -> None:
    """Issue (or update with the employer's now visible endorsements) an engagement's credential."""
    credential_issue(engagement_id=engagement_id)


@shared_task(base=IdempotentTask, name="credentials.tasks.credential_endorsements_refresh")
def credential_endorsements_refresh_task() -> int:
    """Hourly (beat): queue a new signature for each credential whose employer review became visible when
    the review window closed (a review written by the other side triggers it at once instead)."""
    engagement_ids = engagement_ids_with_endorsements_to_add(now=timezone.now())
    for engagement_id in engagement_ids:
        enqueue_on_commit(ISSUE_TASK, engagement_id)
    return len(engagement_ids)
