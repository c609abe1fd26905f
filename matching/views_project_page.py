"""A project as a student sees it: its page, applying, saving it for later, reporting it; the saved list.

Every page but the project's own is for students only (`role_page`); every one reaches the project through
`project_get_visible_for_student`, so drafts, other universities' partners-only projects and unknown ids
all answer 404 alike. Anyone else reading a project gets its public page, for public and open projects
only. Whether the student may apply is `application_refusal`, the same check `application_submit` makes.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import role_page
from applications.forms import ApplicationForm
from applications.selectors import (
    application_of_student_for_project,
    application_refusal,
    application_state_for_project_page,
    application_weekly_budget,
)
from applications.services.applications import application_submit
from marketplace.forms import add_service_errors
from matching.selectors import match_for_student_and_project
from notifications.emails import site_url
from projects.forms_student import ReportForm
from projects.models import Project
from projects.selectors import (
    project_get_for_student_page,
    project_get_visible_for_student,
    project_list_saved_by_student,
    project_report_by_user,
    project_user_is_member,
)
from projects.services import project_report as report_project
from projects.services import project_save, project_unsave
from projects.structured_data import json_ld, project_job_posting, project_meta_description
from students.models import StudentProfile
from students.services import student_profile_ensure
from students.timezones import student_time_zone

SAVED_PAGE_SIZE = 20


def render_for_student(
    request: HttpRequest, profile: StudentProfile, template: str, context: dict, **kwargs
) -> HttpResponse:
    """Render in the student's time zone, with `profile` in the context."""
    with student_time_zone(profile):
        return render(request, template, {"profile": profile, **context}, **kwargs)


def _detail_url(project: Project) -> str:
    return reverse("projects:detail", kwargs={"public_id": project.public_id})


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: anything else (e.g. "-1") would be taken by redirect() for a view name.
    allowed = target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else default


def _skill_ids(profile: StudentProfile) -> set[int]:
    return {skill.id for skill in profile.skills.all()}


def project_detail(request: HttpRequest, public_id) -> HttpResponse:
    """A student's page of the project; anyone else (signed out, or another kind of account) gets its public
    page, which exists only while the project is public and open (`project_visible_to_student_q`)."""
    if not (request.user.is_authenticated and request.user.role == Role.STUDENT):
        return _public_project_detail(request, public_id)
    profile = student_profile_ensure(user=request.user)
    project = project_get_for_student_page(student=profile, public_id=public_id)
    application, refusal = application_state_for_project_page(student=profile, project=project)
    refusal_code = refusal.code if refusal is not None else None
    skill_ids = _skill_ids(profile)
    required = list(project.required_skills.all())
    return render_for_student(
        request,
        profile,
        "projects/detail.html",
        {
            "project": project,
            "highlight_skill_ids": skill_ids,
            "refusal": refusal,
            "refusal_code": refusal_code,
            "application": application,
            "budget": application_weekly_budget(student=profile, project=project)
            if refusal is None
            else None,
            "required_count": len(required),
            "required_matched": sum(1 for skill in required if skill.id in skill_ids),
            "match": match_for_student_and_project(student=profile, project=project) if skill_ids else None,
        },
    )


def _public_project_detail(request: HttpRequest, public_id) -> HttpResponse:
    """The project for a visitor who is no student: no match reasons; applying starts with signing up (or in)
    and comes back here; a link shared anywhere previews with the posting's title and description."""
    project = project_get_visible_for_student(student=None, public_id=public_id)
    prefetch_related_objects([project], "nice_to_have_skills")
    url = site_url() + _detail_url(project)
    logo = site_url() + project.employer.logo_url if project.employer.logo else ""
    return render(
        request,
        "projects/public_detail.html",
        {
            "project": project,
            "highlight_skill_ids": set(),
            "description": project_meta_description(project=project),
            "canonical_url": url,
            "logo_url": logo,
            "job_posting": json_ld(project_job_posting(project=project, url=url, logo_url=logo)),
            "is_member": project_user_is_member(user=request.user, project=project),
        },
    )


def _refused(request: HttpRequest, profile: StudentProfile, project: Project, refusal: ValidationError):
    """Where a student who may not apply is sent: their application if they made one, else the project."""
    if refusal.code == "already_applied":
        application = application_of_student_for_project(student=profile, project=project)
        messages.info(request, "You have already applied to this project: here is your application.")
        return redirect("applications:detail", public_id=application.public_id)
    messages.warning(request, refusal.messages[0])
    return redirect(_detail_url(project))


@role_page(Role.STUDENT)
def project_apply(request: HttpRequest, public_id) -> HttpResponse:
    profile = student_profile_ensure(user=request.user)
    project = project_get_visible_for_student(student=profile, public_id=public_id)
    refusal = application_refusal(student=profile, project=project)
    if refusal is not None:
        return _refused(request, profile, project, refusal)
    questions = project.screening_questions
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, questions=questions)
        if form.is_valid():
            try:
                application = application_submit(
                    student=profile,
                    project=project,
                    cover_note=form.cleaned_data["cover_note"],
                    answers=form.answers(),
                    resume=form.cleaned_data["resume"],
                )
            except ValidationError as error:
                if getattr(error, "code", None) in ("already_applied", "project_not_open", "deadline_passed"):
                    return _refused(request, profile, project, error)
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Your application to “{project.title}” is in. {project.employer.name} will review it; "
                    "you will see every change here.",
                )
                return redirect("applications:detail", public_id=application.public_id)
    else:
        form = ApplicationForm(questions=questions)
    return render_for_student(
        request,
        profile,
        "projects/apply.html",
        {
            "project": project,
            "form": form,
            "budget": application_weekly_budget(student=profile, project=project),
        },
    )


@require_POST
@role_page(Role.STUDENT)
def project_save_toggle(request: HttpRequest, public_id) -> HttpResponse:
    """Save (`action=save`, the default) or unsave (`action=unsave`): explicit, so a double click is
    harmless."""
    profile = student_profile_ensure(user=request.user)
    project = project_get_visible_for_student(student=profile, public_id=public_id)
    save = request.POST.get("action") != "unsave"
    if save:
        project_save(student=profile, project=project)
        text = f"Saved “{project.title}”. Find it again under Saved projects."
    else:
        project_unsave(student=profile, project=project)
        text = f"Removed “{project.title}” from your saved projects."
    project.is_saved = save
    next_url = _safe_next(request, _detail_url(project))
    if request.headers.get("HX-Request"):
        return render_for_student(
            request,
            profile,
            "projects/partials/save_button.html",
            {"project": project, "next": next_url, "announce": "Saved." if save else "Removed from saved."},
        )
    messages.success(request, text)
    return redirect(next_url)


@role_page(Role.STUDENT)
def saved_list(request: HttpRequest) -> HttpResponse:
    profile = student_profile_ensure(user=request.user)
    page = Paginator(project_list_saved_by_student(student=profile), SAVED_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render_for_student(
        request, profile, "projects/saved.html", {"page": page, "projects": page.object_list}
    )


@role_page(Role.STUDENT)
def project_report(request: HttpRequest, public_id) -> HttpResponse:
    profile = student_profile_ensure(user=request.user)
    project = project_get_visible_for_student(student=profile, public_id=public_id)
    existing = project_report_by_user(user=request.user, project=project)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            report_project(
                user=request.user,
                project=project,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Thank you for telling us. Our team will look into this posting; you do not need to do "
                "anything else.",
            )
            return redirect(_detail_url(project))
    return render_for_student(
        request, profile, "projects/report.html", {"project": project, "form": form, "existing": existing}
    )
