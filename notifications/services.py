"""Writing notifications. Every event in the product reaches users through ``notify``."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction

from notifications.models import DEFAULT_DELIVERY, Delivery, EmailState, Notification

EMAIL_BATCH_SIZE = 500


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


_INSERT_SQL = f"""
    INSERT INTO {Notification._meta.db_table}
        (user_id, kind, key, title, body, url, created_at, email_state, read_at, emailed_at)
    SELECT recipient.user_id, %(kind)s, %(key)s, %(title)s, COALESCE(recipient.body, %(body)s), %(url)s,
           now(),
           CASE COALESCE(preference.delivery, %(default)s)
               WHEN '{Delivery.INSTANT}' THEN '{EmailState.PENDING}'
               ELSE '{EmailState.DIGEST}'
           END,
           NULL, NULL
    FROM unnest(%(user_ids)s::bigint[], %(bodies)s::text[]) AS recipient(user_id, body)
    LEFT JOIN notifications_notificationpreference AS preference
           ON preference.user_id = recipient.user_id AND preference.kind = %(kind)s
    WHERE COALESCE(preference.delivery, %(default)s) <> '{Delivery.OFF}'
    ON CONFLICT (user_id, key) DO NOTHING
    RETURNING id, email_state
"""


def notify(*, user_ids: Iterable[int], notice: Notice, bodies: Sequence[str] | None = None) -> int:
    """Record ``notice`` for each of ``user_ids`` and queue the instant emails once the transaction commits.

    One INSERT … SELECT for all recipients: users who turned the kind off are skipped, users already told
    (same key) are skipped by the unique constraint, each new row gets its email state from the user's
    preference. ``bodies``, when given, holds one body per user id, in order. Returns how many users were
    newly told. Safe inside the caller's transaction: nothing leaves the database before it commits.
    """
    user_ids = list(user_ids)
    if not user_ids:
        return 0
    if bodies is not None and len(bodies) != len(user_ids):
        raise ValueError("notify() needs one body per user id")
    params = {
        "kind": notice.kind,
        "key": notice.key,
        "title": notice.title[:300],
        "body": notice.body,
        "url": notice.url,
        "default": DEFAULT_DELIVERY[notice.kind],
        "user_ids": user_ids,
        "bodies": list(bodies) if bodies is not None else [None] * len(user_ids),
    }
    with connection.cursor() as cursor:
        cursor.execute(_INSERT_SQL, params)
        created = cursor.fetchall()
    to_email = [row_id for row_id, email_state in created if email_state == EmailState.PENDING]
    if to_email:
        transaction.on_commit(lambda: _queue_emails(to_email))
    return len(created)


def _queue_emails(notification_ids: list[int]) -> None:
    from notifications.tasks import notification_emails_send

    for start in range(0, len(notification_ids), EMAIL_BATCH_SIZE):
        notification_emails_send.delay(notification_ids[start : start + EMAIL_BATCH_SIZE])
