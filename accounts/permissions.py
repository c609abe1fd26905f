from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.models import Role
from accounts.selectors import dashboard_url_for


def role_required(role: Role) -> Callable:
    """A page for one role only: others are sent to their own dashboard, the anonymous to the login page."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.role != role:
                return redirect(dashboard_url_for(user=request.user))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
