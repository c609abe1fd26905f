"""Background work on engagements (Celery): thin wrappers that call a service."""

from celery import shared_task
from django.utils import timezone

from engagements import reminders
from engagements.services import deliverable_auto_approve_overdue
from marketplace.celery import IdempotentTask


@shared_task(base=IdempotentTask)
def deliverables_auto_approve_overdue() -> int:
    """Approve the deliverables left unanswered too long; returns how many this run approved.

    Run hourly by celery beat (the schedule is a PeriodicTask row, editable in the admin). Idempotent:
    a redelivered or overlapping run finds them already approved, or skips engagements another holds.
    """
    return deliverable_auto_approve_overdue(now=timezone.now())


@shared_task(base=IdempotentTask, name="applications.tasks.deliverables_auto_approve_overdue")
def deliverables_auto_approve_overdue_old_name() -> int:
    """The same task under its name before engagements became an app, for messages queued before the
    upgrade (and a schedule not yet migrated). Remove in the release after next."""
    return deliverable_auto_approve_overdue(now=timezone.now())


# Reminders: scans run by celery beat (PeriodicTask rows, editable in the admin). Each is idempotent: every
# notice has a key told once per user, so a redelivered task or an overlapping run tells nobody twice.


@shared_task(base=IdempotentTask)
def milestone_deadlines_remind() -> int:
    """Hourly: milestones due soon (the student) and overdue (both sides)."""
    return reminders.milestone_deadlines_remind(now=timezone.now())


@shared_task(base=IdempotentTask)
def engagement_deadlines_remind() -> int:
    """Hourly: engagements due soon (the student) and overdue (both sides)."""
    return reminders.engagement_deadlines_remind(now=timezone.now())


@shared_task(base=IdempotentTask)
def owed_reviews_remind() -> int:
    """Daily: sides that have not reviewed a few days after the work ended."""
    return reminders.owed_reviews_remind(now=timezone.now())


# The reminders under their names from before they moved out of notifications, for messages queued before
# the upgrade (and a schedule not yet migrated). Remove in the release after next.


@shared_task(base=IdempotentTask, name="notifications.tasks.milestone_deadlines_remind")
def milestone_deadlines_remind_old_name() -> int:
    return reminders.milestone_deadlines_remind(now=timezone.now())


@shared_task(base=IdempotentTask, name="notifications.tasks.engagement_deadlines_remind")
def engagement_deadlines_remind_old_name() -> int:
    return reminders.engagement_deadlines_remind(now=timezone.now())


@shared_task(base=IdempotentTask, name="notifications.tasks.owed_reviews_remind")
def owed_reviews_remind_old_name() -> int:
    return reminders.owed_reviews_remind(now=timezone.now())
