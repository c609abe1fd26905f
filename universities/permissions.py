"""Who may act for a university (its career staff, and site staff: superusers), and who answers a
partnership request (the side that did not ask)."""

from django.core.exceptions import PermissionDenied

from accounts.models import User
from employers.models import Employer, MemberRole
from employers.selectors import employer_member_role
from universities.models import CareerStaffMembership, Partnership, PartnershipSide


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


def is_employer_owner(*, user: User, employer: Employer) -> bool:
    """An owner of `employer` (employers.selectors decides who is what), with an active account."""
    return user.is_active and employer_member_role(employer=employer, user=user) == MemberRole.OWNER


def require_partnership_decider(*, partnership: Partnership, user: User, verb: str) -> None:
    """Raise PermissionDenied unless `user` is on the side that did NOT ask: the career office (or site
    staff) answers an employer's request, an owner of the organisation answers the university's."""
    if partnership.requested_by_side == PartnershipSide.UNIVERSITY:
        if not is_employer_owner(user=user, employer=partnership.employer):
            raise PermissionDenied(
                f"The university asked for this partnership, so only an owner of {partnership.employer} may "
                f"{verb} it; the career office waits for their answer."
            )
        return
    require_university_manager(
        user=user, university_id=partnership.university_id, action=f"{verb} a partnership"
    )
