"""Writing notifications. Every event in the product reaches users through ``notify``; users mark them
read, choose how each kind reaches them, and unsubscribe from an email's signed link."""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from accounts.models import User
from marketplace.tasks import enqueue_on_commit
from notifications.models import (
    DEFAULT_DELIVERY,
    Delivery,
    EmailState,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from notifications.selectors import notification_get_for_user

EMAIL_BATCH_SIZE = 500
# The instant-email task is queued by its name: notifications/tasks.py imports emails.py, which imports this
# module, so importing the task here would close a circle. tasks.py registers the task under this name.
EMAIL_SEND_TASK = "notifications.tasks.notification_emails_send"


@dataclass(frozen=True)
class Notice:
    """What to tell: the same for every recipient unless ``notify`` is given a body per user.

    ``key`` names the event for each user (``application:<uuid>:received``); a user is told about a key once,
    whoever calls ``notify`` again with it (a redelivered task, a second beat process, a retry).
    """

    kind: str
    key: str
    title: str
    body: str = ""
    url: str = ""


def _insert_sql(recipients: str) -> str:
    """The one INSERT … SELECT behind ``notify`` and ``notify_selected``: ``recipients`` is a FROM item with
    columns (user_id, body). Positional params: kind, key, title, body, url, default delivery (CASE), the
    recipients' own params, then kind and default delivery again (preference join, WHERE)."""
    return f"""
    WITH created AS (
        INSERT INTO {Notification._meta.db_table}
            (user_id, kind, key, title, body, url, created_at, email_state, read_at, emailed_at)
        SELECT recipient.user_id, %s, %s, %s, COALESCE(recipient.body, %s), %s,
               now(),
               CASE COALESCE(preference.delivery, %s)
                   WHEN '{Delivery.INSTANT}' THEN '{EmailState.PENDING}'
                   ELSE '{EmailState.DIGEST}'
               END,
               NULL, NULL
        FROM {recipients}
        JOIN {User._meta.db_table} AS account ON account.id = recipient.user_id AND account.is_active
        LEFT JOIN {NotificationPreference._meta.db_table} AS preference
               ON preference.user_id = recipient.user_id AND preference.kind = %s
        WHERE COALESCE(preference.delivery, %s) <> '{Delivery.OFF}'
        ON CONFLICT (user_id, key) DO NOTHING
        RETURNING id, email_state
    )
    SELECT count(*), COALESCE(array_agg(id ORDER BY id) FILTER (WHERE email_state = '{EmailState.PENDING}'),
                              '{{}}')
      FROM created
    """


def _insert(*, recipients: str, params: Sequence[Any], notice: Notice) -> int:
    default = DEFAULT_DELIVERY[notice.kind]
    with connection.cursor() as cursor:
        cursor.execute(
            _insert_sql(recipients),
            [
                notice.kind, notice.key, notice.title[:300], notice.body, notice.url, default,
                *params,
                notice.kind, default,
            ],
        )  # fmt: skip
        created, to_email = cursor.fetchone()
    if to_email:
        # After the commit; a broker outage is logged, and the email sweep sends them later.
        for start in range(0, len(to_email), EMAIL_BATCH_SIZE):
            enqueue_on_commit(EMAIL_SEND_TASK, to_email[start : start + EMAIL_BATCH_SIZE])
    return created


def notify(*, user_ids: Iterable[int], notice: Notice, bodies: Sequence[str] | None = None) -> int:
    """Record ``notice`` for each of ``user_ids`` and queue the instant emails once the transaction commits.

    One INSERT … SELECT for all recipients: deactivated accounts and users who turned the kind off are
    skipped, users already told (same key) are skipped by the unique constraint, each new row gets its email
    state from the user's preference. ``bodies``, when given, holds one body per user id, in order. Returns
    how many users were newly told. Safe inside the caller's transaction: nothing leaves the database
    before it commits.
    """
    user_ids = list(user_ids)
    if not user_ids:
        return 0
    if bodies is not None and len(bodies) != len(user_ids):
        raise ValueError("notify() needs one body per user id")
    return _insert(
        recipients="unnest(%s::bigint[], %s::text[]) AS recipient(user_id, body)",
        params=[user_ids, list(bodies) if bodies is not None else [None] * len(user_ids)],
        notice=notice,
    )


def notify_selected(*, recipients_sql: str, params: Sequence[Any], notice: Notice) -> int:
    """``notify`` for recipients chosen by a query, with the same guarantees (active accounts only, the
    user's preference, once per key, instant emails queued on commit), for fan-outs too large to pass
    through Python: the rows never leave the database.

    ``recipients_sql`` is a SELECT of (user_id, body) rows with positional ``%s`` ``params``; a NULL body
    takes ``notice.body``. A user id must appear at most once (ON CONFLICT cannot settle a row the same
    statement inserted twice). Returns how many users were newly told.
    """
    return _insert(recipients=f"({recipients_sql}) AS recipient(user_id, body)", params=params, notice=notice)


def notify_others(*, user_ids: Iterable[int], notice: Notice, actor_id: int | None = None) -> int:
    """``notify`` each of ``user_ids`` once, except ``actor_id``: nobody hears of what they did themselves.

    How the domain's notices tell the people on each side of an event, whoever of them acted."""
    recipients = [user_id for user_id in dict.fromkeys(user_ids) if user_id != actor_id]
    return notify(user_ids=recipients, notice=notice)


# --- Reading ---------------------------------------------------------------------------------------------


def notification_mark_read(*, user: User, public_id: object, now: dt.datetime | None = None) -> Notification:
    """Mark the user's own notification read (404 for anyone else's); a second read keeps the first time."""
    notification = notification_get_for_user(user=user, public_id=public_id)
    if notification.read_at is None:
        read_at = now or timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=read_at)
        notification.read_at = read_at
    return notification


def notification_mark_all_read(*, user: User, now: dt.datetime | None = None) -> int:
    """Mark every unread notification of the user read; returns how many were unread."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=now or timezone.now())


# --- Preferences -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KindPreference:
    kind: str
    label: str
    delivery: str
    is_default: bool


def notification_preferences_for_user(
    *, user: User, kinds: Sequence[str] | None = None
) -> list[KindPreference]:
    """How each kind reaches the user (every kind unless ``kinds`` narrows it), defaults included."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    labels = dict(NotificationKind.choices)
    return [
        KindPreference(
            kind=kind,
            label=labels[kind],
            delivery=chosen.get(kind, DEFAULT_DELIVERY[kind]),
            is_default=kind not in chosen,
        )
        for kind in (kinds if kinds is not None else NotificationKind.values)
    ]


def notification_preferences_set(*, user: User, deliveries: Mapping[str, str]) -> None:
    """Save the user's choice for each kind in ``deliveries`` (one upsert, safe against a double submit).

    Turning a kind off also cancels its emails not sent yet (instant ones still queued and the digest's):
    "off" means the user hears nothing more about it.
    """
    unknown = [kind for kind in deliveries if kind not in NotificationKind.values]
    if unknown:
        raise ValidationError({"kind": [f"“{kind}” is not a kind of notification." for kind in unknown]})
    invalid = sorted({delivery for delivery in deliveries.values() if delivery not in Delivery.values})
    if invalid:
        choices = ", ".join(Delivery.values)
        raise ValidationError(
            {"delivery": [f"“{delivery}” is not one of {choices}." for delivery in invalid]}
        )
    if not deliveries:
        return
    NotificationPreference.objects.bulk_create(
        [
            NotificationPreference(user=user, kind=kind, delivery=delivery)
            for kind, delivery in deliveries.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "kind"],
        update_fields=["delivery"],
    )
    turned_off = [kind for kind, delivery in deliveries.items() if delivery == Delivery.OFF]
    if turned_off:
        Notification.objects.filter(
            user=user, kind__in=turned_off, email_state__in=[EmailState.PENDING, EmailState.DIGEST]
        ).update(email_state=EmailState.NONE)


def notification_preference_set(*, user: User, kind: str, delivery: str) -> None:
    notification_preferences_set(user=user, deliveries={kind: delivery})


# --- Unsubscribing from an email's link --------------------------------------------------------------------

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
# Long enough for an email read weeks later; the settings page is always there once it has expired.
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=180)


def notification_unsubscribe_token(*, user_id: int, kinds: Sequence[str]) -> str:
    """A signed, URL-safe token naming the user and the kinds an email's unsubscribe link turns off."""
    return signing.dumps({"u": user_id, "k": list(kinds)}, salt=UNSUBSCRIBE_SALT, compress=True)


@dataclass(frozen=True)
class UnsubscribeLink:
    user: User
    kinds: tuple[str, ...]

    @property
    def labels(self) -> list[str]:
        labels = dict(NotificationKind.choices)
        return [labels[kind] for kind in self.kinds]


def notification_unsubscribe_link_read(*, token: str) -> UnsubscribeLink:
    """The user and kinds a token names. ValidationError when the token was altered or has expired, or its
    user is gone."""
    try:
        payload = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired:
        raise ValidationError("This unsubscribe link has expired.", code="expired") from None
    except signing.BadSignature:
        raise ValidationError("This unsubscribe link is not valid.", code="invalid") from None
    kinds = payload.get("k") if isinstance(payload, dict) else None
    if not isinstance(kinds, list) or not kinds or not set(kinds) <= set(NotificationKind.values):
        raise ValidationError("This unsubscribe link is not valid.", code="invalid")
    user = User.objects.filter(pk=payload.get("u"), is_active=True).first()
    if user is None:
        raise ValidationError("This unsubscribe link is not valid.", code="invalid")
    return UnsubscribeLink(user=user, kinds=tuple(dict.fromkeys(kinds)))


@dataclass(frozen=True)
class Unsubscribed:
    link: UnsubscribeLink
    previous: dict[str, str]


def notification_unsubscribe(*, token: str) -> Unsubscribed:
    """Turn off the kinds the token names; returns what each was before, so the page can offer an undo.
    Unsubscribing twice changes nothing the second time."""
    link = notification_unsubscribe_link_read(token=token)
    previous = {
        preference.kind: preference.delivery
        for preference in notification_preferences_for_user(user=link.user, kinds=link.kinds)
    }
    notification_preferences_set(user=link.user, deliveries=dict.fromkeys(link.kinds, Delivery.OFF))
    return Unsubscribed(link=link, previous=previous)


def notification_resubscribe(*, token: str, deliveries: Mapping[str, str]) -> UnsubscribeLink:
    """Undo an unsubscribe: set the token's kinds back to ``deliveries`` (their defaults when not given).
    Only the kinds the token names can change, and only to a delivery that sends something."""
    link = notification_unsubscribe_link_read(token=token)
    restore = {}
    for kind in link.kinds:
        delivery = deliveries.get(kind) or DEFAULT_DELIVERY[kind]
        if delivery not in (Delivery.INSTANT, Delivery.DIGEST):
            raise ValidationError({"delivery": ["Choose instantly or in a daily digest."]})
        restore[kind] = delivery
    notification_preferences_set(user=link.user, deliveries=restore)
    return link
