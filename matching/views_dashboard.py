"""The student's dashboard: profile progress and the best-matching open projects.

URL name students:dashboard, composed in marketplace/urls.py. It lives in matching because it shows the
recommendations (matching.selectors)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.permissions import role_required
from matching.selectors import match_list_for_student
from students.selectors import student_profile_for_user, student_profile_progress

DASHBOARD_RECOMMENDATIONS = 6


@role_required(Role.STUDENT)
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = student_profile_for_user(user=request.user)
    progress = student_profile_progress(profile=profile) if profile else None
    has_skills = bool(profile and profile.skills.all())
    recommendations = (
        match_list_for_student(student=profile, limit=DASHBOARD_RECOMMENDATIONS) if has_skills else []
    )
    return render(
        request,
        "students/dashboard.html",
        {
            "profile": profile,
            "progress": progress,
            "has_skills": has_skills,
            "recommendations": recommendations,
        },
    )
