"""Writes for student profiles: creation at sign-up and verification of the university."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from students.models import StudentProfile
from universities.permissions import require_university_manager
from universities.selectors import university_for_email_domain


def student_profile_create(*, user: User) -> StudentProfile:
    """The (empty) profile of a student account; the existing one when it is already there."""
    if user.role != Role.STUDENT:
        raise ValidationError("Only student accounts have a student profile.", code="not_a_student")
    profile, _ = StudentProfile.objects.get_or_create(user=user)
    return profile


def student_verify_from_email(*, user: User, email: str) -> StudentProfile | None:
    """Link a student to the university owning the domain of a confirmed address, and mark them verified.

    Called when allauth confirms an address, for every kind of account: non-students and addresses on no
    university domain are left alone (None). A student already verified keeps their university: a second
    university address never moves anybody silently; the career office unverifies first.
    """
    if user.role != Role.STUDENT:
        return None
    email = email.strip().lower()
    if not EmailAddress.objects.filter(user_id=user.pk, email__iexact=email, verified=True).exists():
        raise ValidationError(
            "Confirm this email address before it can verify your university.", code="email_not_confirmed"
        )
    university = university_for_email_domain(domain=email.rpartition("@")[2])
    if university is None:
        return None
    student_profile_create(user=user)
    with transaction.atomic():
        profile = StudentProfile.objects.select_for_update().get(user=user)
        if profile.is_verified:
            return profile
        profile.university = university
        profile.verified_at = timezone.now()
        profile.verified_by = None
        profile.save(update_fields=["university", "verified_at", "verified_by", "updated_at"])
    return profile


def student_verify(*, profile: StudentProfile, by: User) -> StudentProfile:
    """The career office vouches by hand for a student linked to its university (no university address)."""
    require_university_manager(user=by, university_id=profile.university_id, action="verify its students")
    if profile.university_id is None:
        raise ValidationError("Link the student to a university before verifying them.", code="no_university")
    with transaction.atomic():
        locked = StudentProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.university_id != profile.university_id:
            raise ValidationError("This student has changed university meanwhile.", code="university_changed")
        if locked.verified_at is not None:
            return locked
        locked.verified_at = timezone.now()
        locked.verified_by = by
        locked.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return locked


def student_unverify(*, profile: StudentProfile, by: User) -> StudentProfile:
    """Withdraw verification (left, graduated, a mistake); the student stays linked, so it can be undone."""
    require_university_manager(user=by, university_id=profile.university_id, action="unverify its students")
    with transaction.atomic():
        locked = StudentProfile.objects.select_for_update().get(pk=profile.pk)
        if locked.university_id != profile.university_id:
            raise ValidationError("This student has changed university meanwhile.", code="university_changed")
        if locked.verified_at is None:
            return locked
        locked.verified_at = None
        locked.verified_by = None
        locked.save(update_fields=["verified_at", "verified_by", "updated_at"])
    return locked
