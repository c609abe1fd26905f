"""Emailing notifications: one email per notice for kinds set to "instantly", one daily digest for the rest.

Each email is sent at least once and in practice once, whenever a worker dies. Rows are claimed with a lease
(pending → sending, digest → digesting, ``email_lease_until`` set, ``email_attempts`` counted) by one
``UPDATE … RETURNING`` that commits on its own: two workers, a redelivered task or two digest runs at once
each get different rows. A row is marked sent only once the SMTP server has accepted its email, one email at
a time, so a worker killed mid-batch leaves the rest still held; once the lease has run out, the email sweep
sends them again. The one window left, between the server's "accepted" and the row's update, can send an
email twice; every email carries a Message-ID derived from its notices, so a re-send is recognisable (and
mail systems that deduplicate on it drop it). Nothing here runs inside a transaction, so no email waits on
(or is sent for) data that might roll back. An email the server refuses for good (5xx for its recipient or
its content) is marked failed and the batch goes on; one claimed MAX_EMAIL_ATTEMPTS times without being
accepted is given up (failed) by the sweep, so nothing is tried for ever.

Every email has a text and an HTML part, a link to the notice on the site, the reason it was sent, a signed
one-click unsubscribe link (also in the ``List-Unsubscribe`` headers, RFC 8058) and a link to the settings.
"""

import datetime as dt
import hashlib
import logging
import smtplib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from marketplace.context_processors import site as site_context
from notifications.models import Delivery, EmailState, Notification, NotificationKind
from notifications.selectors import notification_digest_user_ids
from notifications.services import notification_unsubscribe_token

logger = logging.getLogger(__name__)

# Users per digest batch: each batch is one claim, one read and one SMTP connection, so memory stays bounded.
DIGEST_USER_BATCH = 200
# A digest lists at most this many notices of each kind; the rest wait in the notification centre.
DIGEST_ITEMS_PER_KIND = 10
# How long a worker holds the emails it claimed before the sweep may send them again. Longer than a task may
# run (CELERY_TASK_TIME_LIMIT, 5 minutes), so a worker still alive never has its emails taken over.
EMAIL_LEASE = dt.timedelta(minutes=10)
# An email claimed this many times without the SMTP server accepting it is given up (email_state "failed"):
# the server keeps answering with a temporary error, or every worker sending it dies.
MAX_EMAIL_ATTEMPTS = 8

_TABLE = Notification._meta.db_table

# A row whose lease has run out is claimed again: its worker died before the SMTP server accepted it.
_CLAIM_SQL = f"""
    UPDATE {_TABLE}
       SET email_state = '{EmailState.SENDING}', email_lease_until = %(lease_until)s,
           email_attempts = email_attempts + 1
     WHERE id = ANY(%(ids)s)
       AND email_attempts < {MAX_EMAIL_ATTEMPTS}
       AND (email_state = '{EmailState.PENDING}'
            OR (email_state = '{EmailState.SENDING}' AND email_lease_until < %(now)s))
 RETURNING id
"""

# SKIP LOCKED: a second run at the same moment passes over the rows this one is claiming instead of waiting
# for them (or deadlocking on them), and finds them held once this one commits.
_CLAIM_DIGEST_SQL = f"""
      WITH claimable AS (
           SELECT id FROM {_TABLE}
            WHERE user_id = ANY(%(user_ids)s)
              AND email_attempts < {MAX_EMAIL_ATTEMPTS}
              AND ((email_state = '{EmailState.DIGEST}' AND created_at <= %(now)s)
                   OR (email_state = '{EmailState.DIGESTING}' AND email_lease_until < %(now)s))
              FOR UPDATE SKIP LOCKED
      )
    UPDATE {_TABLE} AS notification
       SET email_state = '{EmailState.DIGESTING}', email_lease_until = %(lease_until)s,
           email_attempts = notification.email_attempts + 1
      FROM claimable
     WHERE notification.id = claimable.id
 RETURNING notification.id
"""


def site_url() -> str:
    """The site's address for links in emails, which are sent by workers with no request to ask.

    ``settings.MARKETPLACE["SITE_URL"]`` when set; else https on the first allowed host (production always
    lists its host); else the development server.
    """
    configured = settings.MARKETPLACE.get("SITE_URL")
    if configured:
        return configured.rstrip("/")
    hosts = [host for host in settings.ALLOWED_HOSTS if host not in {"*", "testserver"}]
    if hosts and not settings.DEBUG:
        return f"https://{hosts[0].lstrip('.')}"
    return "http://localhost:8000"


def absolute_url(path: str) -> str:
    """A notice's url (a path on this site) as a full address; full addresses are kept as they are."""
    return urljoin(site_url() + "/", path or reverse("notifications:centre"))


def unsubscribe_url(*, user_id: int, kinds: Sequence[str]) -> str:
    token = notification_unsubscribe_token(user_id=user_id, kinds=kinds)
    return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": token}))


def email_message_id(local_part: str) -> str:
    """A Message-ID (RFC 5322) that is the same each time the same email is sent."""
    return f"<{local_part}@{urlsplit(site_url()).hostname or 'localhost'}>"


def email_subject(text: str) -> str:
    """A subject line with the site's prefix, as every email of ours starts."""
    return f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{text}"


def _message(
    *, to: User, subject: str, template: str, context: dict, unsubscribe: str, message_id: str
) -> EmailMultiAlternatives:
    context = {
        **site_context(None),
        **context,
        "recipient": to,
        "unsubscribe_url": unsubscribe,
        "settings_url": absolute_url(reverse("notifications:settings")),
        "centre_url": absolute_url(reverse("notifications:centre")),
    }
    message = EmailMultiAlternatives(
        subject=email_subject(subject),
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[to.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": message_id,
        },
    )
    message.attach_alternative(render_to_string(f"notifications/email/{template}.html", context), "text/html")
    return message


def notice_email(notification: Notification) -> EmailMultiAlternatives:
    """The instant email of one notification (its user is loaded with it)."""
    return _message(
        to=notification.user,
        subject=notification.title,
        template="notice",
        context={
            "notification": notification,
            "url": absolute_url(notification.url),
            "kind_label": notification.get_kind_display(),
            "reason_kinds": notification.get_kind_display(),
            "delivery_label": Delivery.INSTANT.label,
        },
        unsubscribe=unsubscribe_url(user_id=notification.user_id, kinds=[notification.kind]),
        message_id=email_message_id(f"notification-{notification.public_id}"),
    )


@dataclass
class DigestGroup:
    kind: str
    label: str
    items: list[dict]
    more: int
    unsubscribe_url: str


def digest_email(*, user: User, notifications: Sequence[Notification]) -> EmailMultiAlternatives:
    """One email listing ``notifications`` (all the user's), grouped by kind, the liveliest kind first and
    each kind's newest first. Its one-click unsubscribe turns off every kind it lists."""
    labels = dict(NotificationKind.choices)
    ordered = sorted(notifications, key=lambda n: (n.created_at, n.id), reverse=True)
    kinds = list(dict.fromkeys(n.kind for n in ordered))
    by_kind = {kind: [n for n in ordered if n.kind == kind] for kind in kinds}
    groups = [
        DigestGroup(
            kind=kind,
            label=labels.get(kind, kind),
            items=[
                {"notification": n, "url": absolute_url(n.url)} for n in by_kind[kind][:DIGEST_ITEMS_PER_KIND]
            ],
            more=max(0, len(by_kind[kind]) - DIGEST_ITEMS_PER_KIND),
            unsubscribe_url=unsubscribe_url(user_id=user.pk, kinds=[kind]),
        )
        for kind in kinds
    ]
    count = len(ordered)
    return _message(
        to=user,
        subject=f"Your daily digest: {count} update{'' if count == 1 else 's'}",
        template="digest",
        context={
            "groups": groups,
            "count": count,
            "reason_kinds": "”, “".join(group.label for group in groups),
            "delivery_label": Delivery.DIGEST.label,
        },
        unsubscribe=unsubscribe_url(user_id=user.pk, kinds=kinds),
        # The same notices make the same digest, whichever run (or re-send after a lost worker) sends it.
        message_id=email_message_id(
            "digest-"
            + hashlib.sha256(" ".join(sorted(str(n.public_id) for n in ordered)).encode()).hexdigest()[:32]
        ),
    )


def _claim(sql: str, params: dict) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def notification_emails_claim(*, notification_ids: list[int], now: dt.datetime | None = None) -> list[int]:
    """Hold these notifications for sending (pending → sending, leased until ``now`` + EMAIL_LEASE) and
    return the ones this caller claimed: the rest are sent, held by another worker, or not to be emailed."""
    now = now or timezone.now()
    return _claim(_CLAIM_SQL, {"now": now, "lease_until": now + EMAIL_LEASE, "ids": list(notification_ids)})


def _settle(ids: Iterable[int], *, state: str, held: Sequence[str], now: dt.datetime | None = None) -> None:
    """Move held rows on: to sent (with the time), back to where they waited, or to not emailed."""
    ids = list(ids)
    if ids:
        Notification.objects.filter(id__in=ids, email_state__in=held).update(
            email_state=state, email_lease_until=None, **({"emailed_at": now} if now else {})
        )


def refused_for_good(error: smtplib.SMTPException) -> bool:
    """The server refused this one email permanently (5xx): every recipient, or its content. Not a refusal
    of the sender or the login, which would refuse every email and is the operator's to fix."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


def _send_one(mail: BaseEmailBackend, message: EmailMultiAlternatives) -> str:
    """Send one email; its rows' next state: sent, failed (refused for good, logged) or none (no recipient).
    Any other error is raised."""
    try:
        accepted = mail.send_messages([message])  # 0 only for an email with no recipient
    except smtplib.SMTPException as error:
        if not refused_for_good(error):
            raise
        logger.warning("The mail server refused %s for good: %r", message.to, error)
        return EmailState.FAILED
    return EmailState.SENT if accepted else EmailState.NONE


def _send_and_mark(messages: Iterable[tuple[EmailMultiAlternatives, list[int]]], *, release_to: str) -> int:
    """Send each (email, the notification ids it tells) over one SMTP connection, marking its rows sent as
    soon as the server has accepted it (failed if it refused that email for good). On any other error the
    rows not sent yet go back to ``release_to`` (a retry or the sweep takes them) and the error is raised; a
    worker that dies leaves them to their lease."""
    messages = list(messages)
    if not messages:
        return 0
    held = (EmailState.SENDING, EmailState.DIGESTING)
    done = sent = 0
    try:
        with get_connection() as mail:
            for message, ids in messages:
                state = _send_one(mail, message)
                _settle(ids, state=state, held=held, now=timezone.now())
                done += 1
                sent += state == EmailState.SENT
    except BaseException:
        try:
            _settle((i for _, ids in messages[done:] for i in ids), state=release_to, held=held)
        except Exception:  # the database may be what failed: the lease runs out and the sweep takes them
            logger.warning("Could not release %d unsent emails", len(messages) - done, exc_info=True)
        raise
    return sent


def _held_for_active_users(claimed: list[int]) -> list[Notification]:
    """The claimed rows of active users, users loaded; the others are not emailed (deactivated since)."""
    rows = list(
        Notification.objects.filter(id__in=claimed, user__is_active=True)
        .select_related("user")
        .order_by("user_id", "id")
    )
    kept = {row.id for row in rows}
    _settle(
        (i for i in claimed if i not in kept),
        state=EmailState.NONE,
        held=(EmailState.SENDING, EmailState.DIGESTING),
    )
    return rows


def notification_emails_send(*, notification_ids: list[int], now: dt.datetime | None = None) -> int:
    """Send the instant email of each notification not yet sent (nor held by another worker), over one
    connection; returns how many this call sent. Users who have been deactivated since are not written to."""
    claimed = notification_emails_claim(notification_ids=notification_ids, now=now)
    if not claimed:
        return 0
    return _send_and_mark(
        ((notice_email(n), [n.id]) for n in _held_for_active_users(claimed)), release_to=EmailState.PENDING
    )


def _digests_send_to(*, user_ids: list[int], now: dt.datetime) -> int:
    """One batch of digests: claim these users' waiting rows (and their digests left by a lost worker), read
    them, send one email per user over one connection."""
    claimed = _claim(_CLAIM_DIGEST_SQL, {"now": now, "lease_until": now + EMAIL_LEASE, "user_ids": user_ids})
    if not claimed:
        return 0
    by_user = (list(group) for _, group in groupby(_held_for_active_users(claimed), key=lambda n: n.user_id))
    return _send_and_mark(
        ((digest_email(user=rows[0].user, notifications=rows), [n.id for n in rows]) for rows in by_user),
        release_to=EmailState.DIGEST,
    )


def notification_digests_send(*, now: dt.datetime, batch_size: int = DIGEST_USER_BATCH) -> int:
    """Send each user with notices waiting for the digest one email listing them; returns emails sent.

    Users are taken in batches by id: per batch, one UPDATE claims their waiting rows created up to ``now``
    (so a second run, at once or later, finds none of them), one query reads what was claimed, one SMTP
    connection sends the batch and one UPDATE per email marks its rows sent. No transaction is held open
    around the sending.
    """
    sent = 0
    after = 0
    while True:
        user_ids = notification_digest_user_ids(after_user_id=after, limit=batch_size)
        if not user_ids:
            return sent
        after = user_ids[-1]
        sent += _digests_send_to(user_ids=user_ids, now=now)


STRANDED_AFTER = dt.timedelta(minutes=10)


def _give_up_emails_out_of_attempts(*, now: dt.datetime) -> None:
    waiting = Q(email_state__in=[EmailState.PENDING, EmailState.DIGEST]) | Q(
        email_state__in=[EmailState.SENDING, EmailState.DIGESTING], email_lease_until__lt=now
    )
    given_up = Notification.objects.filter(waiting, email_attempts__gte=MAX_EMAIL_ATTEMPTS).update(
        email_state=EmailState.FAILED, email_lease_until=None
    )
    if given_up:
        logger.error("Gave up %d emails after %d attempts each", given_up, MAX_EMAIL_ATTEMPTS)


EMAIL_SWEEP_BATCH = 500


def notification_emails_sweep(*, now: dt.datetime, limit: int = 5000) -> int:
    """Send the emails whose worker or task was lost; returns how many were sent.

    - Instant emails left pending: their task was lost (a worker died between committing the notice and
      queueing its email, the broker was down at commit, or the task gave up). Only rows older than
      STRANDED_AFTER, so the normal task always goes first.
    - Emails whose lease has run out (sending or digesting past ``email_lease_until``): the worker that held
      them died before the SMTP server accepted them. Each digest goes out again to its user.
    The claims keep every email to one sender either way. Emails claimed MAX_EMAIL_ATTEMPTS times are
    given up (failed) rather than tried for ever."""
    _give_up_emails_out_of_attempts(now=now)
    stranded = list(
        Notification.objects.filter(email_state=EmailState.PENDING, created_at__lt=now - STRANDED_AFTER)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    stranded += (
        Notification.objects.filter(email_state=EmailState.SENDING, email_lease_until__lt=now)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    sent = sum(
        notification_emails_send(notification_ids=stranded[start : start + EMAIL_SWEEP_BATCH], now=now)
        for start in range(0, len(stranded), EMAIL_SWEEP_BATCH)
    )
    digest_users = sorted(
        Notification.objects.filter(email_state=EmailState.DIGESTING, email_lease_until__lt=now)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()[:limit]
    )
    return sent + sum(
        _digests_send_to(user_ids=digest_users[start : start + DIGEST_USER_BATCH], now=now)
        for start in range(0, len(digest_users), DIGEST_USER_BATCH)
    )
