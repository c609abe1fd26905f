"""A student or an employer member deletes their own account.

The person is erased; what other people rely on stays, without the person. The user row is kept as a
tombstone (so completed engagements, payments, reviews and messages still point somewhere) with every
personal field replaced: the name becomes "A former student" or "Deleted user", the email
``deleted-<id>@invalid``, the password unusable and the account inactive (every session and token stops
working). The student profile loses its résumé (deleted from storage once the transaction commits), bio,
links, major, interests and skills; saved projects, notifications, notification preferences, API tokens,
email addresses and second factors are deleted; audit-trail entries about the account keep what staff did
but show the tombstone address; pending applications are withdrawn through
`application_withdraw` (the employer hears of it, from "A former student"), and the notes written in
applications that led to no engagement are cleared.

This lives in `engagements`, the highest domain app below matching, because it must know every piece.
"""

import contextlib
from functools import partial

from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, Role, User
from applications.models import PENDING_APPLICATION_STATUSES, Application, ApplicationStatus
from applications.services.applications import application_withdraw
from employers.models import EmployerMember, MemberRole
from engagements.models import OPEN_ENGAGEMENT_STATUSES, Engagement, Message
from notifications.models import Notification, NotificationPreference
from projects.models import SavedProject
from students.models import StudentProfile

DELETED_STUDENT_NAME = "A former student"
DELETED_USER_NAME = "Deleted user"


def account_tombstone_email(*, user: User) -> str:
    return f"deleted-{user.pk}@invalid"


def account_is_deleted(*, user: User) -> bool:
    return not user.is_active and user.email == account_tombstone_email(user=user)


def account_deletion_refusal(*, user: User) -> str | None:
    """Why `user` may not delete their account now, in words for them; None when they may.

    Staff accounts (site admins, career staff) are closed by a site admin, not from the account page. A
    student with work under way finishes or cancels it first (the employer is waiting for it). The last
    owner of an organisation that has other members hands ownership to one of them first.
    """
    if user.is_staff or user.is_superuser or user.role == Role.CAREER_STAFF:
        raise PermissionDenied("Staff accounts are closed by a site administrator.")
    if user.role == Role.STUDENT:
        open_work = Engagement.objects.filter(student__user=user, status__in=OPEN_ENGAGEMENT_STATUSES)
        if open_work.exists():
            return (
                "You have an engagement under way: complete or cancel it before deleting your account, "
                "so the organisation you work with is not left waiting."
            )
    for membership in EmployerMember.objects.filter(user=user, role=MemberRole.OWNER).select_related(
        "employer"
    ):
        members = EmployerMember.objects.filter(employer_id=membership.employer_id)
        others = members.exclude(user=user)
        if others.exists() and not others.filter(role=MemberRole.OWNER).exists():
            return (
                f"You are the last owner of {membership.employer.name}, which has other members: make one "
                "of them an owner first (Make owner, on the organisation's page), then delete your account."
            )
    return None


def account_delete(*, user: User) -> User:
    """Erase `user`'s personal data and close the account, keeping what others rely on (module docstring).

    Raises ValidationError with `account_deletion_refusal`'s reason, PermissionDenied for staff. Deleting an
    account already deleted changes nothing. The caller logs the request out.
    """
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if account_is_deleted(user=locked):
            return locked
        reason = account_deletion_refusal(user=locked)
        if reason is not None:
            raise ValidationError(reason, code="account_deletion_refused")
        # The name goes first, so the notices sent below (an application withdrawn) never carry it.
        locked.full_name = DELETED_STUDENT_NAME if locked.role == Role.STUDENT else DELETED_USER_NAME
        locked.email = account_tombstone_email(user=locked)
        locked.is_active = False
        locked.set_unusable_password()
        locked.save(update_fields=["full_name", "email", "is_active", "password", "updated_at"])

        profile = StudentProfile.objects.select_for_update().filter(user=locked).first()
        if profile is not None:
            _erase_student_profile(profile)

        # A sole member's organisation stays: its projects and engagements belong to the organisation.
        EmployerMember.objects.filter(user=locked).delete()
        EmailAddress.objects.filter(user=locked).delete()
        ApiToken.objects.filter(user=locked).delete()
        Notification.objects.filter(user=locked).delete()
        NotificationPreference.objects.filter(user=locked).delete()
        _forget_in_audit_trail(user=locked, profile=profile)
        if apps.is_installed("allauth.mfa"):
            from allauth.mfa.models import Authenticator

            Authenticator.objects.filter(user=locked).delete()
    user.refresh_from_db()
    return user


def _forget_in_audit_trail(*, user: User, profile: StudentProfile | None) -> None:
    """What staff did to this account stays in the audit trail, but no longer under the person's address."""
    for obj in (user, profile):
        if obj is not None:
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
            ).update(object_repr=user.email)
    LogEntry.objects.filter(actor=user).update(actor_email=user.email)


def _erase_student_profile(profile: StudentProfile) -> None:
    pending = Application.objects.filter(student=profile, status__in=PENDING_APPLICATION_STATUSES)
    for application in pending:
        application_withdraw(application=application, student=profile)
    # Notes written to employers that led to no engagement: the employer no longer needs them.
    Application.objects.filter(student=profile).exclude(status=ApplicationStatus.ACCEPTED).update(
        cover_note="", answers=[], updated_at=timezone.now()
    )
    # Likewise their answers in threads before a decision that led to no engagement.
    Message.objects.filter(
        application__student=profile, engagement__isnull=True, sender_id=profile.user_id
    ).delete()
    SavedProject.objects.filter(student=profile).delete()
    resume = profile.resume.name if profile.resume else ""
    profile.bio = ""
    profile.links = []
    profile.major = ""
    profile.interests = []
    profile.graduation_year = None
    profile.portfolio_public = False
    profile.resume = ""
    profile.save(
        update_fields=[
            "bio",
            "links",
            "major",
            "interests",
            "graduation_year",
            "portfolio_public",
            "resume",
            "updated_at",
        ]
    )
    profile.skills.clear()
    if resume:
        transaction.on_commit(partial(_delete_file, profile.resume.storage, resume))


def _delete_file(storage, name: str) -> None:
    with contextlib.suppress(OSError):
        storage.delete(name)
