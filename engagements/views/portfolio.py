"""A student's public portfolio, and the download of everything the platform holds about a student.

URL names students:portfolio and students:export, composed in marketplace/urls.py: both show the student's
engagements, so they live in engagements."""

import json

from allauth.account.decorators import reauthentication_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import role_page
from engagements.export import student_export
from engagements.selectors_portfolio import portfolio_engagements, portfolio_totals
from students.selectors import portfolio_get_for_viewer

PORTFOLIO_PAGE_SIZE = 20


@require_GET
def portfolio(request: HttpRequest, public_id) -> HttpResponse:
    """Public when the student opted in; otherwise a preview for the student alone (404 to anyone else)."""
    profile = portfolio_get_for_viewer(public_id=public_id, viewer=request.user)
    now = timezone.now()
    page = Paginator(portfolio_engagements(student=profile, now=now), PORTFOLIO_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "profile": profile,
        "is_owner": request.user.is_authenticated and profile.user_id == request.user.pk,
        "page": page,
        "totals": portfolio_totals(student=profile, now=now),
    }
    return render(request, "students/portfolio.html", context)


@require_GET
@role_page(Role.STUDENT)
@reauthentication_required
def export(request: HttpRequest) -> HttpResponse:
    """Always the requester's own data, as a JSON file to keep (JSON Resume plus a "marketplace" part).
    Everything in one file is worth a fresh password (or second factor): a left-open session is not enough."""
    now = timezone.now()
    data = student_export(user=request.user, now=now, absolute_url=request.build_absolute_uri)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    filename = f"micro-internships-data-{timezone.localdate(now):%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
