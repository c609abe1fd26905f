"""Who may use a page or an endpoint at all, by role: decorators for pages, DRF permission classes for the
API. Which objects they reach is up to the scoped selectors, as on pages."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.models import Role
from accounts.selectors import dashboard_url_for


def role_required(role: Role) -> Callable:
    """A landing page for one role only (the dashboards): other roles are sent to their own dashboard,
    the anonymous to the login page."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.role != role:
                return redirect(dashboard_url_for(user=request.user))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def role_page(role: Role) -> Callable:
    """A page that exists only for one role: the anonymous get the login page, every other role a 404
    (the same answer as for an object that is not theirs, so nothing is learnt by probing URLs)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.role != role:
                raise Http404("No such page.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class HasRole(BasePermission):
    """An endpoint for one role only: other roles get 403 for the whole endpoint (the anonymous 401)."""

    role: Role

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.role == self.role)


class StudentsOnly(HasRole):
    role = Role.STUDENT
    message = "Only student accounts may use this endpoint."


class EmployersOnly(HasRole):
    role = Role.EMPLOYER
    message = "Only employer accounts may use this endpoint."


class FacultyOnly(HasRole):
    role = Role.FACULTY
    message = "Only faculty accounts may use this endpoint."
