"""Who may act for a university: its career staff, and site staff (superusers)."""

from django.core.exceptions import PermissionDenied

from accounts.models import User
from universities.models import CareerStaffMembership


def is_career_staff_of(*, user: User, university_id: int | None) -> bool:
    if university_id is None or not user.is_authenticated:
        return False
    return CareerStaffMembership.objects.filter(user_id=user.pk, university_id=university_id).exists()


def require_university_manager(*, user: User, university_id: int | None, action: str) -> None:
    """Raise PermissionDenied unless `user` is career staff of that university or a superuser."""
    if user.is_authenticated and user.is_superuser:
        return
    if not is_career_staff_of(user=user, university_id=university_id):
        raise PermissionDenied(f"Only the university's career office may {action}.")
