"""Background work on engagements (Celery): thin wrappers that call a service."""

from celery import shared_task
from django.utils import timezone

from applications.services.engagements import deliverable_auto_approve_overdue


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliverables_auto_approve_overdue() -> int:
    """Approve the deliverables left unanswered too long; returns how many this run approved.

    Run hourly by celery beat (the schedule is a PeriodicTask row, editable in the admin). Idempotent:
    a redelivered or overlapping run finds them already approved, or skips engagements another holds.
    """
    return deliverable_auto_approve_overdue(now=timezone.now())
