"""Background work on notifications (Celery): thin wrappers that call a service."""

from celery import shared_task
from django.utils import timezone

from notifications import emails, reminders


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
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


# Reminders: scans run by celery beat (PeriodicTask rows, editable in the admin). Each is idempotent: every
# notice has a key told once per user, so a redelivered task or an overlapping run tells nobody twice.


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def saved_project_deadlines_remind() -> int:
    """Hourly: students who saved a project and have not applied, before its application deadline."""
    return reminders.saved_project_deadlines_remind(now=timezone.now())


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def milestone_deadlines_remind() -> int:
    """Hourly: milestones due soon (the student) and overdue (both sides)."""
    return reminders.milestone_deadlines_remind(now=timezone.now())


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def engagement_deadlines_remind() -> int:
    """Hourly: engagements due soon (the student) and overdue (both sides)."""
    return reminders.engagement_deadlines_remind(now=timezone.now())


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def waiting_applicants_nudge() -> int:
    """Daily: employers with applicants waiting too long for an answer."""
    return reminders.waiting_applicants_nudge(now=timezone.now())


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def unanswered_applications_close() -> int:
    """Daily: close applications left unanswered too long, each with a kind note to the student."""
    return reminders.unanswered_applications_close(now=timezone.now())


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def owed_reviews_remind() -> int:
    """Daily: sides that have not reviewed a few days after the work ended."""
    return reminders.owed_reviews_remind(now=timezone.now())
