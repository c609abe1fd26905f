"""Emailing notifications: one email per notice for kinds set to "instantly", one daily digest for the rest.

Rows are claimed first (pending → sent, or digest → sent) with one ``UPDATE … RETURNING`` that commits on its
own, and only then rendered and sent: two workers, a redelivered task or two digest runs at once each get
different rows, so every notice is emailed at most once. Nothing here runs inside a transaction, so no
email waits on (or is sent for) data that might roll back.

Every email has a text and an HTML part, a link to the notice on the site, the reason it was sent, a signed
one-click unsubscribe link (also in the ``List-Unsubscribe`` headers, RFC 8058) and a link to the settings.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urljoin

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from marketplace.context_processors import site as site_context
from notifications.models import Delivery, EmailState, Notification, NotificationKind
from notifications.selectors import notification_digest_user_ids
from notifications.services import notification_unsubscribe_token

# Users per digest batch: each batch is one claim, one read and one SMTP connection, so memory stays bounded.
DIGEST_USER_BATCH = 200
# A digest lists at most this many notices of each kind; the rest wait in the notification centre.
DIGEST_ITEMS_PER_KIND = 10

_TABLE = Notification._meta.db_table

_CLAIM_SQL = f"""
    UPDATE {_TABLE}
       SET email_state = '{EmailState.SENT}', emailed_at = %(now)s
     WHERE id = ANY(%(ids)s) AND email_state = '{EmailState.PENDING}'
 RETURNING id
"""

# SKIP LOCKED: a second run at the same moment passes over the rows this one is claiming instead of waiting
# for them (or deadlocking on them), and finds them already sent once this one commits.
_CLAIM_DIGEST_SQL = f"""
      WITH claimable AS (
           SELECT id FROM {_TABLE}
            WHERE user_id = ANY(%(user_ids)s) AND email_state = '{EmailState.DIGEST}'
              AND created_at <= %(now)s
              FOR UPDATE SKIP LOCKED
      )
    UPDATE {_TABLE} AS notification
       SET email_state = '{EmailState.SENT}', emailed_at = %(now)s
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


def _subject(text: str) -> str:
    return f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{text}"


def _message(
    *, to: User, subject: str, template: str, context: dict, unsubscribe: str
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
        subject=_subject(subject),
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[to.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
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
    )


def _claim(sql: str, params: dict) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def notification_emails_claim(*, notification_ids: list[int]) -> list[int]:
    """Mark these notifications emailed and return the ones this caller claimed (the rest were taken)."""
    return _claim(_CLAIM_SQL, {"now": timezone.now(), "ids": list(notification_ids)})


def _send(messages: Iterable[EmailMultiAlternatives]) -> int:
    messages = list(messages)
    if not messages:
        return 0
    with get_connection() as mail:
        return mail.send_messages(messages) or 0


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """Send the instant email of each notification not yet sent, over one connection; returns how many
    this call sent. Users who have been deactivated since are not written to."""
    claimed = notification_emails_claim(notification_ids=notification_ids)
    if not claimed:
        return 0
    notifications = Notification.objects.filter(id__in=claimed, user__is_active=True).select_related("user")
    return _send(notice_email(n) for n in notifications)


def notification_digests_send(*, now: dt.datetime, batch_size: int = DIGEST_USER_BATCH) -> int:
    """Send each user with notices waiting for the digest one email listing them; returns emails sent.

    Users are taken in batches by id: per batch, one UPDATE claims their waiting rows created up to ``now``
    (so a second run, at once or later, finds none of them), one query reads what was claimed, and one SMTP
    connection sends the batch. No transaction is held open around the sending.
    """
    sent = 0
    after = 0
    while True:
        user_ids = notification_digest_user_ids(after_user_id=after, limit=batch_size)
        if not user_ids:
            return sent
        after = user_ids[-1]
        claimed = _claim(_CLAIM_DIGEST_SQL, {"now": now, "user_ids": user_ids})
        if not claimed:
            continue
        rows = (
            Notification.objects.filter(id__in=claimed, user__is_active=True)
            .select_related("user")
            .order_by("user_id")
        )
        sent += _send(
            digest_email(user=notifications[0].user, notifications=notifications)
            for notifications in (list(group) for _, group in groupby(rows, key=lambda n: n.user_id))
        )


STRANDED_AFTER = dt.timedelta(minutes=10)


def notification_emails_sweep(*, now: dt.datetime, limit: int = 5000) -> int:
    """Send instant emails left pending: their task was lost (a worker died between committing the notice
    and queueing its email, or the broker was down at commit). Only rows older than STRANDED_AFTER, so the
    normal task always goes first; the claim keeps it at most once either way. Returns how many were sent."""
    stranded = list(
        Notification.objects.filter(email_state=EmailState.PENDING, created_at__lt=now - STRANDED_AFTER)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    return sum(
        notification_emails_send(notification_ids=stranded[start : start + EMAIL_SWEEP_BATCH])
        for start in range(0, len(stranded), EMAIL_SWEEP_BATCH)
    )


EMAIL_SWEEP_BATCH = 500
