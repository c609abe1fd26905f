"""The work panel of the engagement page: milestones, the deliverables handed in for them and the employer's
answers, completion and payment, and cancelling.

Every form posts and redirects back to the page at the panel's anchor with a message. A form with errors
re-renders the whole page (status 200) with the bound form in place, through `render_engagement_page`.
The services decide who may do what and when; their refusals are shown, on the right field where there
is one.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

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

from engagements.forms.work import (
    CancelForm,
    ChangesForm,
    MarkPaidForm,
    MilestoneForm,
    SubmissionForm,
)
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementStatus,
    Milestone,
    MilestoneStatus,
    Payment,
    PaymentStatus,
    SubmissionStatus,
)
from engagements.selectors import (
    EngagementParty,
    milestone_get_for_engagement,
    milestone_overview,
    payment_for_engagement,
    submission_get_for_engagement,
    submission_list_for_engagement,
)
from engagements.services import deliverable_approve as approve_service
from engagements.services import deliverable_request_changes as request_changes_service
from engagements.services import deliverable_submit as submit_service
from engagements.services import engagement_cancel as cancel_service
from engagements.services import milestone_add as milestone_add_service
from engagements.services import milestone_remove as milestone_remove_service
from engagements.services import milestone_update
from engagements.services import payment_mark_paid as mark_paid_service
from engagements.services._common import OPEN_ENGAGEMENT_STATUSES
from engagements.services.deliverables import deliverable_auto_approves_at
from engagements.services.lifecycle import pro_rata_amount
from engagements.views.pages import (
    engagement_for_request,
    engagement_url,
    party_page,
    render_engagement_page,
)
from marketplace.uploads import deliverable_content_type, private_file_response

# Where each service refusal belongs on a form; any other refusal is shown above the fields.
MILESTONE_ERROR_FIELDS = {
    "title_required": "title",
    "title_too_long": "title",
    "due_date_in_past": "due_date",
}
SUBMISSION_ERROR_FIELDS = {"invalid_link": "link"}
CHANGES_ERROR_FIELDS = {"comment_required": "comment"}
PAID_ERROR_FIELDS = {"reference_too_long": "reference"}
CANCEL_ERROR_FIELDS = {"reason_required": "reason"}
EDIT_TEMPLATE = "engagements/work_milestone_edit.html"


# The panel -----------------------------------------------------------------------------------------


@dataclass
class SubmissionRow:
    submission: DeliverableSubmission
    file_name: str
    auto_approves_at: dt.datetime | None
    changes_form: ChangesForm | None


@dataclass
class MilestoneRow:
    milestone: Milestone
    state: str
    days_late: int
    due_in_days: int | None
    submissions: list[SubmissionRow]
    submit_form: SubmissionForm | None
    can_change: bool
    can_remove: bool

    @property
    def latest(self) -> SubmissionRow | None:
        return self.submissions[0] if self.submissions else None

    @property
    def history(self) -> list[SubmissionRow]:
        return self.submissions[1:]


@dataclass(frozen=True)
class CancellationTerms:
    """What cancelling now would cost, from the same figures and function the cancel service uses."""

    started: bool
    approved: int
    total: int
    owed: Decimal
    currency: str
    fee: Decimal


def _submission_form(milestone: Milestone, data=None, files=None) -> SubmissionForm:
    return SubmissionForm(data, files, prefix=f"submit-{milestone.pk}")


def _changes_form(submission: DeliverableSubmission, data=None) -> ChangesForm:
    return ChangesForm(data, prefix=f"changes-{submission.pk}")


def _summary(rows: list[MilestoneRow]) -> str:
    """e.g. "2 of 4 approved, 1 awaiting review, 1 late"."""
    total = len(rows)
    done = sum(row.state == "done" for row in rows)
    awaiting = sum(row.milestone.status == MilestoneStatus.SUBMITTED for row in rows)
    late = sum(row.state == "late" for row in rows)
    parts = [f"{done} of {total} approved"]
    if awaiting:
        parts.append(f"{awaiting} awaiting review")
    if late:
        parts.append(f"{late} late")
    return ", ".join(parts)


def work_context(
    request: HttpRequest,
    engagement: Engagement,
    party: EngagementParty,
    *,
    bound: dict[str, Form] | None = None,
) -> dict:
    """The panel's context, in a constant number of queries: milestones, their submissions, the payment.

    `bound` holds forms with errors to show in place of fresh ones, keyed "milestone", "paid", "cancel",
    "submit-<milestone pk>" or "changes-<submission pk>".
    """
    bound = bound or {}
    today = timezone.localdate()
    is_open = engagement.status in OPEN_ENGAGEMENT_STATUSES
    is_active = engagement.status == EngagementStatus.ACTIVE
    overview = milestone_overview(engagement=engagement, today=today)
    by_milestone: dict[int, list[DeliverableSubmission]] = defaultdict(list)
    for submission in submission_list_for_engagement(engagement=engagement):
        by_milestone[submission.milestone_id].append(submission)
    rows = []
    for entry in overview:
        milestone = entry.milestone
        submission_rows = []
        for submission in by_milestone[milestone.pk]:
            awaiting = submission.status == SubmissionStatus.SUBMITTED
            changes_form = None
            if awaiting and party == "employer" and is_active:
                changes_form = bound.get(f"changes-{submission.pk}") or _changes_form(submission)
            submission_rows.append(
                SubmissionRow(
                    submission=submission,
                    file_name=PurePath(submission.file.name).name if submission.file else "",
                    auto_approves_at=deliverable_auto_approves_at(submission=submission)
                    if awaiting
                    else None,
                    changes_form=changes_form,
                )
            )
        can_submit = (
            party == "student"
            and is_active
            and milestone.status in (MilestoneStatus.PENDING, MilestoneStatus.CHANGES_REQUESTED)
        )
        rows.append(
            MilestoneRow(
                milestone=milestone,
                state=entry.state,
                days_late=entry.days_late,
                due_in_days=(milestone.due_date - today).days if milestone.due_date else None,
                submissions=submission_rows,
                submit_form=(bound.get(f"submit-{milestone.pk}") or _submission_form(milestone))
                if can_submit
                else None,
                can_change=party == "employer" and is_open and milestone.status != MilestoneStatus.APPROVED,
                can_remove=party == "employer"
                and is_open
                and milestone.status == MilestoneStatus.PENDING
                and not submission_rows
                and len(overview) > 1,
            )
        )
    payment = payment_for_engagement(engagement=engagement)
    approved = sum(entry.state == "done" for entry in overview)
    terms = CancellationTerms(
        started=engagement.status != EngagementStatus.KICKOFF,
        approved=approved,
        total=len(overview),
        owed=pro_rata_amount(fee=engagement.fee, approved=approved, total=len(overview)),
        currency=engagement.currency,
        fee=engagement.fee,
    )
    return {
        "work_rows": rows,
        "work_summary": _summary(rows),
        "work_late_count": sum(row.state == "late" for row in rows),
        "work_is_open": is_open,
        "work_is_active": is_active,
        "work_auto_approve_days": _auto_approve_days(),
        "work_milestone_form": (bound.get("milestone") or MilestoneForm(prefix="milestone"))
        if party == "employer" and is_open
        else None,
        "work_milestone_form_open": "milestone" in bound,
        "work_payment": payment,
        "work_paid_form": (bound.get("paid") or MarkPaidForm(prefix="paid"))
        if party == "employer" and payment is not None and payment.status == PaymentStatus.PENDING
        else None,
        "work_paid_form_open": "paid" in bound,
        "work_cancel_terms": terms,
        "work_cancel_form": (bound.get("cancel") or CancelForm(prefix="cancel")) if is_open else None,
        "work_cancel_form_open": "cancel" in bound,
    }


def _auto_approve_days() -> int:
    return settings.MARKETPLACE["AUTO_APPROVE_DAYS"]


# Helpers of the actions ----------------------------------------------------------------------------


def _add_service_error(form: Form, error: ValidationError, fields: dict[str, str]) -> None:
    """Put a service's refusal on the field it is about, or above the fields."""
    field = fields.get(getattr(error, "code", None) or "")
    form.add_error(field if field in form.fields else None, error)


def _rerender(request: HttpRequest, engagement: Engagement, party: EngagementParty, key: str, form: Form):
    return render_engagement_page(
        request, engagement, party, **work_context(request, engagement, party, bound={key: form})
    )


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
    engagement, party = engagement_for_request(request, public_id)
    form = MilestoneForm(request.POST, prefix="milestone")
    if not form.is_valid():
        return _rerender(request, engagement, party, "milestone", form)
    try:
        milestone = milestone_add_service(engagement=engagement, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        _add_service_error(form, error, MILESTONE_ERROR_FIELDS)
        return _rerender(request, engagement, party, "milestone", form)
    messages.success(
        request,
        f"Milestone “{milestone.title}” added, due {_day(milestone.due_date)}. The student sees it now.",
    )
    return redirect(engagement_url(engagement, f"milestone-{milestone.pk}"))


@party_page
def milestone_edit(request: HttpRequest, public_id, pk: int) -> HttpResponse:
    """A page of its own for changing one milestone (title, description, due date): the employer's only."""
    engagement, party = engagement_for_request(request, public_id)
    if party != "employer":
        raise Http404("No such page.")
    milestone = milestone_get_for_engagement(engagement=engagement, pk=pk)
    form = MilestoneForm.for_milestone(milestone, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            milestone = milestone_update(milestone=milestone, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_service_error(form, error, MILESTONE_ERROR_FIELDS)
        else:
            messages.success(request, f"Milestone “{milestone.title}” saved.")
            return redirect(engagement_url(engagement, f"milestone-{milestone.pk}"))
    editable = engagement.status in OPEN_ENGAGEMENT_STATUSES and milestone.status != MilestoneStatus.APPROVED
    return render(
        request,
        EDIT_TEMPLATE,
        {"engagement": engagement, "milestone": milestone, "form": form, "editable": editable},
    )


@require_POST
@party_page
def milestone_remove(request: HttpRequest, public_id, pk: int) -> HttpResponse:
    engagement, _party = engagement_for_request(request, public_id)
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
    engagement, party = engagement_for_request(request, public_id)
    milestone = milestone_get_for_engagement(engagement=engagement, pk=pk)
    form = _submission_form(milestone, request.POST, request.FILES)
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
        _add_service_error(form, error, SUBMISSION_ERROR_FIELDS)
        return _rerender(request, engagement, party, key, form)
    messages.success(
        request,
        f"Your work for “{milestone.title}” is handed in. The employer approves it or asks for changes; "
        f"without an answer it is approved automatically after {_auto_approve_days()} days.",
    )
    return redirect(engagement_url(engagement, f"milestone-{milestone.pk}"))


def submission_file_response(submission: DeliverableSubmission) -> FileResponse:
    """The file of an already access-checked submission, as a download in the type its content was
    checked as (the page and the API serve it alike); Http404 for a submission with only a link."""
    if not submission.file:
        raise Http404("This submission has no file.")
    name = PurePath(submission.file.name).name
    return private_file_response(
        submission.file, download_name=name, content_type=deliverable_content_type(name)
    )


@require_GET
@party_page
def deliverable_file(request: HttpRequest, public_id, pk: int) -> FileResponse:
    """The file of a submission, as a download, for the student and the employer's members only."""
    engagement, _party = engagement_for_request(request, public_id)
    return submission_file_response(submission_get_for_engagement(engagement=engagement, pk=pk))


@require_POST
@party_page
def deliverable_approve(request: HttpRequest, public_id, pk: int) -> HttpResponse:
    engagement, _party = engagement_for_request(request, public_id)
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
    engagement, party = engagement_for_request(request, public_id)
    submission = submission_get_for_engagement(engagement=engagement, pk=pk)
    form = _changes_form(submission, request.POST)
    key = f"changes-{submission.pk}"
    if not form.is_valid():
        return _rerender(request, engagement, party, key, form)
    try:
        request_changes_service(submission=submission, by=request.user, comment=form.cleaned_data["comment"])
    except ValidationError as error:
        if error.code in CHANGES_ERROR_FIELDS:
            _add_service_error(form, error, CHANGES_ERROR_FIELDS)
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
    engagement, party = engagement_for_request(request, public_id)
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
        _add_service_error(form, error, PAID_ERROR_FIELDS)
        return _rerender(request, engagement, party, "paid", form)
    amount = f"{floatformat(payment.amount, '-2g')} {payment.currency}"
    messages.success(request, f"Payment of {amount} recorded as paid. The student sees it now.")
    return redirect(engagement_url(engagement, "payment"))


@require_POST
@party_page
def engagement_cancel(request: HttpRequest, public_id) -> HttpResponse:
    engagement, party = engagement_for_request(request, public_id)
    form = CancelForm(request.POST, prefix="cancel")
    if not form.is_valid():
        return _rerender(request, engagement, party, "cancel", form)
    try:
        engagement = cancel_service(
            engagement=engagement, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        if error.code in CANCEL_ERROR_FIELDS:
            _add_service_error(form, error, CANCEL_ERROR_FIELDS)
            return _rerender(request, engagement, party, "cancel", form)
        return _refused(request, engagement, error, "cancel")
    payment = payment_for_engagement(engagement=engagement)
    if payment is not None:
        owed = f"{payment.amount} {payment.currency} is owed to the student for the approved milestones."
    else:
        owed = "Nothing is owed."
    messages.success(request, f"The engagement is cancelled. {owed}")
    return redirect(engagement_url(engagement, "cancel"))
