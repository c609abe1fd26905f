"""The activity panel's views: the message thread between the student and the employer's members, and the
student's hours log compared with the estimate.

Without JavaScript every form posts and redirects back to the page (#messages, #hours); with htmx the
views answer the panel's partials instead, and the thread refreshes itself through `message_list`. The
panel's context is built in `engagements.views.common`, with the rest of the page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_POST

from engagements.access import EngagementParty, engagement_get_for_party
from engagements.forms.activity import HoursForm, MessageForm
from engagements.models import Engagement
from engagements.selectors_page import hours_may_log, hours_overview
from engagements.services import engagement_mark_read, hours_log_add
from engagements.services import message_send as message_send_service
from engagements.views.common import (
    engagement_url,
    hours_context,
    hours_text,
    messages_context,
    party_page,
    positive_int,
    read_mark_from_param,
    render_engagement_page,
    thread_context,
)
from marketplace.forms import add_service_errors

THREAD_TEMPLATE = "engagements/_activity_thread.html"
MESSAGES_TEMPLATE = "engagements/_activity_messages.html"
HOURS_TEMPLATE = "engagements/_activity_hours.html"


def _messages_card(
    request: HttpRequest, engagement: Engagement, party: EngagementParty, **overrides
) -> HttpResponse:
    context = {"engagement": engagement, "party": party, **messages_context(request, engagement)}
    return render(request, MESSAGES_TEMPLATE, {**context, **overrides})


def _hours_card(
    request: HttpRequest, engagement: Engagement, party: EngagementParty, **overrides
) -> HttpResponse:
    hours = hours_overview(engagement=engagement)
    may_log = hours_may_log(engagement=engagement, party=party)
    context = {
        "engagement": engagement,
        "party": party,
        **hours_context(engagement, party, hours, may_log=may_log),
    }
    return render(request, HOURS_TEMPLATE, {**context, **overrides})


@require_GET
@party_page
def message_list(request: HttpRequest, public_id) -> HttpResponse:
    """The thread alone, for the page's periodic refresh (htmx) and for "show earlier" without a reload.

    Rendering it means the viewer has seen it, so the read mark moves on, as on the full page.
    """
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    before = positive_int(request.GET.get("before"))
    context = {
        "engagement": engagement,
        "party": party,
        **thread_context(
            request, engagement, before=before, unread_after=read_mark_from_param(request.GET.get("seen"))
        ),
    }
    response = render(request, THREAD_TEMPLATE, context)
    if before is None:
        engagement_mark_read(engagement=engagement, user=request.user)
    return response


@require_POST
@party_page
def message_send(request: HttpRequest, public_id) -> HttpResponse:
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    htmx = bool(request.headers.get("HX-Request"))
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            message_send_service(engagement=engagement, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        if htmx:
            return _messages_card(request, engagement, party, activity_message_form=form)
        return render_engagement_page(request, engagement, party, activity_message_form=form)
    if htmx:
        response = _messages_card(request, engagement, party, activity_sent=True)
        engagement_mark_read(engagement=engagement, user=request.user)
        return response
    messages.success(request, "Message sent.")
    return redirect(engagement_url(engagement, "messages"))


@require_POST
@party_page
def hours_log(request: HttpRequest, public_id) -> HttpResponse:
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    if party != "student":
        raise Http404("Only the student logs hours.")
    htmx = bool(request.headers.get("HX-Request"))
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            log = hours_log_add(engagement=engagement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        if htmx:
            return _hours_card(request, engagement, party, activity_hours_form=form)
        return render_engagement_page(request, engagement, party, activity_hours_form=form)
    confirmation = f"Logged {hours_text(log.hours)} h on {date_format(log.date, 'j M Y')}."
    if htmx:
        return _hours_card(request, engagement, party, activity_hours_confirmation=confirmation)
    messages.success(request, confirmation)
    return redirect(engagement_url(engagement, "hours"))
