"""Background work on projects (Celery): thin wrappers that call a service."""

from celery import shared_task
from django.utils import timezone

from marketplace.celery import IdempotentTask
from projects import reminders
from projects.services import project_close_expired


@shared_task(base=IdempotentTask)
def projects_close_expired() -> int:
    """Hourly (beat): close the open projects whose application deadline has passed; returns how many.
    One conditional UPDATE, so a redelivered or overlapping run closes each project once."""
    return project_close_expired(now=timezone.now())


@shared_task(base=IdempotentTask)
def saved_project_deadlines_remind() -> int:
    """Hourly (beat): students who saved a project and have not applied, before its application deadline.
    Each saver is told once per project, so a redelivered or overlapping run tells nobody twice."""
    return reminders.saved_project_deadlines_remind(now=timezone.now())


@shared_task(base=IdempotentTask, name="notifications.tasks.saved_project_deadlines_remind")
def saved_project_deadlines_remind_old_name() -> int:
    """The same task under its name from before it moved out of notifications, for messages queued before
    the upgrade (and a schedule not yet migrated). Remove in the release after next."""
    return reminders.saved_project_deadlines_remind(now=timezone.now())
