"""Background work on applications (Celery): the no-ghosting scans, thin wrappers that call a service.

Run daily by celery beat (PeriodicTask rows, editable in the admin). Each is idempotent: a redelivered task or
an overlapping run nudges nobody twice and closes each application once.
"""

from celery import shared_task
from django.utils import timezone

from applications import reminders
from marketplace.celery import IdempotentTask


@shared_task(base=IdempotentTask)
def waiting_applicants_nudge() -> int:
    """Daily: employers with applicants waiting too long for an answer."""
    return reminders.waiting_applicants_nudge(now=timezone.now())


@shared_task(base=IdempotentTask)
def unanswered_applications_close() -> int:
    """Daily: close applications left unanswered too long, each with a kind note to the student."""
    return reminders.unanswered_applications_close(now=timezone.now())


# The same tasks under their names from before the scans moved out of notifications, for messages queued
# before the upgrade (and a schedule not yet migrated). Remove in the release after next.


@shared_task(base=IdempotentTask, name="notifications.tasks.waiting_applicants_nudge")
def waiting_applicants_nudge_old_name() -> int:
    return reminders.waiting_applicants_nudge(now=timezone.now())


@shared_task(base=IdempotentTask, name="notifications.tasks.unanswered_applications_close")
def unanswered_applications_close_old_name() -> int:
    return reminders.unanswered_applications_close(now=timezone.now())
