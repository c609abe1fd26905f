"""Messages before the decision: an employer member writes to an applicant, the student may answer.

The thread is made of ordinary engagement `Message` rows that carry the application instead of an
engagement; accepting the application links them to the new engagement
(`engagements.services.lifecycle.engagement_create_for_application`), so the conversation carries on in
the engagement's thread. Who may read is `engagements.access.application_thread_get`.

Rules: only a member of the project's organisation opens a thread, and only while the application is
submitted or shortlisted; the student answers a thread the employer opened (and may ignore it). After a
rejection, withdrawal or closing the thread is read-only; after acceptance it lives on the engagement.
Each sender writes at most `APPLICATION_MESSAGES_PER_DAY` messages to one application in 24 hours, and an
employer member opens at most `APPLICATION_THREADS_PER_HOUR` new threads in an hour: both counted from
the rows themselves, with the sender's row locked so two tabs cannot both take the last message.

Lock order: the sender's user row, then the application row.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from applications.models import Application
from engagements import notices
from engagements.access import application_side
from engagements.models import Message, MessageReport, MessageReportReason
from engagements.selectors_application import application_thread_state
from engagements.services.activity import message_body_clean

DEFAULT_MESSAGES_PER_DAY = 10
DEFAULT_THREADS_PER_HOUR = 20


class MessageRateLimited(ValidationError):
    """Too many messages: the page shows the message, the API answers 429 with Retry-After."""

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, code="rate_limited")
        self.retry_after = retry_after


def messages_per_day() -> int:
    return settings.MARKETPLACE.get("APPLICATION_MESSAGES_PER_DAY", DEFAULT_MESSAGES_PER_DAY)


def threads_per_hour() -> int:
    return settings.MARKETPLACE.get("APPLICATION_THREADS_PER_HOUR", DEFAULT_THREADS_PER_HOUR)


def _first_messages_since(*, sender: User, since: dt.datetime):
    """Threads `sender` opened since then: their messages that are the first of their application."""
    earlier = Message.objects.filter(
        application=OuterRef("application"), created_at__lt=OuterRef("created_at")
    )
    return Message.objects.filter(sender=sender, application__isnull=False, created_at__gte=since).exclude(
        Exists(earlier)
    )


def _check_rate(*, application: Application, by: User, opening: bool, now: dt.datetime) -> None:
    day_ago = now - dt.timedelta(days=1)
    sent = Message.objects.filter(application=application, sender=by, created_at__gte=day_ago)
    limit = messages_per_day()
    if sent.count() >= limit:
        oldest = sent.order_by("created_at").values_list("created_at", flat=True).first()
        raise MessageRateLimited(
            f"You have sent {limit} messages about this application in the last 24 hours. "
            "Wait for an answer, or try again later.",
            retry_after=max(1, int((oldest + dt.timedelta(days=1) - now).total_seconds())),
        )
    if not opening:
        return
    opened = _first_messages_since(sender=by, since=now - dt.timedelta(hours=1))
    limit = threads_per_hour()
    if opened.count() >= limit:
        oldest = opened.order_by("created_at").values_list("created_at", flat=True).first()
        raise MessageRateLimited(
            f"You have started {limit} conversations with applicants in the last hour. Try again later.",
            retry_after=max(1, int((oldest + dt.timedelta(hours=1) - now).total_seconds())),
        )


def application_message_send(*, application: Application, by: User, body: str) -> Message:
    """`by` writes in the application's thread (see the module docstring for the rules).

    Refusals: PermissionDenied for someone who is neither side; ValidationError when the thread is closed
    or the student would open it; MessageRateLimited past the limits.
    """
    side = application_side(application=application, user=by)
    if side is None:
        raise PermissionDenied("You are not a party to this application.")
    body = message_body_clean(body)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=by.pk).first()
        application = (
            Application.objects.select_for_update(of=("self",))
            .select_related("project")
            .get(pk=application.pk)
        )
        has_messages = Message.objects.filter(application=application).exists()
        state = application_thread_state(application=application, side=side, has_messages=has_messages)
        if not state.may_send:
            raise ValidationError(state.closed_reason, code="thread_closed")
        now = timezone.now()
        _check_rate(application=application, by=by, opening=not has_messages, now=now)
        message = Message.objects.create(application=application, sender=by, body=body)
        notices.application_message_sent(message=message, application=application, side=side)
    return message


def message_report(
    *, application: Application, message: Message, by: User, reason: str, details: str = ""
) -> MessageReport:
    """A party flags a message from the other side in the application's thread for site staff. Reporting
    a message again returns the first report unchanged."""
    if application_side(application=application, user=by) is None or message.application_id != application.pk:
        raise PermissionDenied("You are not a party to this thread.")
    if reason not in MessageReportReason.values:
        raise ValidationError(
            {"reason": ValidationError("Choose a reason for the report.", code="invalid_reason")}
        )
    details = (details or "").strip()
    if len(details) > 2000:
        raise ValidationError(
            {"details": ValidationError("Keep it within 2,000 characters.", code="too_long")}
        )
    if message.sender_id is None or message.sender_id == by.pk:
        raise ValidationError("You can only report a message someone else wrote.", code="own_message")
    report, _created = MessageReport.objects.get_or_create(
        message=message, reporter=by, defaults={"reason": reason, "details": details}
    )
    return report
