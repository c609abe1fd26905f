from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.permissions import role_required


@role_required(Role.EMPLOYER)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "employers/dashboard.html")
