"""Who may read the reports, and about which university."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from accounts.models import User
from universities.models import University
from universities.selectors import university_for_staff


@dataclass(frozen=True)
class ReportAccess:
    """`university` is the career office's own; site staff have none and may choose (None: all)."""

    university: University | None
    may_choose_university: bool


def report_access_for_user(*, user: User) -> ReportAccess:
    """Site staff read every university's reports; career staff their own university's; nobody else any.

    Raises PermissionDenied for anyone else (a staff account without a career-office membership included).
    """
    if not user.is_authenticated or not user.is_active or not user.is_staff:
        raise PermissionDenied("Reports are for career-office staff.")
    if user.is_superuser:
        return ReportAccess(university=None, may_choose_university=True)
    university = university_for_staff(user=user)
    if university is None:
        raise PermissionDenied("Reports are for career-office staff.")
    return ReportAccess(university=university, may_choose_university=False)
