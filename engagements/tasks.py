"""Background work on engagements (Celery): thin wrappers that call a service."""

from celery import shared_task
from django.utils import timezone

from engagements.services import deliverable_auto_approve_overdue


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliverables_auto_approve_overdue() -> int:
    """Approve the deliverables left unanswered too long; returns how many this run approved.

    Run hourly by celery beat (the schedule is a PeriodicTask row, editable in the admin). Idempotent:
    a redelivered or overlapping run finds them already approved, or skips engagements another holds.
    """
    return deliverable_auto_approve_overdue(now=timezone.now())


@shared_task(
    name="applications.tasks.deliverables_auto_approve_overdue",
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
)
def deliverables_auto_approve_overdue_old_name() -> int:
    """The same task under its name before engagements became an app, for messages queued before the
    upgrade (and a schedule not yet migrated). Remove in the release after next."""
    return deliverable_auto_approve_overdue(now=timezone.now())
