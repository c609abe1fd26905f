"""The employer dashboard and an organisation's list of projects, with their applicants counted: thin adapters
over applications.selectors_dashboard. Their URLs keep the employers namespace (composed in
marketplace/urls.py from applications/urls_employer.py)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import role_page, role_required
from applications.selectors_dashboard import (
    employer_dashboard_for_user,
    employer_dashboard_project_list,
    employer_dashboard_rows,
)
from employers.selectors import employer_get_for_member

PROJECTS_PER_PAGE = 25


@role_required(Role.EMPLOYER)
def dashboard(request: HttpRequest) -> HttpResponse:
    data = employer_dashboard_for_user(user=request.user)
    return render(
        request,
        "employers/dashboard.html",
        {"dashboard": data, "employers": data.employers, "now": timezone.now()},
    )


@role_page(Role.EMPLOYER)
@require_GET
def org_projects(request: HttpRequest, slug: str) -> HttpResponse:
    """Every project of one organisation, a page at a time: the dashboard shows only the first few."""
    employer = employer_get_for_member(user=request.user, slug=slug)
    page = Paginator(employer_dashboard_project_list(employer_ids=[employer.pk]), PROJECTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    projects = employer_dashboard_rows(projects=page.object_list)
    return render(
        request,
        "employers/org_projects.html",
        {"employer": employer, "page": page, "projects": projects, "now": timezone.now()},
    )
