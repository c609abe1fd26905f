"""Emailing notifications. Rows are claimed (pending → sent) before anything is sent: at most once each."""

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection
from django.utils import timezone

from notifications.models import EmailState, Notification

_CLAIM_SQL = f"""
    UPDATE {Notification._meta.db_table}
       SET email_state = '{EmailState.SENT}', emailed_at = %(now)s
     WHERE id = ANY(%(ids)s) AND email_state = '{EmailState.PENDING}'
 RETURNING id
"""


def notification_emails_claim(*, notification_ids: list[int]) -> list[int]:
    """Mark these notifications emailed and return the ones this caller claimed (the rest were taken)."""
    with connection.cursor() as cursor:
        cursor.execute(_CLAIM_SQL, {"now": timezone.now(), "ids": list(notification_ids)})
        return [row[0] for row in cursor.fetchall()]


def notification_emails_send(*, notification_ids: list[int]) -> int:
    """Send the instant email of each notification not yet sent; returns how many this call sent."""
    claimed = notification_emails_claim(notification_ids=notification_ids)
    if not claimed:
        return 0
    notifications = Notification.objects.filter(id__in=claimed).select_related("user")
    messages = [
        EmailMultiAlternatives(subject=n.title, body=n.body or n.title, to=[n.user.email])
        for n in notifications
    ]
    with get_connection() as mail:
        mail.send_messages(messages)
    return len(messages)
