"""Queueing background work from a request: once the transaction commits, and never failing the request.

A write that queues a task (``transaction.on_commit``) has committed by the time the task is sent; were
the broker (Redis) down, raising there would answer 500 for data already saved. ``enqueue_on_commit`` sends
the task after the commit and, if the broker cannot be reached, parks the task and its arguments in the
database (marketplace/parked.py) and carries on: the redrive sweep queues it once the broker is back.
"""

import logging
from typing import Any

from celery import Task, shared_task
from django.db import transaction

from marketplace.celery import IdempotentTask, app
from marketplace.models import ParkReason
from marketplace.parked import BROKER_DOWN_ERRORS, park_task, parked_tasks_redrive

logger = logging.getLogger("marketplace.tasks")


def send_or_park(name: str, args: list) -> bool:
    """Send task ``name`` with ``args`` to the broker; True once sent. When the broker cannot be reached the
    task is parked for the redrive sweep (logged at WARNING) and False is returned."""
    try:
        app.send_task(name, args=args)
    except BROKER_DOWN_ERRORS as error:
        logger.warning("Could not queue %s%r: the broker is unreachable; parked", name, tuple(args))
        park_task(name=name, args=args, reason=ParkReason.BROKER_DOWN, error=repr(error))
        return False
    return True


def enqueue_on_commit(task: Task | str, *args: Any) -> None:
    """Queue ``task`` (a task, or a task's name) with ``args`` once the current transaction commits (at once
    outside one); a broker outage parks the task, never raises."""
    name = task if isinstance(task, str) else task.name
    transaction.on_commit(lambda: send_or_park(name, list(args)))


@shared_task(base=IdempotentTask, name="marketplace.tasks.parked_tasks_redrive")
def parked_tasks_redrive_task() -> int:
    """Every minute (beat): queue again the parked tasks that are due (marketplace/parked.py)."""
    return parked_tasks_redrive(send=app.send_task)
