"""The exploration pages: the student's exploration (charts, paths not tried, future-hire marks,
invitations), the employer's future-hire mark from an engagement and their talent list. Thin adapters over
exploration.selectors and exploration.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_page
from employers.selectors import employer_get_for_member
from engagements.access import engagement_get_for_party
from exploration.charts import exploration_charts
from exploration.forms import TalentInviteForm
from exploration.selectors import (
    employer_open_projects,
    exploration_for_student,
    future_hire_get_for_student,
    future_hire_list_for_student,
    invitation_get_for_student,
    invitation_list_for_student,
    talent_list_for_employer,
    unexplored_matches_for_student,
)
from exploration.services import future_hire_mark, future_hire_set_shown, invitation_respond, talent_invite
from projects.models import Project
from students.services import student_profile_ensure


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@role_page(Role.STUDENT)
def exploration_page(request: HttpRequest) -> HttpResponse:
    student = student_profile_ensure(user=request.user)
    exploration = exploration_for_student(student=student)
    return render(
        request,
        "exploration/page.html",
        {
            "exploration": exploration,
            "charts": exploration_charts(exploration),
            "paths": unexplored_matches_for_student(student=student),
            "marks": list(future_hire_list_for_student(student=student)),
            "invitations": list(invitation_list_for_student(student=student)),
        },
    )


@require_POST
@role_page(Role.STUDENT)
def mark_show(request: HttpRequest, pk: int) -> HttpResponse:
    mark = future_hire_get_for_student(user=request.user, pk=pk)
    shown = request.POST.get("shown") == "1"
    future_hire_set_shown(mark=mark, shown=shown)
    messages.success(
        request,
        f"{mark.employer.name}'s mark is {'shown on' if shown else 'hidden from'} your public portfolio.",
    )
    return redirect("exploration:page")


@require_POST
@role_page(Role.STUDENT)
def invitation_answer(request: HttpRequest, public_id, answer: str) -> HttpResponse:
    if answer not in {"accept", "decline"}:
        raise Http404("No such answer.")
    invitation = invitation_get_for_student(user=request.user, public_id=public_id)
    try:
        url = invitation_respond(invitation=invitation, accept=answer == "accept")
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("exploration:page")
    if answer == "decline":
        messages.success(request, f"You declined {invitation.employer.name}'s invitation.")
    return redirect(url)


@require_http_methods(["GET", "POST"])
@role_page(Role.EMPLOYER)
def future_hire(request: HttpRequest, public_id) -> HttpResponse:
    """Confirm, then mark the engagement's student as a future hire (members of its organisation only)."""
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    if party != "employer":
        raise Http404("No such engagement.")
    if request.method == "POST":
        try:
            _mark, created = future_hire_mark(engagement_public_id=engagement.public_id, by=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return redirect("engagements:detail", engagement.public_id)
        name = engagement.student.user.get_full_name()
        messages.success(
            request,
            f"{name} is on your talent list." if created else f"{name} was already on your talent list.",
        )
        return redirect("exploration:talent", engagement.employer.slug)
    return render(request, "exploration/future_hire.html", {"engagement": engagement})


def _talent_page(request: HttpRequest, employer, form: TalentInviteForm | None = None, status: int = 200):
    projects = employer_open_projects(employer=employer)
    talent = list(talent_list_for_employer(employer=employer))
    return render(
        request,
        "exploration/talent.html",
        {
            "employer": employer,
            "talent": talent,
            "projects": list(projects),
            "form": form,
        },
        status=status,
    )


@role_page(Role.EMPLOYER)
def talent_list(request: HttpRequest, slug: str) -> HttpResponse:
    employer = employer_get_for_member(user=request.user, slug=slug)
    return _talent_page(request, employer)


@require_POST
@role_page(Role.EMPLOYER)
def talent_invite_view(request: HttpRequest, slug: str) -> HttpResponse:
    employer = employer_get_for_member(user=request.user, slug=slug)
    form = TalentInviteForm(request.POST, projects=employer_open_projects(employer=employer))
    if not form.is_valid():
        return _talent_page(request, employer, form, status=400)
    try:
        invitation = talent_invite(
            employer=employer,
            student_id=form.cleaned_data["student"],
            project=form.cleaned_data["project"],
            by=request.user,
            message=form.cleaned_data["message"],
        )
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return _talent_page(request, employer, form, status=400)
    project: Project = invitation.project
    messages.success(request, f"Invitation to apply to {project.title} sent.")
    return redirect("exploration:talent", employer.slug)
