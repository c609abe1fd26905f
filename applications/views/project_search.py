"""The students' project search: /projects/?q=…&skills=…&sort=…, a shareable and bookmarkable URL.

Without JavaScript it is a plain GET form. With htmx, the form updates the results in place and pushes the
URL; htmx requests get only the results partial (not on a history restore, which needs the whole page).
Signed out it is the same search over the public open projects, without what needs an account (saving,
the skills filter, the marks of one's own skills and applications).
"""

import functools

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from accounts.models import Role
from applications.selectors import project_list_marked_applied
from projects.forms_search import ProjectSearchForm
from projects.selectors_search import (
    SearchPaginator,
    employer_choices_for_search,
    employer_list_for_search,
    project_search_results,
)
from projects.templatetags.project_display import deadline_countdown
from students.services import student_profile_ensure

PAGE_SIZE = 20
# Deadlines this close are shown as urgent.
SOON_SECONDS = 3 * 24 * 3600


@require_GET
def project_search(request: HttpRequest) -> HttpResponse:
    """Students search what they may apply to, marked with what they applied to; anyone else (signed out, or
    an employer's or a career office's account) searches the public open projects."""
    user = request.user
    profile = None
    if user.is_authenticated and user.role == Role.STUDENT:
        # Sign-up creates the profile; an account made another way (the admin, a script) gets its empty one.
        profile = student_profile_ensure(user=user)
    form = ProjectSearchForm(
        request.GET,
        employers=functools.partial(employer_list_for_search, student=profile),
        employer_choices=functools.partial(employer_choices_for_search, student=profile),
        signed_in=user.is_authenticated,
    )
    form.is_valid()  # An invalid field is reported and left out; the search runs on the others.
    filters = form.search_filters()
    result = project_search_results(student=profile, **filters)

    projects = result.projects
    if profile is not None:
        projects = project_list_marked_applied(projects=projects, student=profile)
    paginator = SearchPaginator(projects, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    for project in page:
        remaining = project.application_deadline - now
        project.closes_in = deadline_countdown(project, now).removeprefix("closes ")
        project.closes_soon = remaining.total_seconds() < SOON_SECONDS

    context = {
        "form": form,
        "page": page,
        "page_range": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "result": result,
        "query": filters["query"],
        "active_filters": form.active_filters(),
        "clear_filters_query": form.clear_filters_query(),
        "my_skill_ids": {skill.pk for skill in profile.skills.all()} if profile is not None else set(),
        "is_student": profile is not None,
    }
    partial = bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )
    context["partial"] = partial
    template = "projects/partials/search_results.html" if partial else "projects/search.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response
