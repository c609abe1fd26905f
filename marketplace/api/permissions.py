"""Who may use an endpoint at all; which objects they reach is up to the scoped selectors, as on pages."""

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.models import Role


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
