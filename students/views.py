from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.permissions import role_required
from students.models import StudentProfile


@role_required(Role.STUDENT)
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = StudentProfile.objects.filter(user=request.user).select_related("university").first()
    return render(request, "students/dashboard.html", {"profile": profile})
