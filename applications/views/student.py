"""The student's applications: My applications (by status group), one application with its timeline, and
withdrawing it. Other people's applications answer 404 (`application_get_for_student`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.permissions import role_page
from applications.selectors import (
    STUDENT_APPLICATION_GROUPS,
    application_get_for_student,
    application_group_counts_for_student,
    application_list_for_student,
)
from applications.services.applications import application_withdraw as withdraw_application
from students.models import StudentProfile
from students.selectors import student_profile_get_for_user
from students.services import student_profile_ensure
from students.timezones import student_time_zone

PAGE_SIZE = 20
GROUP_TABS = [
    ("", "All"),
    ("active", "Active"),
    ("accepted", "Accepted"),
    ("closed", "Closed"),
]


def _render_for_student(
    request: HttpRequest, profile: StudentProfile, template: str, context: dict
) -> HttpResponse:
    """Render in the student's time zone, with `profile` in the context."""
    with student_time_zone(profile):
        return render(request, template, {"profile": profile, **context})


def _list_url(group: str) -> str:
    url = reverse("applications:mine")
    return f"{url}?status={group}" if group else url


@role_page(Role.STUDENT)
def application_list(request: HttpRequest) -> HttpResponse:
    profile = student_profile_ensure(user=request.user)
    group = request.GET.get("status", "")
    group = group if group in STUDENT_APPLICATION_GROUPS else ""
    counts = application_group_counts_for_student(student=profile)
    applications = application_list_for_student(student=profile, group=group or None).order_by(
        "-created_at", "-pk"
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [(value, label, counts[value or "all"], _list_url(value)) for value, label in GROUP_TABS]
    return _render_for_student(
        request,
        profile,
        "applications/mine.html",
        {"page": page, "applications": page.object_list, "group": group, "tabs": tabs, "counts": counts},
    )


@require_POST
@role_page(Role.STUDENT)
def application_withdraw(request: HttpRequest, public_id) -> HttpResponse:
    profile = student_profile_get_for_user(user=request.user)  # without a profile, no applications: 404
    application = application_get_for_student(student=profile, public_id=public_id)
    try:
        withdraw_application(application=application, student=profile)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"You withdrew your application to “{application.project.title}”. The employer will no longer "
            "consider it.",
        )
    return redirect("applications:detail", public_id=application.public_id)
