"""Academic credit pages: the student's request (from the engagement page), the credit record the student,
the faculty and (in part) the employer share, and the faculty's decision and sign-off. Access is the
selectors' (courses/selectors_credit.py); the rules are the services' (courses/services/credit.py)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from accounts.permissions import role_page
from courses.access import confirmed_faculty_page
from courses.forms_credit import CreditApproveForm, CreditDeclineForm, CreditRequestForm, CreditSignOffForm
from courses.models import (
    RUBRIC_DESCRIPTIONS,
    Course,
    CreditRequest,
    CreditStatus,
    FacultyProfile,
    RubricLevel,
)
from courses.selectors_credit import (
    CreditViewer,
    credit_board_for_course,
    credit_courses_for_engagement,
    credit_evaluation_of,
    credit_live_request_for_engagement,
    credit_reflection_of,
    credit_request_get_for_faculty,
    credit_request_get_for_user,
    credit_request_list_for_student,
)
from courses.services import (
    credit_request_approve,
    credit_request_create,
    credit_request_decline,
    credit_sign_off,
    credit_sign_off_missing,
)
from engagements.access import engagement_get_for_party
from marketplace.forms import add_service_errors


def faculty_credit_context(course: Course) -> dict[str, Any]:
    """The "Credit" section of the faculty's course page (courses.views.course_detail): one query."""
    return {"credit_board": credit_board_for_course(course=course)}


def student_credit_context(request: HttpRequest, course: Course) -> dict[str, Any]:
    """The student's own requests on their course page (courses.views.student_course): one query."""
    return {"credit_requests": list(credit_request_list_for_student(user=request.user, course=course))}


@role_page(Role.STUDENT)
@require_http_methods(["GET", "POST"])
def credit_request(request: HttpRequest, engagement_public_id) -> HttpResponse:
    """The engagement's student asks that it count for one of their courses."""
    engagement, party = engagement_get_for_party(user=request.user, public_id=engagement_public_id)
    if party != "student":
        raise Http404("No such engagement.")
    live = credit_live_request_for_engagement(engagement=engagement)
    if live is not None:
        messages.info(request, f"You already asked credit for this work in {live.course.code}.")
        return redirect("courses:credit_detail", public_id=live.public_id)
    courses = credit_courses_for_engagement(engagement=engagement)
    form = CreditRequestForm(request.POST or None, courses=courses)
    if request.method == "POST" and form.is_valid():
        try:
            credit = credit_request_create(
                engagement=engagement,
                course=form.cleaned_data["course"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Request sent: {credit.course.code}'s faculty will decide.")
            return redirect("courses:credit_detail", public_id=credit.public_id)
    return render(
        request,
        "courses/credit/request_form.html",
        {"engagement": engagement, "project": engagement.project, "form": form, "courses": courses},
        status=400 if form.is_bound else 200,
    )


def _record_context(credit: CreditRequest, viewer: CreditViewer) -> dict:
    evaluation = credit_evaluation_of(credit)
    ratings = list(evaluation.ratings.select_related("skill")) if evaluation is not None else []
    reflection = credit_reflection_of(credit)
    return {
        "credit": credit,
        "viewer": viewer,
        "course": credit.course,
        "engagement": credit.engagement,
        "evaluation": evaluation,
        "ratings": ratings,
        "rubric": [(level, RubricLevel(level).label, text) for level, text in RUBRIC_DESCRIPTIONS.items()],
        "reflection": reflection,
        "reflection_answers": list(
            zip(credit.required_outcomes, (reflection.outcome_answers if reflection else []), strict=False)
        ),
        "missing": credit_sign_off_missing(credit) if credit.status == CreditStatus.APPROVED else [],
    }


@login_required
def credit_detail(request: HttpRequest, public_id) -> HttpResponse:
    """The credit record: whole for the student and the faculty; for the employer's members only that the
    work counts, its status, and their own evaluation."""
    credit, viewer = credit_request_get_for_user(user=request.user, public_id=public_id)
    return render(request, "courses/credit/detail.html", _record_context(credit, viewer))


@confirmed_faculty_page
@require_http_methods(["GET", "POST"])
def credit_decide(request: HttpRequest, public_id, *, faculty: FacultyProfile) -> HttpResponse:
    """Approve with the outcomes the work must show, or decline with a reason."""
    credit = credit_request_get_for_faculty(user=request.user, public_id=public_id)
    action = request.POST.get("action") if request.method == "POST" else None
    approve_form = CreditApproveForm(request.POST if action == "approve" else None, course=credit.course)
    decline_form = CreditDeclineForm(request.POST if action == "decline" else None)
    form = {"approve": approve_form, "decline": decline_form}.get(action)
    if request.method == "POST" and form is None:
        messages.error(request, "Choose to approve or to decline.")
    elif form is not None and form.is_valid():
        try:
            if action == "approve":
                credit = credit_request_approve(
                    credit=credit, by=request.user, outcomes=form.cleaned_data["outcomes"]
                )
                messages.success(request, "Approved: the student and the employer have been told.")
            else:
                credit = credit_request_decline(
                    credit=credit, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, "Declined: the student has been told why.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("courses:credit_detail", public_id=credit.public_id)
    context = _record_context(credit, CreditViewer.FACULTY)
    context.update({"approve_form": approve_form, "decline_form": decline_form})
    return render(
        request, "courses/credit/decide.html", context, status=400 if request.method == "POST" else 200
    )


@confirmed_faculty_page
@require_http_methods(["GET", "POST"])
def credit_sign_off_page(request: HttpRequest, public_id, *, faculty: FacultyProfile) -> HttpResponse:
    """Sign off approved credit once the work, the evaluation and the reflection are all in."""
    credit = credit_request_get_for_faculty(user=request.user, public_id=public_id)
    if credit.status == CreditStatus.SIGNED_OFF:
        messages.info(request, "This credit is already signed off.")
        return redirect("courses:credit_detail", public_id=credit.public_id)
    form = CreditSignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            credit = credit_sign_off(credit=credit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Signed off: the student has been told.")
            return redirect("courses:credit_detail", public_id=credit.public_id)
    context = _record_context(credit, CreditViewer.FACULTY)
    context["form"] = form
    return render(request, "courses/credit/sign_off.html", context, status=400 if form.is_bound else 200)
