"""The audit trail of staff actions, kept with django-auditlog.

What is recorded: changes to the models listed in ``AUDITLOG_INCLUDE_TRACKING_MODELS`` (settings) made by a
staff member (site admins and career staff: verifying or unverifying a student, approving, declining or
ending a partnership, editing a student profile in the admin, its skills included, career-office
memberships, the groups and permissions a site admin gives), and explicit events that change no row, such as
a CSV export of student data (`audit_record_export`). The actor comes from the request
(`AuditActorMiddleware`) or, outside a request, from ``audit_actor(by=...)`` around a service call. Changes
students and employers make to their own data are not staff actions and are not recorded, so the log never
becomes a second copy of what a person may later erase.
"""

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from auditlog.context import auditlog_value, set_actor
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from auditlog.signals import pre_log
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import m2m_changed
from django.http import HttpRequest, HttpResponse

from accounts.models import User

# An export may hold thousands of rows: the log keeps which ones, up to this many ids.
EXPORT_IDS_KEPT = 1000


def _current_actor() -> User | None:
    try:
        actor = auditlog_value.get().get("actor")
    except LookupError:
        return None
    return actor if isinstance(actor, User) else None


def _only_staff_actions(
    sender: type[models.Model], instance: models.Model, action: int, **kwargs: Any
) -> bool:
    """pre_log receiver: returning False drops the entry (see auditlog.signals.pre_log)."""
    actor = _current_actor()
    return bool(actor is not None and actor.is_authenticated and actor.is_staff)


def _log_staff_m2m_change(field_name: str) -> Callable[..., None]:
    """An m2m_changed receiver recording what a staff member adds to or removes from ``field_name``, with
    auditlog's own entry format ({"type": "m2m", "operation": "add" | "delete", "objects": [...]})."""

    def receiver(
        sender: type, instance: models.Model, action: str, model: type, pk_set: set | None, **kwargs: Any
    ) -> None:
        operation = {"post_add": "add", "post_remove": "delete", "pre_clear": "delete"}.get(action)
        if operation is None or not _only_staff_actions(sender, instance, action):
            return
        if action == "pre_clear":
            changed = getattr(instance, field_name).all()
        else:
            changed = model._default_manager.filter(pk__in=pk_set or ())
        LogEntry.objects.log_m2m_changes(changed, instance, operation, field_name)

    return receiver


def connect() -> None:
    pre_log.connect(_only_staff_actions, dispatch_uid="accounts.audit.only_staff_actions")
    for label, field_name in settings.AUDITED_M2M_FIELDS:
        through = apps.get_model(label)._meta.get_field(field_name).remote_field.through
        m2m_changed.connect(
            _log_staff_m2m_change(field_name),
            sender=through,
            weak=False,
            dispatch_uid=f"accounts.audit.m2m.{label}.{field_name}",
        )


@contextlib.contextmanager
def _scoped() -> Iterator[None]:
    """django-auditlog leaves the last actor in its context variable after the block that set it, so a later
    change in the same thread (the next request on a worker thread, a Celery task) would be blamed on them.
    Restore what was there before once the block ends."""
    token = auditlog_value.set({})
    try:
        yield
    finally:
        auditlog_value.reset(token)


@contextlib.contextmanager
def audit_actor(*, by: User) -> Iterator[None]:
    """Record `by` as the actor of audited changes made inside the block (tasks, commands, tests)."""
    with _scoped(), set_actor(by):
        yield


class AuditActorMiddleware(AuditlogMiddleware):
    """auditlog's middleware (the signed-in user, address and port of each request), scoped to the request."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with _scoped():
            return super().__call__(request)


def audit_record_export(
    *, by: User, model: type[models.Model], object_pks: Sequence[Any], description: str
) -> LogEntry:
    """Record that `by` exported the rows `object_pks` of `model` (an "access" entry: no row changed)."""
    pks = [str(pk) for pk in object_pks]
    entry = LogEntry(
        content_type=ContentType.objects.get_for_model(model),
        object_pk="",
        object_repr=description,
        action=LogEntry.Action.ACCESS,
        actor=by,
        actor_email=by.email,
        changes_text=description,
        additional_data={"event": "csv_export", "rows": len(pks), "object_pks": pks[:EXPORT_IDS_KEPT]},
    )
    entry.save()
    return entry
