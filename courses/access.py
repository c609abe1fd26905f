"""Page decorators: a faculty page opens only for confirmed faculty; unconfirmed faculty see the waiting
page instead (403), every other role a 404 (accounts.permissions.role_page). The view receives the
confirmed profile as `faculty`."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.models import Role
from accounts.permissions import role_page
from courses.selectors import faculty_profile_for


def confirmed_faculty_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @role_page(Role.FACULTY)
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        profile = faculty_profile_for(user=request.user)
        if profile is None or not profile.is_confirmed:
            return render(request, "courses/waiting.html", {"profile": profile}, status=403)
        return view(request, *args, faculty=profile, **kwargs)

    return wrapper
