"""An organisation's public page: who it is, its open projects, and how it treats students in figures."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from applications.selectors import ANSWER_PERIOD_DAYS, employer_answer_time
from employers.selectors import employer_get_public
from employers.text import duration_words
from engagements.selectors_employer import employer_payment_record, employer_rating
from projects.selectors import OPEN_PROJECTS_SHOWN, employer_open_projects_for_viewer


@require_GET
def public_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Anyone may read it, signed in or not."""
    employer = employer_get_public(slug=slug)
    now = timezone.now()
    projects = employer_open_projects_for_viewer(employer=employer, viewer=request.user, now=now)
    shown = list(projects[: OPEN_PROJECTS_SHOWN + 1])
    answer_time = employer_answer_time(employer=employer, now=now)
    context = {
        "employer": employer,
        "projects": shown[:OPEN_PROJECTS_SHOWN],
        "more_projects": len(shown) > OPEN_PROJECTS_SHOWN,
        "viewer_is_student": request.user.is_authenticated and request.user.role == Role.STUDENT,
        "rating": employer_rating(employer=employer, now=now),
        "answer_time": answer_time,
        "answer_time_words": duration_words(answer_time.median) if answer_time.median is not None else "",
        "answer_period_days": ANSWER_PERIOD_DAYS,
        "payments": employer_payment_record(employer=employer, now=now),
    }
    return render(request, "employers/public.html", context)
