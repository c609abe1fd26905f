"""The work panel's actions: milestones, the deliverables handed in for them and the employer's answers,
payment, and cancelling.

Every form posts and redirects back to the page at the panel's anchor with a message. A form with errors
re-renders the whole page (status 200) with the bound form in place, through `render_engagement_page`.
The services decide who may do what and when; a refusal about one input comes keyed by that input's name
and is shown on its field, any other above the fields (or as a message, for a button without a form).
"""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_POST

from engagements.access import EngagementParty, engagement_get_for_party
from engagements.downloads import submission_file_response
from engagements.forms.work import CancelForm, MarkPaidForm, MilestoneForm
from engagements.models import Engagement, EngagementStatus, Payment
from engagements.selectors import (
    milestone_get_for_engagement,
    payment_for_engagement,
    submission_get_for_engagement,
)
from engagements.selectors_page import milestone_is_editable
from engagements.services import deliverable_approve as approve_service
from engagements.services import deliverable_request_changes as request_changes_service
from engagements.services import deliverable_submit as submit_service
from engagements.services import engagement_cancel as cancel_service
from engagements.services import milestone_add as milestone_add_service
from engagements.services import milestone_remove as milestone_remove_service
from engagements.services import milestone_update
from engagements.services import payment_mark_paid as mark_paid_service
from engagements.views.common import (
    changes_form,
    engagement_url,
    party_page,
    render_engagement_page,
    submission_form,
)
from marketplace.forms import add_service_errors

EDIT_TEMPLATE = "engagements/work_milestone_edit.html"


# Helpers of the actions ----------------------------------------------------------------------------


def _rerender(request: HttpRequest, engagement: Engagement, party: EngagementParty, key: str, form: Form):
    return render_engagement_page(request, engagement, party, bound={key: form})


def _refused(request: HttpRequest, engagement: Engagement, error: ValidationError, anchor: str):
    messages.error(request, " ".join(error.messages))
    return redirect(engagement_url(engagement, anchor))


def _day(moment: dt.date | dt.datetime) -> str:
    if isinstance(moment, dt.datetime):
        moment = timezone.localtime(moment)
    return date_format(moment, "j M")


# Milestones ----------------------------------------------------------------------------------------


@require_POST
@party_page
def milestone_add(request: HttpRequest, public_id) -> HttpResponse:
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    form = MilestoneForm(request.POST, prefix="milestone")
    if not form.is_valid():
        return _rerender(request, engagement, party, "milestone", form)
    try:
        milestone = milestone_add_service(engagement=engagement, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return _rerender(request, engagement, party, "milestone", form)
    messages.success(
        request,
        f"Milestone “{milestone.title}” added, due {_day(milestone.due_date)}. The student sees it now.",
    )
    return redirect(engagement_url(engagement, f"milestone-{milestone.pk}"))


@party_page
def milestone_edit(request: HttpRequest, public_id, pk: int) -> HttpResponse:
    """A page of its own for changing one milestone (title, description, due date): the employer's only."""
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    if party != "employer":
        raise Http404("No such page.")
    milestone = milestone_get_for_engagement(engagement=engagement, pk=pk)
    form = MilestoneForm.for_milestone(milestone, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            milestone = milestone_update(milestone=milestone, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Milestone “{milestone.title}” saved.")
            return redirect(engagement_url(engagement, f"milestone-{milestone.pk}"))
    editable = milestone_is_editable(engagement=engagement, milestone=milestone)
    return render(
        request,
        EDIT_TEMPLATE,
        {"engagement": engagement, "milestone": milestone, "form": form, "editable": editable},
    )


@require_POST
@party_page
def milestone_remove(request: HttpRequest, public_id, pk: int) -> HttpResponse:
    engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
    milestone = milestone_get_for_engagement(engagement=engagement, pk=pk)
    try:
        milestone_remove_service(milestone=milestone, by=request.user)
    except ValidationError as error:
        return _refused(request, engagement, error, f"milestone-{milestone.pk}")
    messages.success(request, f"Milestone “{milestone.title}” removed.")
    return redirect(engagement_url(engagement, "milestones"))


# Deliverables --------------------------------------------------------------------------------------


@require_POST
@party_page
def deliverable_submit(request: HttpRequest, public_id, pk: int) -> HttpResponse:
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    milestone = milestone_get_for_engagement(engagement=engagement, pk=pk)
    form = submission_form(milestone, request.POST, request.FILES)
    key = f"submit-{milestone.pk}"
    if not form.is_valid():
        return _rerender(request, engagement, party, key, form)
    try:
        submit_service(
            milestone=milestone,
            by=request.user,
            link=form.cleaned_data["link"],
            file=form.cleaned_data["file"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _rerender(request, engagement, party, key, form)
    days = settings.MARKETPLACE["AUTO_APPROVE_DAYS"]
    messages.success(
        request,
        f"Your work for “{milestone.title}” is handed in. The employer approves it or asks for changes; "
        f"without an answer it is approved automatically after {days} days.",
    )
    return redirect(engagement_url(engagement, f"milestone-{milestone.pk}"))


@require_GET
@party_page
def deliverable_file(request: HttpRequest, public_id, pk: int) -> FileResponse:
    """The file of a submission, as a download, for the student and the employer's members only."""
    engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
    return submission_file_response(submission_get_for_engagement(engagement=engagement, pk=pk))


@require_POST
@party_page
def deliverable_approve(request: HttpRequest, public_id, pk: int) -> HttpResponse:
    engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
    submission = submission_get_for_engagement(engagement=engagement, pk=pk)
    try:
        approve_service(submission=submission, by=request.user)
    except ValidationError as error:
        return _refused(request, engagement, error, f"milestone-{submission.milestone_id}")
    engagement.refresh_from_db(fields=["status"])
    if engagement.status == EngagementStatus.COMPLETED:
        messages.success(
            request,
            f"“{submission.milestone.title}” approved: that was the last milestone, so the engagement is "
            f"complete and a payment of {floatformat(engagement.fee, '-2g')} {engagement.currency} is now "
            "due to the student.",
        )
        return redirect(engagement_url(engagement, "payment"))
    messages.success(request, f"“{submission.milestone.title}” approved. The student sees it now.")
    return redirect(engagement_url(engagement, f"milestone-{submission.milestone_id}"))


@require_POST
@party_page
def deliverable_request_changes(request: HttpRequest, public_id, pk: int) -> HttpResponse:
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    submission = submission_get_for_engagement(engagement=engagement, pk=pk)
    form = changes_form(submission.pk, request.POST)
    key = f"changes-{submission.pk}"
    if not form.is_valid():
        return _rerender(request, engagement, party, key, form)
    try:
        request_changes_service(submission=submission, by=request.user, comment=form.cleaned_data["comment"])
    except ValidationError as error:
        if hasattr(error, "error_dict"):  # about the comment: shown on the form
            add_service_errors(form, error)
            return _rerender(request, engagement, party, key, form)
        return _refused(request, engagement, error, f"milestone-{submission.milestone_id}")
    messages.success(
        request, f"Changes requested on “{submission.milestone.title}”. The student sees your comment."
    )
    return redirect(engagement_url(engagement, f"milestone-{submission.milestone_id}"))


# Payment and cancelling ----------------------------------------------------------------------------


@require_POST
@party_page
def payment_mark_paid(request: HttpRequest, public_id, pk: int) -> HttpResponse:
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    payment = Payment.objects.filter(pk=pk, engagement=engagement).first()
    if payment is None:
        raise Http404("No such payment.")
    payment.engagement = engagement
    form = MarkPaidForm(request.POST, prefix="paid")
    if not form.is_valid():
        return _rerender(request, engagement, party, "paid", form)
    try:
        payment = mark_paid_service(
            payment=payment, by=request.user, reference=form.cleaned_data["reference"]
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _rerender(request, engagement, party, "paid", form)
    amount = f"{floatformat(payment.amount, '-2g')} {payment.currency}"
    messages.success(request, f"Payment of {amount} recorded as paid. The student sees it now.")
    return redirect(engagement_url(engagement, "payment"))


@require_POST
@party_page
def engagement_cancel(request: HttpRequest, public_id) -> HttpResponse:
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    form = CancelForm(request.POST, prefix="cancel")
    if not form.is_valid():
        return _rerender(request, engagement, party, "cancel", form)
    try:
        engagement = cancel_service(
            engagement=engagement, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):  # about the reason: shown on the form
            add_service_errors(form, error)
            return _rerender(request, engagement, party, "cancel", form)
        return _refused(request, engagement, error, "cancel")
    payment = payment_for_engagement(engagement=engagement)
    if payment is not None:
        owed = f"{payment.amount} {payment.currency} is owed to the student for the approved milestones."
    else:
        owed = "Nothing is owed."
    messages.success(request, f"The engagement is cancelled. {owed}")
    return redirect(engagement_url(engagement, "cancel"))
