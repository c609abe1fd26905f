"""Background work of the reports (Celery): thin wrappers that call a service."""

from celery import shared_task
from django.utils import timezone

from marketplace.celery import IdempotentTask
from reports import rollups, services


@shared_task(base=IdempotentTask)
def reports_refresh() -> int:
    """Every 10 minutes (a PeriodicTask row, editable in the admin): the current term's reports of every
    career office, recomputed so staff find them ready. Idempotent."""
    return services.reports_refresh(today=timezone.localdate())


@shared_task(base=IdempotentTask)
def reports_rollups_refresh() -> None:
    """Every 5 minutes: the rollup rows of what changed since the last refresh. Idempotent."""
    rollups.rollups_refresh()


@shared_task(base=IdempotentTask)
def reports_rollups_rebuild() -> None:
    """Every night: both rollups rebuilt from scratch. Idempotent."""
    rollups.rollups_rebuild()
