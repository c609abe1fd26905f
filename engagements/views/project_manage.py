"""The employer's project pages: choose a template, edit, the overview with its preview and checklist, and
the lifecycle actions (publish, close, duplicate, cancel)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import role_page
from applications.selectors import application_status_counts_for_project
from employers.selectors import employer_list_for_user
from engagements.forms.project_cancellation import CancelProjectForm
from engagements.services.project_cancellation import project_cancel
from marketplace.forms import add_service_errors
from marketplace.timezones import zone_info
from projects.blueprints import BLANK, BLUEPRINTS, blueprint_get
from projects.forms import ProjectForm
from projects.models import Project, ProjectStatus
from projects.selectors import (
    project_available_actions,
    project_get_for_employer,
    project_publish_checks,
)
from projects.services import (
    project_close,
    project_create,
    project_duplicate,
    project_publish,
    project_update,
)

STATUS_MEANINGS = {
    ProjectStatus.DRAFT: "Only your organisation can see it. Publish it when the checklist is clear.",
    ProjectStatus.OPEN: "Students can find it and apply until the deadline or until every opening is filled.",
    ProjectStatus.IN_PROGRESS: "No new applications. Applicants already in can still be accepted while "
    "openings remain, and the work is under way.",
    ProjectStatus.COMPLETED: "The work is done. Thank you for giving students real experience.",
    ProjectStatus.CANCELLED: "The project will not go ahead. Applicants who were waiting have been told.",
}


def _with_skills(project: Project) -> Project:
    """Reload the project with what the student-facing body shows (employer and skills) in two queries."""
    return (
        Project.objects.select_related("employer", "created_by")
        .prefetch_related("required_skills", "nice_to_have_skills")
        .get(pk=project.pk)
    )


@role_page(Role.EMPLOYER)
def project_new(request: HttpRequest) -> HttpResponse:
    if not employer_list_for_user(user=request.user).exists():
        messages.info(request, "Create your organisation first: projects are posted in its name.")
        return redirect("employers:org_create")
    return render(request, "projects/manage/new.html", {"blueprints": BLUEPRINTS, "blank": BLANK})


@role_page(Role.EMPLOYER)
def project_create_view(request: HttpRequest, template: str) -> HttpResponse:
    blueprint = None if template == BLANK else blueprint_get(template)
    if template != BLANK and blueprint is None:
        raise Http404("No such template.")
    employers = employer_list_for_user(user=request.user)
    if not employers.exists():
        messages.info(request, "Create your organisation first: projects are posted in its name.")
        return redirect("employers:org_create")
    initial = blueprint.initial() if blueprint else {}
    # Several organisations: the deadline is in the first one's zone, which the form names.
    zone = employers[0].time_zone
    form = ProjectForm(request.POST or None, initial=initial, employers=employers, time_zone=zone)
    if request.method == "POST" and form.is_valid():
        try:
            project = project_create(user=request.user, employer=form.chosen_employer, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Draft saved. Check the preview and the checklist below, then publish it."
            )
            return redirect("manage:detail", public_id=project.public_id)
    return render(
        request,
        "projects/manage/editor.html",
        {"form": form, "blueprint": blueprint, "project": None, "rules": settings.MARKETPLACE},
    )


@role_page(Role.EMPLOYER)
def project_edit(request: HttpRequest, public_id) -> HttpResponse:
    project = project_get_for_employer(user=request.user, public_id=public_id)
    if "edit" not in project_available_actions(project=project):
        messages.warning(
            request,
            "This project can no longer be changed: only drafts and open projects can be edited. "
            "Duplicate it to post a new version.",
        )
        return redirect("manage:detail", public_id=project.public_id)
    form = ProjectForm(
        request.POST or None, initial=ProjectForm.initial_for(project), time_zone=project.employer.time_zone
    )
    if request.method == "POST" and form.is_valid():
        try:
            project_update(project=project, user=request.user, data=form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Changes saved.")
            return redirect("manage:detail", public_id=project.public_id)
    return render(
        request,
        "projects/manage/editor.html",
        {"form": form, "blueprint": None, "project": project, "rules": settings.MARKETPLACE},
    )


@role_page(Role.EMPLOYER)
def project_detail(request: HttpRequest, public_id) -> HttpResponse:
    project = _with_skills(project_get_for_employer(user=request.user, public_id=public_id))
    actions = project_available_actions(project=project)
    problems = project_publish_checks(project=project) if project.status == ProjectStatus.DRAFT else []
    counts = application_status_counts_for_project(user=request.user, project=project)
    # The page's dates in the organisation's time zone, the one its editor uses.
    with timezone.override(zone_info(project.employer.time_zone)):
        return render(
            request,
            "projects/manage/detail.html",
            {
                "project": project,
                "actions": actions,
                "problems": problems,
                "counts": counts,
                "status_meaning": STATUS_MEANINGS.get(project.status, ""),
                "cancel_form": CancelProjectForm(),
                "empty": frozenset(),
            },
        )


@require_POST
@role_page(Role.EMPLOYER)
def project_publish_view(request: HttpRequest, public_id) -> HttpResponse:
    project = project_get_for_employer(user=request.user, public_id=public_id)
    try:
        project_publish(project=project, user=request.user)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            count = sum(len(errors) for errors in error.error_dict.values())
            messages.error(
                request,
                f"Not published yet: {count} thing{'s' if count != 1 else ''} to fix first, listed in the "
                "checklist below.",
            )
        else:
            messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Published. Students can now find your project and apply.")
    return redirect("manage:detail", public_id=project.public_id)


@require_POST
@role_page(Role.EMPLOYER)
def project_close_view(request: HttpRequest, public_id) -> HttpResponse:
    project = project_get_for_employer(user=request.user, public_id=public_id)
    try:
        project_close(project=project, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            "Applications are closed. You can still accept applicants who already applied while openings "
            "remain.",
        )
    return redirect("manage:detail", public_id=project.public_id)


@require_POST
@role_page(Role.EMPLOYER)
def project_duplicate_view(request: HttpRequest, public_id) -> HttpResponse:
    project = project_get_for_employer(user=request.user, public_id=public_id)
    copy = project_duplicate(project=project, user=request.user)
    messages.success(
        request, f"This is a new draft copied from “{project.title}”. Check the dates, then save it."
    )
    return redirect("manage:edit", public_id=copy.public_id)


@require_POST
@role_page(Role.EMPLOYER)
def project_cancel_view(request: HttpRequest, public_id) -> HttpResponse:
    project = project_get_for_employer(user=request.user, public_id=public_id)
    form = CancelProjectForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        project_cancel(project=project, user=request.user, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The project is cancelled. Applicants who were waiting have been told.")
    return redirect("manage:detail", public_id=project.public_id)
