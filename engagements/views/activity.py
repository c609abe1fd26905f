"""The activity panel of the engagement page: the message thread between the student and the employer's
members, and the student's hours log compared with the estimate.

Without JavaScript every form posts and redirects back to the page (#messages, #hours); with htmx the
views answer the panel's partials instead, and the thread refreshes itself through `message_list`.
"""

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_POST

from engagements.forms.activity import HoursForm, MessageForm
from engagements.models import Engagement, EngagementStatus
from engagements.selectors import (
    HOURS_LOG_PAGE_SIZE,
    EngagementParty,
    hours_log_recent,
    hours_scope_state,
    hours_summary,
    message_thread_for_party,
)
from engagements.services import engagement_mark_read, hours_log_add
from engagements.services import message_send as message_send_service
from engagements.views.pages import (
    engagement_for_request,
    engagement_url,
    party_page,
    render_engagement_page,
)

# Where each service error belongs on the hours form; any other error is shown above the fields.
HOURS_ERROR_FIELDS = {
    "date_in_future": "date",
    "date_before_start": "date",
    "invalid_hours": "hours",
    "day_over_24_hours": "hours",
    "note_too_long": "note",
}
MESSAGE_ERROR_FIELDS = {"message_empty": "body", "message_too_long": "body"}
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
THREAD_TEMPLATE = "engagements/_activity_thread.html"
MESSAGES_TEMPLATE = "engagements/_activity_messages.html"
HOURS_TEMPLATE = "engagements/_activity_hours.html"


def _positive_int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and int(value) > 0 else None


def _timestamp(value: str | None) -> dt.datetime | None:
    """A read mark carried by the refreshing thread, in microseconds since the epoch (display only)."""
    if not value or not value.isdigit():
        return None
    try:
        return EPOCH + dt.timedelta(microseconds=int(value))
    except OverflowError:
        return None


def _as_microseconds(moment: dt.datetime) -> int:
    return (moment - EPOCH) // dt.timedelta(microseconds=1)


def _thread_context(
    request: HttpRequest, engagement: Engagement, *, before: int | None, unread_after: dt.datetime | None
) -> dict:
    thread = message_thread_for_party(
        engagement=engagement, user=request.user, before=before, unread_after=unread_after
    )
    student_user_id = engagement.student.user_id
    for message in thread.messages:
        message.side = (
            "system"
            if message.sender_id is None
            else ("student" if message.sender_id == student_user_id else "employer")
        )
        message.is_mine = message.sender_id == request.user.pk
    unread = sum(message.is_unread for message in thread.messages)
    url = reverse("engagements:messages", kwargs={"public_id": engagement.public_id})
    return {
        "activity_messages": thread.messages,
        "activity_unread": unread,
        "activity_has_earlier": thread.has_earlier,
        "activity_earliest_id": thread.messages[0].pk if thread.messages else None,
        "activity_before": before,
        # Older pages are history: only the latest page refreshes itself.
        "activity_refresh_url": None if before else f"{url}?seen={_as_microseconds(thread.last_read_at)}",
    }


def _hours_text(hours: Decimal) -> str:
    """22.50 -> "22.5", 20.00 -> "20": hours as people write them."""
    return f"{hours.normalize():f}"


def _hours_context(engagement: Engagement, party: EngagementParty) -> dict:
    summary = hours_summary(engagement=engagement)
    share = int(summary.logged * 100 / summary.estimated) if summary.estimated else 0
    logs = hours_log_recent(engagement=engagement, limit=HOURS_LOG_PAGE_SIZE + 1)
    for log in logs:
        log.hours_text = _hours_text(log.hours)
    return {
        "activity_hours_logged": _hours_text(summary.logged),
        "activity_hours_estimated": _hours_text(summary.estimated),
        "activity_hours_over": _hours_text(summary.over_by),
        "activity_hours_percent": share,
        "activity_hours_bar": min(share, 100),
        "activity_scope": hours_scope_state(engagement=engagement, summary=summary),
        "activity_hours_logs": logs[:HOURS_LOG_PAGE_SIZE],
        "activity_hours_more": len(logs) > HOURS_LOG_PAGE_SIZE,
        "activity_can_log_hours": party == "student" and engagement.status == EngagementStatus.ACTIVE,
    }


def activity_context(request: HttpRequest, engagement: Engagement, party: EngagementParty) -> dict:
    """The panel's context, computed before the page marks the thread read so new messages stay marked.

    `?before=<message id>` shows the 50 messages older than that one ("show earlier").
    """
    return {
        **_thread_context(
            request, engagement, before=_positive_int(request.GET.get("before")), unread_after=None
        ),
        **_hours_context(engagement, party),
        "activity_message_form": MessageForm(),
        "activity_hours_form": HoursForm() if party == "student" else None,
        "activity_closed": engagement.status in (EngagementStatus.COMPLETED, EngagementStatus.CANCELLED),
    }


def _put_errors_on(form: Form, error: ValidationError, fields: dict[str, str]) -> None:
    for item in error.error_list:
        form.add_error(fields.get(item.code), item)


def _panel(
    request: HttpRequest, template: str, engagement: Engagement, party: EngagementParty, **overrides
) -> HttpResponse:
    context = {"engagement": engagement, "party": party, **activity_context(request, engagement, party)}
    context.update(overrides)
    return render(request, template, context)


@require_GET
@party_page
def message_list(request: HttpRequest, public_id) -> HttpResponse:
    """The thread alone, for the page's periodic refresh (htmx) and for "show earlier" without a reload.

    Rendering it means the viewer has seen it, so the read mark moves on, as on the full page.
    """
    engagement, party = engagement_for_request(request, public_id)
    before = _positive_int(request.GET.get("before"))
    context = {
        "engagement": engagement,
        "party": party,
        **_thread_context(
            request, engagement, before=before, unread_after=_timestamp(request.GET.get("seen"))
        ),
    }
    response = render(request, THREAD_TEMPLATE, context)
    if before is None:
        engagement_mark_read(engagement=engagement, user=request.user)
    return response


@require_POST
@party_page
def message_send(request: HttpRequest, public_id) -> HttpResponse:
    engagement, party = engagement_for_request(request, public_id)
    htmx = bool(request.headers.get("HX-Request"))
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message_send_service(engagement=engagement, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            _put_errors_on(form, error, MESSAGE_ERROR_FIELDS)
    if form.errors:
        if htmx:
            return _panel(request, MESSAGES_TEMPLATE, engagement, party, activity_message_form=form)
        return render_engagement_page(request, engagement, party, activity_message_form=form)
    if htmx:
        response = _panel(request, MESSAGES_TEMPLATE, engagement, party, activity_sent=True)
        engagement_mark_read(engagement=engagement, user=request.user)
        return response
    messages.success(request, "Message sent.")
    return redirect(engagement_url(engagement, "messages"))


@require_POST
@party_page
def hours_log(request: HttpRequest, public_id) -> HttpResponse:
    engagement, party = engagement_for_request(request, public_id)
    if party != "student":
        raise Http404("Only the student logs hours.")
    htmx = bool(request.headers.get("HX-Request"))
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            log = hours_log_add(engagement=engagement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _put_errors_on(form, error, HOURS_ERROR_FIELDS)
    if form.errors:
        if htmx:
            return _panel(request, HOURS_TEMPLATE, engagement, party, activity_hours_form=form)
        return render_engagement_page(request, engagement, party, activity_hours_form=form)
    confirmation = f"Logged {_hours_text(log.hours)} h on {date_format(log.date, 'j M Y')}."
    if htmx:
        return _panel(request, HOURS_TEMPLATE, engagement, party, activity_hours_confirmation=confirmation)
    messages.success(request, confirmation)
    return redirect(engagement_url(engagement, "hours"))
