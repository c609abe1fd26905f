"""The employer's competency evaluation and the student's reflection, as pages, and the employer's list of
the evaluations they owe.

Both pages reach the credit request through `credit_request_get_for_user` (404 to anyone who is not its
student, a confirmed instructor of its course or a member of the engagement's organisation). The evaluation
page is the employer's form and, for the student and the faculty, a read-only view; the reflection page is
the student's form and the faculty's read-only view (the employer does not see the reflection: 404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from accounts.permissions import role_page
from courses.forms_evaluation import EvaluationForm, ReflectionForm
from courses.models import CreditRequest, CreditStatus
from courses.selectors_credit import (
    CreditViewer,
    credit_evaluation_of,
    credit_reflection_of,
    credit_request_get_for_user,
)
from courses.selectors_evaluation import evaluation_list_for_employer
from courses.services import evaluation_competencies, evaluation_submit, reflection_submit
from courses.services.evaluation import RUBRIC
from engagements.models import EngagementStatus


def _closed_because(credit: CreditRequest, writing: str) -> str:
    """Why `writing` cannot be written now ("" when it can)."""
    if credit.status == CreditStatus.SIGNED_OFF:
        day = date_format(timezone.localtime(credit.signed_off_at), "j M Y")
        return f"The faculty signed this credit off on {day}: the {writing} is final."
    if credit.status == CreditStatus.REQUESTED:
        return f"The {writing} opens once the faculty approve the credit and the work is completed."
    if credit.status == CreditStatus.DECLINED:
        return f"The faculty declined this credit request: no {writing} is needed."
    if credit.engagement.status != EngagementStatus.COMPLETED:
        return f"The {writing} opens once the work is completed."
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def credit_evaluation(request: HttpRequest, public_id) -> HttpResponse:
    credit, viewer = credit_request_get_for_user(user=request.user, public_id=public_id)
    evaluation = credit_evaluation_of(credit)
    closed = _closed_because(credit, "evaluation")
    can_edit = viewer == CreditViewer.EMPLOYER and not closed
    if request.method == "POST" and viewer != CreditViewer.EMPLOYER:
        raise PermissionDenied("Only the employer can evaluate the student's competencies.")
    form = None
    status = 200
    if can_edit or request.method == "POST":
        competencies = evaluation_competencies(credit=credit)
        form = EvaluationForm(request.POST or None, competencies=competencies, evaluation=evaluation)
        if request.method == "POST" and form.is_valid():
            try:
                evaluation_submit(credit=credit, by=request.user, **form.service_kwargs())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    "Evaluation saved: the student and the course's faculty can read it. "
                    "You can change it until the faculty sign the credit off.",
                )
                return redirect("courses:credit_evaluation", public_id=credit.public_id)
        if form.is_bound:
            status = 400
    ratings = list(evaluation.ratings.select_related("skill")) if evaluation is not None else []
    return render(
        request,
        "courses/evaluation/evaluation.html",
        {
            "credit": credit,
            "viewer": viewer,
            "evaluation": evaluation,
            "ratings": ratings,
            "form": form,
            "can_edit": can_edit,
            "closed": closed,
            "rubric": RUBRIC,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def credit_reflection(request: HttpRequest, public_id) -> HttpResponse:
    credit, viewer = credit_request_get_for_user(user=request.user, public_id=public_id)
    if viewer == CreditViewer.EMPLOYER:
        raise Http404("No such credit request.")
    if request.method == "POST" and viewer != CreditViewer.STUDENT:
        raise PermissionDenied("Only the student can write the reflection.")
    reflection = credit_reflection_of(credit)
    closed = _closed_because(credit, "reflection")
    can_edit = viewer == CreditViewer.STUDENT and not closed
    form = None
    status = 200
    if can_edit or request.method == "POST":
        form = ReflectionForm(request.POST or None, outcomes=credit.required_outcomes, reflection=reflection)
        if request.method == "POST" and form.is_valid():
            try:
                reflection_submit(credit=credit, by=request.user, **form.service_kwargs())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    "Reflection saved: the course's faculty can read it. "
                    "You can change it until they sign the credit off.",
                )
                return redirect("courses:credit_reflection", public_id=credit.public_id)
        if form.is_bound:
            status = 400
    answers = []
    if reflection is not None:
        answers = list(zip(credit.required_outcomes, reflection.outcome_answers, strict=False))
    return render(
        request,
        "courses/evaluation/reflection.html",
        {
            "credit": credit,
            "viewer": viewer,
            "reflection": reflection,
            "answers": answers,
            "form": form,
            "can_edit": can_edit,
            "closed": closed,
        },
        status=status,
    )


@role_page(Role.EMPLOYER)
def evaluations_owed(request: HttpRequest) -> HttpResponse:
    credits = list(evaluation_list_for_employer(user=request.user))
    return render(
        request,
        "courses/evaluation/owed.html",
        {
            "owed": [credit for credit in credits if not credit.has_evaluation],
            "sent": [credit for credit in credits if credit.has_evaluation],
        },
    )
