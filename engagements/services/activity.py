"""Hours logged and messages exchanged on an engagement."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from accounts.models import User
from engagements.models import Engagement, EngagementReadMark, EngagementStatus, HoursLog, Message
from engagements.services._common import (
    CENT,
    MESSAGE_MAX_LENGTH,
    _lock_engagement,
    _require_party,
    _require_status,
    _require_student,
)
from notifications import events


def hours_log_add(
    *, engagement: Engagement, by: User, date: dt.date, hours: Decimal, note: str = ""
) -> HoursLog:
    """The student records time spent on a day since the work started (never a future day).

    A day holds at most 24 hours in total across its entries. Each call adds an entry: logging twice on a
    day is normal, so there is no de-duplication here.
    """
    _require_student(engagement, by, "log hours")
    note = (note or "").strip()
    try:
        hours = Decimal(str(hours))
    except InvalidOperation as exc:
        raise ValidationError("Enter the hours as a number, e.g. 1.5.", code="invalid_hours") from exc
    if not hours.is_finite() or hours < Decimal("0.25") or hours > 24 or hours != hours.quantize(CENT):
        raise ValidationError("Log between 0.25 and 24 hours, to two decimal places.", code="invalid_hours")
    if len(note) > 500:
        raise ValidationError("Keep the note within 500 characters.", code="note_too_long")
    if date > timezone.localdate():
        raise ValidationError(
            "You cannot log hours for a day that has not happened yet.", code="date_in_future"
        )
    with transaction.atomic():
        engagement = _lock_engagement(engagement.pk)
        _require_status(engagement, [EngagementStatus.ACTIVE], "engagement_not_active", "log hours")
        if engagement.started_at and date < timezone.localdate(engagement.started_at):
            raise ValidationError("That day is before the work started.", code="date_before_start")
        logged = engagement.hours_logs.filter(date=date).aggregate(total=Sum("hours"))["total"] or 0
        if logged + hours > 24:
            raise ValidationError(
                "That would make more than 24 hours on %(date)s.",
                code="day_over_24_hours",
                params={"date": date},
            )
        return HoursLog.objects.create(engagement=engagement, date=date, hours=hours, note=note)


# Messages -----------------------------------------------------------------------------------------


def message_send(*, engagement: Engagement, by: User, body: str) -> Message:
    """Either side writes to the other. Allowed in every status: payment and reviews are talked about after
    the work ends.
    """
    _require_party(engagement, by)
    body = (body or "").strip()
    if not body:
        raise ValidationError("Write a message first.", code="message_empty")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            "Keep a message within %(limit)s characters.",
            code="message_too_long",
            params={"limit": f"{MESSAGE_MAX_LENGTH:,}"},
        )
    with transaction.atomic():
        message = Message.objects.create(engagement=engagement, sender=by, body=body)
        events.message_sent(message=message)
    return message


def engagement_mark_read(*, engagement: Engagement, user: User) -> None:
    """`user` has seen the thread: advance their read mark to the newest message that exists now.

    The mark is the newest message's time rather than the clock, so a message committed a moment later by
    the other side still counts as unread. The mark never moves backwards.
    """
    _require_party(engagement, user)
    newest = engagement.messages.aggregate(newest=Max("created_at"))["newest"]
    if newest is None:
        return
    mark, created = EngagementReadMark.objects.get_or_create(
        engagement=engagement, user=user, defaults={"last_read_at": newest}
    )
    if not created:
        EngagementReadMark.objects.filter(pk=mark.pk, last_read_at__lt=newest).update(last_read_at=newest)
