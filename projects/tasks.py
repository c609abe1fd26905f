"""Background work on projects (Celery): thin wrappers that call a service."""

from celery import shared_task
from django.utils import timezone

from projects.services import project_close_expired


@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def projects_close_expired() -> int:
    """Hourly (beat): close the open projects whose application deadline has passed; returns how many.
    One conditional UPDATE, so a redelivered or overlapping run closes each project once."""
    return project_close_expired(now=timezone.now())
