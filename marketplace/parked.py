"""Parked tasks: background work that could not be queued, or that gave up, kept until it can run again.

Two ways work would otherwise be lost:
- the broker (Redis) is down when a write commits: the write stands, but its task (a match fan-out, an
  email batch) could not be sent. ``enqueue_on_commit`` parks it instead (marketplace/tasks.py);
- a task fails after all its retries (marketplace.celery.IdempotentTask): it is parked with its error.

Every minute the redrive sweep (beat) queues what is due again: parked-for-the-broker tasks at once,
given-up tasks after a growing delay (10 minutes, doubling up to 6 hours). After ``MAX_FAILURES`` a task waits
for a person (the admin's "Queue again now"). A re-driven task carries its row's key in a message header;
when it then succeeds, its row is deleted. Tasks are idempotent, so a task both re-driven and later
delivered from its first queueing does its work once.

A write and the sending of its task are not one transaction: a process that dies between the commit and
the publish still loses the task. Emails do not depend on this (their own sweep sends any pending row).
"""

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

import kombu.exceptions
import redis.exceptions
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from marketplace.models import ParkedTask, ParkReason

logger = logging.getLogger("marketplace.tasks")

MAX_FAILURES = 5
FIRST_REDRIVE_DELAY = dt.timedelta(minutes=10)
LONGEST_REDRIVE_DELAY = dt.timedelta(hours=6)
REDRIVE_BATCH = 500
# What publishing a task raises when the broker (Redis) cannot be reached.
BROKER_DOWN_ERRORS = (
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    OSError,
)
# The message header that names the parked row a re-driven task comes from.
PARKED_KEY_HEADER = "parked_key"


def parked_key(name: str, args: list | tuple) -> str:
    return hashlib.sha256(json.dumps([name, list(args)], sort_keys=True, default=str).encode()).hexdigest()


def redrive_delay(failures: int) -> dt.timedelta:
    """10 minutes after the first give-up, doubling after each, at most 6 hours."""
    return min(FIRST_REDRIVE_DELAY * 2 ** max(failures - 1, 0), LONGEST_REDRIVE_DELAY)


def park_task(
    *, name: str, args: list | tuple, reason: str, error: str = "", now: dt.datetime | None = None
) -> bool:
    """Keep task ``name(*args)`` for the redrive sweep; True once it is stored. Never raises: the database
    may be what failed (then the error is logged and the task lost, as the log line says)."""
    now = now or timezone.now()
    key = parked_key(name, args)
    try:
        with transaction.atomic():
            row, created = ParkedTask.objects.select_for_update().get_or_create(
                key=key,
                defaults={
                    "name": name,
                    "args": list(args),
                    "reason": reason,
                    "redrive_at": now,
                    "last_error": error[:2000],
                },
            )
            if reason == ParkReason.GAVE_UP:
                row.reason = reason
                row.failures += 1
                row.last_error = error[:2000]
                row.redrive_at = now + redrive_delay(row.failures) if row.failures < MAX_FAILURES else None
                row.save(update_fields=["reason", "failures", "last_error", "redrive_at"])
            elif not created and row.redrive_at is None and row.failures < MAX_FAILURES:
                row.redrive_at = now
                row.save(update_fields=["redrive_at"])
    except Exception:
        logger.error("Could not park task %s%r: it is lost", name, tuple(args), exc_info=True)
        return False
    return True


def parked_task_done(key: str | None) -> None:
    """A re-driven task succeeded: its parked row goes."""
    if key:
        ParkedTask.objects.filter(key=key).delete()


def parked_tasks_redrive(
    *, send: Callable[..., Any], now: dt.datetime | None = None, limit: int = REDRIVE_BATCH
) -> int:
    """Queue again the parked tasks that are due with ``send`` (the Celery app's ``send_task``); returns how
    many were sent. Stops at the first broker error (the rest stay for the next run). Rows parked while the
    broker was down go once sent; given-up ones stay, due again later, until the task succeeds
    (``parked_task_done``)."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            ParkedTask.objects.select_for_update(skip_locked=True)
            .filter(redrive_at__lte=now)
            .order_by("redrive_at")[:limit]
        )
        sent_rows: list[ParkedTask] = []
        for row in due:
            kept = row.reason == ParkReason.GAVE_UP  # until the task succeeds (the header names the row)
            try:
                send(row.name, args=row.args, headers={PARKED_KEY_HEADER: row.key} if kept else {})
            except BROKER_DOWN_ERRORS:
                logger.warning(
                    "The broker is still unreachable: %d parked tasks wait", len(due) - len(sent_rows)
                )
                break
            sent_rows.append(row)
        gone = [row.pk for row in sent_rows if row.reason == ParkReason.BROKER_DOWN]
        kept_rows = [row for row in sent_rows if row.reason == ParkReason.GAVE_UP]
        for row in kept_rows:
            row.redriven_at = now
            row.redrive_at = now + redrive_delay(row.failures)
        ParkedTask.objects.filter(pk__in=gone).delete()
        ParkedTask.objects.bulk_update(kept_rows, ["redriven_at", "redrive_at"])
    return len(sent_rows)


def parked_tasks_queue_again(*, ids: list[int], now: dt.datetime | None = None) -> int:
    """A person asks for these tasks to run again now, whatever their failures (the admin action)."""
    return ParkedTask.objects.filter(id__in=ids).update(redrive_at=now or timezone.now(), failures=0)


def parked_task_counts() -> dict[str, Any]:
    """{"broker_down": n, "gave_up": n, "waiting_for_a_person": n}, for /healthz."""
    return ParkedTask.objects.aggregate(
        **{reason: Count("id", filter=Q(reason=reason)) for reason in ParkReason.values},
        waiting_for_a_person=Count("id", filter=Q(redrive_at__isnull=True)),
    )
