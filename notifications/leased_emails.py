"""Emails sent once per row (an invitation, a course invite), claimed with a lease and marked once the SMTP
server has them, outside any transaction.

A row is claimed by setting its `send_lease_until` (committed at once, `SELECT … FOR UPDATE SKIP LOCKED`), so
a redelivered task, a second worker or a sweep find it sent or held and nobody gets the same email twice; a
worker that dies mid-send leaves the lease to run out, and the owner's sweep sends it then. A row is marked
`sent_at` when the server accepted the email, `refused_at` when it refused the address for good (logged; one
bad address never holds back the rows after it). The rows' model names those three fields.
"""

import datetime as dt
import logging
import smtplib
from collections.abc import Callable, Sequence

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from notifications.emails import refused_for_good

logger = logging.getLogger(__name__)

SEND_LEASE = dt.timedelta(minutes=10)


def leased_rows_claim(
    queryset: QuerySet, *, now: dt.datetime, sendable: Q, related: Sequence[str] = ()
) -> list[models.Model]:
    """Hold the rows of `queryset` that match `sendable` and are neither sent, refused nor held by another
    worker, for SEND_LEASE; returns them with `related` joined."""
    free = Q(send_lease_until__isnull=True) | Q(send_lease_until__lt=now)
    with transaction.atomic():
        held = list(
            queryset.filter(free, sendable, sent_at__isnull=True, refused_at__isnull=True)
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        queryset.model.objects.filter(pk__in=held).update(send_lease_until=now + SEND_LEASE)
    return list(queryset.model.objects.filter(pk__in=held).select_related(*related).order_by("pk"))


def email_send_one(mail: BaseEmailBackend, message: EmailMessage) -> bool:
    """Send one email; False when the server refuses the address for good (logged). Other errors raise."""
    try:
        mail.send_messages([message])
    except smtplib.SMTPException as error:
        if not refused_for_good(error):
            raise
        logger.warning("The mail server refused the email to %s for good: %r", message.to, error)
        return False
    return True


def leased_rows_send(rows: list[models.Model], *, message_for: Callable[[models.Model], EmailMessage]) -> int:
    """Email each claimed row (`message_for` builds its email) and mark it sent or refused, releasing the
    leases of the rows not reached if anything fails; returns how many emails the server accepted."""
    if not rows:
        return 0
    model = type(rows[0])
    done = sent = 0
    try:
        with get_connection() as mail:
            for row in rows:
                accepted = email_send_one(mail, message_for(row))
                model.objects.filter(pk=row.pk, sent_at__isnull=True).update(
                    **{"sent_at" if accepted else "refused_at": timezone.now()}, send_lease_until=None
                )
                done += 1
                sent += accepted
    except BaseException:
        try:
            model.objects.filter(pk__in=[row.pk for row in rows[done:]], sent_at__isnull=True).update(
                send_lease_until=None
            )
        except Exception:  # the database may be what failed: the leases run out and the sweep takes them
            logger.warning(
                "Could not release %d unsent %s rows", len(rows) - done, model.__name__, exc_info=True
            )
        raise
    return sent
