"""Hours logged and messages exchanged on an engagement."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from accounts.models import User
from engagements import notices
from engagements.access import lock_engagement, require_party, require_status, require_student
from engagements.models import Engagement, EngagementReadMark, EngagementStatus, HoursLog, Message
from engagements.services.lifecycle import CENT

MESSAGE_MAX_LENGTH = 5000


def hours_log_add(
    *, engagement: Engagement, by: User, date: dt.date, hours: Decimal, note: str = ""
) -> HoursLog:
    """The student records time spent on a day since the work started (never a future day).

    A day holds at most 24 hours in total across its entries. Each call adds an entry: logging twice on a
    day is normal, so there is no de-duplication here.
    """
    require_student(engagement=engagement, user=by, action="log hours")
    note = (note or "").strip()
    try:
        hours = Decimal(str(hours))
    except InvalidOperation as exc:
        raise ValidationError(
            {"hours": ValidationError("Enter the hours as a number, e.g. 1.5.", code="invalid_hours")}
        ) from exc
    if not hours.is_finite() or hours < Decimal("0.25") or hours > 24 or hours != hours.quantize(CENT):
        raise ValidationError(
            {
                "hours": ValidationError(
                    "Log between 0.25 and 24 hours, to two decimal places.", code="invalid_hours"
                )
            }
        )
    if len(note) > 500:
        raise ValidationError(
            {"note": ValidationError("Keep the note within 500 characters.", code="note_too_long")}
        )
    if date > timezone.localdate():
        raise ValidationError(
            {
                "date": ValidationError(
                    "You cannot log hours for a day that has not happened yet.", code="date_in_future"
                )
            }
        )
    with transaction.atomic():
        engagement = lock_engagement(engagement_id=engagement.pk)
        require_status(
            engagement=engagement,
            allowed=[EngagementStatus.ACTIVE],
            code="engagement_not_active",
            doing="log hours",
        )
        if engagement.started_at and date < timezone.localdate(engagement.started_at):
            raise ValidationError(
                {"date": ValidationError("That day is before the work started.", code="date_before_start")}
            )
        logged = engagement.hours_logs.filter(date=date).aggregate(total=Sum("hours"))["total"] or 0
        if logged + hours > 24:
            raise ValidationError(
                {
                    "hours": ValidationError(
                        "That would make more than 24 hours on %(date)s.",
                        code="day_over_24_hours",
                        params={"date": date},
                    )
                }
            )
        return HoursLog.objects.create(engagement=engagement, date=date, hours=hours, note=note)


# Messages -----------------------------------------------------------------------------------------


def message_body_clean(body: str) -> str:
    """A message's text, stripped; refused (field error on "body") when empty or too long. Every thread's."""
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": ValidationError("Write a message first.", code="message_empty")})
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {
                "body": ValidationError(
                    "Keep a message within %(limit)s characters.",
                    code="message_too_long",
                    params={"limit": f"{MESSAGE_MAX_LENGTH:,}"},
                )
            }
        )
    return body


def message_send(*, engagement: Engagement, by: User, body: str) -> Message:
    """Either side writes to the other. Allowed in every status: payment and reviews are talked about after
    the work ends.
    """
    require_party(engagement=engagement, user=by)
    body = message_body_clean(body)
    with transaction.atomic():
        message = Message.objects.create(engagement=engagement, sender=by, body=body)
        notices.message_sent(message=message)
    return message


def engagement_mark_read(*, engagement: Engagement, user: User) -> None:
    """`user` has seen the thread: advance their read mark to the newest message that exists now.

    The mark is the newest message's time rather than the clock, so a message committed a moment later by
    the other side still counts as unread. The mark never moves backwards.
    """
    require_party(engagement=engagement, user=user)
    newest = engagement.messages.aggregate(newest=Max("created_at"))["newest"]
    if newest is None:
        return
    mark, created = EngagementReadMark.objects.get_or_create(
        engagement=engagement, user=user, defaults={"last_read_at": newest}
    )
    if not created:
        EngagementReadMark.objects.filter(pk=mark.pk, last_read_at__lt=newest).update(last_read_at=newest)
