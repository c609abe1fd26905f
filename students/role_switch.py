"""Correcting the account type chosen at sign-up: a student account that should have been an employer's, or
the other way round. Allowed only while the account has not been used as what it is: a switch must never
orphan an application, an organisation, a verification or an accepted invitation.

"Used" is read from the database itself rather than from a list of apps to ask (those above this one may not
be imported here): anything at all that points at the student profile, or at the user apart from the
bookkeeping rows every new account has (its email addresses, sessions, notifications, second factors), counts.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ForeignObjectRel

from accounts.models import Role, User
from students.models import StudentProfile
from students.services import student_profile_create

SWITCHABLE_ROLES = (Role.STUDENT, Role.EMPLOYER)
ROLE_WORDS = {Role.STUDENT: "student", Role.EMPLOYER: "employer"}
# Rows every account may have from its first minutes that say nothing about how it has been used (the audit
# trail records the switch itself, so it must not block switching back).
BOOKKEEPING_APPS = frozenset(
    {"account", "socialaccount", "mfa", "usersessions", "sessions", "notifications", "auditlog"}
)
# The student profile's own fields that a student fills in; any of them set means the profile is in use.
PROFILE_CONTENT_FIELDS = ("university_id", "verified_at", "major", "graduation_year", "bio", "resume")


def _rows_point_at(obj: object, relations: list[ForeignObjectRel]) -> bool:
    return any(
        relation.related_model._base_manager.filter(**{relation.field.name: obj}).exists()
        for relation in relations
    )


def _reverse_relations(model: type) -> list[ForeignObjectRel]:
    """Every relation pointing at `model`, the hidden ones (related_name="+") included."""
    return [
        field for field in model._meta.get_fields(include_hidden=True) if isinstance(field, ForeignObjectRel)
    ]


def _user_relations() -> list[ForeignObjectRel]:
    return [
        relation
        for relation in _reverse_relations(User)
        if relation.related_model._meta.app_label not in BOOKKEEPING_APPS
        and relation.related_model is not StudentProfile
    ]


def _profile_in_use(profile: StudentProfile) -> bool:
    if any(getattr(profile, name) for name in PROFILE_CONTENT_FIELDS):
        return True
    if profile.interests or profile.links or profile.portfolio_public:
        return True
    if profile.skills.exists():
        return True
    return _rows_point_at(profile, _reverse_relations(StudentProfile))


def account_role_switch_refusal(*, user: User) -> str | None:
    """Why `user` may not change account type now, or None when they may."""
    if user.is_staff or user.is_superuser or user.role not in SWITCHABLE_ROLES:
        return "Only a new student or employer account can change its type."
    profile = StudentProfile.objects.filter(user=user).first()
    if profile is not None and _profile_in_use(profile):
        return "Your student profile is already in use, so this account stays a student account."
    if _rows_point_at(user, _user_relations()):
        return (
            "This account has already been used (an organisation, an application or an invitation), "
            "so its type can no longer change. Create a new account with another email address instead."
        )
    return None


def account_role_switch_allowed(*, user: User) -> bool:
    return account_role_switch_refusal(user=user) is None


@transaction.atomic
def account_role_switch(*, user: User, to_role: str) -> User:
    """Make `user` a `to_role` account (student or employer) while the account is still unused: an employer
    becomes a student with an empty profile, a student becomes an employer and loses the empty profile.
    Idempotent: switching to the role the account already has changes nothing."""
    if to_role not in SWITCHABLE_ROLES:
        raise ValidationError("Choose a student or an employer account.", code="invalid_role")
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.role == to_role:
        return locked
    refusal = account_role_switch_refusal(user=locked)
    if refusal is not None:
        raise ValidationError(refusal, code="account_in_use")
    locked.role = to_role
    locked.save(update_fields=["role", "updated_at"])
    if to_role == Role.STUDENT:
        student_profile_create(user=locked)
    else:
        StudentProfile.objects.filter(user=locked).delete()
    user.role = locked.role
    return locked
