"""Faculty accounts: the profile made at sign-up and the career office's confirmation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from courses import notices_faculty as notices
from courses.models import FacultyProfile
from universities.models import University
from universities.permissions import require_university_manager
from universities.selectors import university_for_email_domain


def faculty_university_for_email(*, email: str) -> University | None:
    """The university whose domain `email` is on: the only one its owner may teach for."""
    return university_for_email_domain(domain=email.rpartition("@")[2])


def faculty_profile_create(*, user: User, department: str = "") -> FacultyProfile:
    """The unconfirmed profile of a faculty account, at the university of its address's domain; the existing
    one when it is already there. The university's career staff are told, to confirm it. Raises
    ValidationError for an address of no listed university."""
    if user.role != Role.FACULTY:
        raise ValidationError("Only faculty accounts have a faculty profile.", code="not_faculty")
    existing = FacultyProfile.objects.filter(user=user).first()
    if existing is not None:
        return existing
    university = faculty_university_for_email(email=user.email)
    if university is None:
        raise ValidationError(
            {"email": "Sign up with your university email address: this domain is not a listed university."},
            code="not_university_domain",
        )
    with transaction.atomic():
        profile = FacultyProfile.objects.create(
            user=user, university=university, department=department.strip()[:150]
        )
        notices.faculty_signed_up(profile=profile)
    return profile


def faculty_confirm(*, profile: FacultyProfile, by: User) -> FacultyProfile:
    """Confirm `profile` as faculty of its university. Only that university's career office (or site staff)
    may; the faculty member is told. Confirming a confirmed profile changes nothing."""
    require_university_manager(user=by, university_id=profile.university_id, action="confirm faculty")
    with transaction.atomic():
        locked = FacultyProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.confirmed_at is None:
            locked.confirmed_at = timezone.now()
            locked.confirmed_by = by
            locked.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
            notices.faculty_confirmed(profile=locked, by=by)
    return locked
