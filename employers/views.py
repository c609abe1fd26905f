from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.permissions import role_required
from employers.selectors import employer_list_for_user


@role_required(Role.EMPLOYER)
def dashboard(request: HttpRequest) -> HttpResponse:
    employers = list(employer_list_for_user(user=request.user))
    return render(request, "employers/dashboard.html", {"employers": employers})
