"""Queueing background work from a request: once the transaction commits, and never failing the request.

A write that queues a task (``transaction.on_commit``) has committed by the time the task is sent; were
the broker (Redis) down, raising there would answer 500 for data already saved. ``enqueue_on_commit`` sends
the task after the commit and, if the broker cannot be reached, logs the task and its arguments at ERROR and
carries on: the domain's beat sweep re-drives the work when there is one (pending emails: the email sweep).
"""

import logging
from collections.abc import Callable
from typing import Any

import kombu.exceptions
import redis.exceptions
from celery import Task
from django.db import transaction

logger = logging.getLogger("marketplace.tasks")

BROKER_DOWN_ERRORS = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
)


def send_safely(send: Callable[[], Any], what: str) -> bool:
    """Call ``send`` (one publish to the broker); False, logged, when the broker cannot be reached."""
    try:
        send()
    except BROKER_DOWN_ERRORS:
        logger.error("Could not queue %s: the broker is unreachable; left to its sweep", what, exc_info=True)
        return False
    return True


def enqueue_on_commit(task: Task | str, *args: Any) -> None:
    """Queue ``task`` (a task, or a task's name sent with ``send_task``) with ``args`` once the current
    transaction commits (at once outside one); a broker outage is logged, never raised."""

    def send() -> None:
        if isinstance(task, str):
            from marketplace.celery import app

            send_safely(lambda: app.send_task(task, args=list(args)), f"{task}{args!r}")
        else:
            send_safely(lambda: task.apply_async(args=args), f"{task.name}{args!r}")

    transaction.on_commit(send)
