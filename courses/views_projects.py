"""Course-linked projects' pages: the employer browses courses, proposes a project and follows their
proposals; the faculty accept, decline, adopt and remove from their course page (the course page's
"Projects" section is filled by `faculty_projects_context`, the student course page's by
`student_projects_context`).

Every action is a POST answered by a redirect with a message; outsiders get 404 from the scoped selectors.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_page
from courses.access import confirmed_faculty_page
from courses.forms_projects import DeclineForm, ProposalForm, RemoveForm
from courses.models import Course, CourseProjectStatus, FacultyProfile
from courses.selectors import course_get_for_instructor
from courses.selectors_projects import (
    course_adoptable_project_get,
    course_adoptable_projects,
    course_get_taking_proposals,
    course_list_taking_proposals,
    course_project_get_for_course,
    course_project_get_for_employer,
    course_project_links_for_course,
    course_project_list_for_employer,
    course_projects_for_student,
    project_list_proposable,
)
from courses.services import (
    course_project_accept,
    course_project_adopt,
    course_project_decline,
    course_project_propose,
    course_project_remove,
    course_project_withdraw,
)
from marketplace.forms import add_service_errors

COURSES_PER_PAGE = 20
PROPOSALS_PER_PAGE = 25


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- The employer's pages ----------------------------------------------------------------------------------


@role_page(Role.EMPLOYER)
def course_browse(request: HttpRequest) -> HttpResponse:
    """The courses taking proposals, searched by code, title or university; 20 a page."""
    query = request.GET.get("q", "")[:100]
    page = Paginator(course_list_taking_proposals(query=query), COURSES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "courses/projects/browse.html", {"page": page, "query": query})


@role_page(Role.EMPLOYER)
@require_http_methods(["GET", "POST"])
def proposal_new(request: HttpRequest, public_id) -> HttpResponse:
    course = course_get_taking_proposals(public_id=public_id)
    projects = project_list_proposable(user=request.user)
    form = ProposalForm(request.POST or None, projects=projects)
    if request.method == "POST" and form.is_valid():
        try:
            course_project_propose(
                by=request.user,
                course=course,
                project=form.cleaned_data["project"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Proposed to {course.code} {course.title}. We will tell you when the faculty answer.",
            )
            return redirect("courses:proposals")
    status = 400 if form.is_bound else 200
    return render(
        request,
        "courses/projects/propose.html",
        {"course": course, "form": form, "has_projects": projects.exists()},
        status=status,
    )


@role_page(Role.EMPLOYER)
def proposal_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(course_project_list_for_employer(user=request.user), PROPOSALS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "courses/projects/proposals.html", {"page": page, "Status": CourseProjectStatus})


@role_page(Role.EMPLOYER)
@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    link = course_project_get_for_employer(user=request.user, pk=pk)
    try:
        course_project_withdraw(by=request.user, link=link)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"Proposal of “{link.project.title}” withdrawn.")
    return redirect("courses:proposals")


# --- The faculty's actions, from the course page -----------------------------------------------------------


def faculty_projects_context(request: HttpRequest, course: Course) -> dict[str, Any]:
    """What the course page's "Projects" section shows: the waiting proposals, the accepted projects, and
    the projects to adopt matching ?adopt=. One query, and one more once the faculty member searches: the
    adopt list starts empty, since the first twenty open projects of the whole marketplace said little."""
    links = list(course_project_links_for_course(course=course))
    adopt_query = " ".join(request.GET.get("adopt", "")[:100].split())
    return {
        "proposals": [link for link in links if link.status == CourseProjectStatus.PROPOSED],
        "course_projects": [link for link in links if link.status == CourseProjectStatus.ACCEPTED],
        "adopt_query": adopt_query,
        "adoptable": course_adoptable_projects(course=course, query=adopt_query) if adopt_query else [],
        "decline_form": DeclineForm(),
        "remove_form": RemoveForm(),
    }


def _back(course: Course) -> HttpResponse:
    return redirect(reverse("courses:detail", args=[course.public_id]) + "#projects")


@confirmed_faculty_page
@require_POST
def link_accept(request: HttpRequest, public_id, pk: int, *, faculty: FacultyProfile) -> HttpResponse:
    course = course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty)
    link = course_project_get_for_course(course=course, pk=pk)
    try:
        course_project_accept(by=request.user, link=link)
    except ValidationError as error:
        messages.error(request, f"Could not accept “{link.project.title}”: {_error_text(error)}")
    else:
        messages.success(request, f"“{link.project.title}” is now a project of {course.code}.")
    return _back(course)


@confirmed_faculty_page
@require_POST
def link_decline(request: HttpRequest, public_id, pk: int, *, faculty: FacultyProfile) -> HttpResponse:
    course = course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty)
    link = course_project_get_for_course(course=course, pk=pk)
    form = DeclineForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Give the employer a reason for declining.")
        course_project_decline(by=request.user, link=link, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, f"Could not decline “{link.project.title}”: {_error_text(error)}")
    else:
        messages.success(request, f"You declined “{link.project.title}”; the employer is told why.")
    return _back(course)


@confirmed_faculty_page
@require_POST
def link_remove(request: HttpRequest, public_id, pk: int, *, faculty: FacultyProfile) -> HttpResponse:
    course = course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty)
    link = course_project_get_for_course(course=course, pk=pk, statuses=[CourseProjectStatus.ACCEPTED])
    form = RemoveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        course_project_remove(by=request.user, link=link, reason=reason)
    except ValidationError as error:
        messages.error(request, f"Could not remove “{link.project.title}”: {_error_text(error)}")
    else:
        messages.success(request, f"“{link.project.title}” is no longer a project of {course.code}.")
    return _back(course)


@confirmed_faculty_page
@require_POST
def project_adopt(request: HttpRequest, public_id, *, faculty: FacultyProfile) -> HttpResponse:
    course = course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty)
    project = course_adoptable_project_get(course=course, public_id=request.POST.get("project", ""))
    try:
        course_project_adopt(by=request.user, course=course, project=project)
    except ValidationError as error:
        messages.error(request, f"Could not adopt “{project.title}”: {_error_text(error)}")
    else:
        messages.success(request, f"“{project.title}” is now listed for {course.code}'s students.")
    return _back(course)


# --- The students' course page -----------------------------------------------------------------------------


def student_projects_context(course: Course) -> dict[str, Any]:
    """The student course page's projects: the course's accepted projects (one query)."""
    return {"course_projects": list(course_projects_for_student(course=course))}
