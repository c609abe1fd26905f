"""Background work on courses (Celery): thin wrappers that call a service, each safe to run again."""

from celery import shared_task
from django.utils import timezone

from courses import reminders
from courses.services import invite_emails
from marketplace.celery import IdempotentTask


@shared_task(base=IdempotentTask, name=invite_emails.SEND_TASK)
def course_invite_emails_send(invite_ids: list[int]) -> int:
    """Email the roster's new invitees (queued on commit when faculty confirm a roster import)."""
    return invite_emails.course_invite_emails_send(ids=invite_ids)


# Credit reminders: scans run daily by celery beat (PeriodicTask rows, editable in the admin; see
# courses/migrations/0005_credit_reminder_schedule.py). Each claims its rows by stamping them, so a
# redelivered task or an overlapping run tells nobody twice.


@shared_task(base=IdempotentTask)
def credit_evaluations_remind() -> int:
    """Daily: employers who have not evaluated a student 3 days after credited work completed."""
    return reminders.credit_evaluations_remind(now=timezone.now())


@shared_task(base=IdempotentTask)
def credit_reflections_remind() -> int:
    """Daily: students who have not reflected 3 days after their credited work completed."""
    return reminders.credit_reflections_remind(now=timezone.now())


@shared_task(base=IdempotentTask)
def credit_sign_offs_remind() -> int:
    """Daily: instructors with credit whose evaluation and reflection have been in for a week."""
    return reminders.credit_sign_offs_remind(now=timezone.now())


@shared_task(base=IdempotentTask)
def course_invite_emails_sweep() -> int:
    """Email the roster invitees whose task was lost (scheduled every 10 minutes)."""
    return invite_emails.course_invite_emails_sweep(now=timezone.now())
