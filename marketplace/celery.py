"""The Celery app, and the one retry policy every task of the project uses (``IdempotentTask``)."""

import logging
import os

import kombu.exceptions
import psycopg
import redis.exceptions
from celery import Celery, Task
from django import db

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")

app = Celery("marketplace")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger("marketplace.tasks")

# Errors that go away by themselves: PostgreSQL refusing a connection ("too many clients", a restart, a
# failover), a connection dropped mid-task, a deadlock or lock timeout, the broker (Redis) unreachable for a
# moment. Django wraps psycopg's errors in its own; the raw ones are listed for code that talks to psycopg.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    db.OperationalError,
    db.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)


class IdempotentTask(Task):
    """The base of every task here (``@shared_task(base=IdempotentTask)``): tasks safe to run again.

    Acknowledged only once done (a worker lost mid-task has it redelivered) and retried on
    TRANSIENT_ERRORS with exponential backoff and full jitter: 1, 2, 4… seconds up to 5 minutes, 10 retries,
    about 20 minutes in all, so a one-second "too many clients" costs a retry rather than the work. A task
    that gives up is logged at ERROR (with its arguments) and parked in the database, where the redrive
    sweep queues it again later and the admin and /healthz show it (marketplace/parked.py).
    """

    acks_late = True
    reject_on_worker_lost = True
    ignore_result = True
    autoretry_for = TRANSIENT_ERRORS
    retry_backoff = 1
    retry_backoff_max = 300
    retry_jitter = True
    max_retries = 10

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        from marketplace.models import ParkReason
        from marketplace.parked import park_task

        retries = self.request.retries
        logger.error(
            "Task %s[%s] failed for good after %d retr%s: %r (args=%r, kwargs=%r); parked",
            self.name, task_id, retries, "y" if retries == 1 else "ies", exc, args, kwargs,
            exc_info=(type(exc), exc, exc.__traceback__),
        )  # fmt: skip
        if not kwargs:  # every task of the project takes positional arguments only
            park_task(name=self.name, args=list(args or ()), reason=ParkReason.GAVE_UP, error=repr(exc))
        super().on_failure(exc, task_id, args, kwargs, einfo)

    def on_success(self, retval, task_id, args, kwargs) -> None:
        from marketplace.parked import PARKED_KEY_HEADER, parked_task_done

        parked_task_done(self.request.get(PARKED_KEY_HEADER))
        super().on_success(retval, task_id, args, kwargs)
