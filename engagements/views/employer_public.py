"""An organisation's public page: who it is, its open projects, and how it treats students in figures."""

from dataclasses import fields

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from engagements.selectors_employer import employer_public_page


@require_GET
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone may read it, signed in or not."""
    page = employer_public_page(slug=slug, viewer=request.user, now=timezone.now())
    context = {
        **{field.name: getattr(page, field.name) for field in fields(page)},
        "viewer_is_student": request.user.is_authenticated and request.user.role == Role.STUDENT,
    }
    return render(request, "employers/public.html", context)
