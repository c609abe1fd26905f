"""Taking an invitation up: the account made from its link, and what the invitation then does.

Two moments, because allauth confirms an address either at once (the invited address, reached through the
emailed link, counts as confirmed) or later, from its own confirmation email:
- `invitation_claim_on_signup`: right after sign-up from the link, the invitation is linked to the new
  account (progress: signed up) and, if the invited address is confirmed already, accepted;
- `invitations_accept_for_confirmed_email`: whenever an address is confirmed, the invitations sent to it
  are accepted (a student who signed up without the link, or confirmed the address later).
An invitation takes effect only for an account holding the invited address, confirmed: forwarding the link
lets someone sign up, never be vouched for by the career office.
"""

import logging

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Role, User
from employers.services import employer_create
from invitations.models import BusinessInvitation, ImportKind, Invitation, StudentInvitation
from students.services import (
    student_profile_ensure,
    student_profile_update,
    student_university_choose,
    student_verify,
)
from universities.models import Partnership, PartnershipSide, PartnershipStatus

logger = logging.getLogger(__name__)

ROLE_OF = {ImportKind.STUDENTS: Role.STUDENT, ImportKind.BUSINESSES: Role.EMPLOYER}


def _model(kind: str) -> type[StudentInvitation] | type[BusinessInvitation]:
    return StudentInvitation if kind == ImportKind.STUDENTS else BusinessInvitation


def invitation_usable_check(*, invitation: Invitation, user: User | None = None) -> None:
    """Raise ValidationError saying why the invitation's link no longer works (for `user`, when given)."""
    if invitation.revoked_at is not None:
        raise ValidationError(
            "This invitation was withdrawn by the career office.", code="invitation_revoked"
        )
    if invitation.signed_up_at is not None and (user is None or invitation.user_id != user.pk):
        raise ValidationError("This invitation has already been used to sign up.", code="invitation_used")


def _has_confirmed(user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user_id=user.pk, email__iexact=email, verified=True).exists()


def _link(*, model: type[Invitation], pk: int, user: User) -> Invitation | None:
    """Link the invitation to `user` (signed up) unless it is withdrawn or someone else's; under its lock."""
    with transaction.atomic():
        locked = model.objects.select_for_update().filter(pk=pk).first()
        if locked is None or locked.revoked_at is not None:
            return None
        if locked.user_id is not None and locked.user_id != user.pk:
            return None
        if locked.user_id is None:
            locked.user = user
            locked.signed_up_at = timezone.now()
            locked.save(update_fields=["user", "signed_up_at", "updated_at"])
    return locked


def _mark_accepted(invitation: Invitation) -> None:
    now = timezone.now()
    type(invitation).objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=now, updated_at=now
    )


def student_invitation_accept(*, invitation: StudentInvitation, user: User) -> StudentInvitation:
    """Verify `user` as a student of the inviting university, with the roster's major and graduation year
    filling the profile's empty fields.

    The invited address must be confirmed on the account. It need not be on one of the university's
    domains: an invited student whose address is outside them (a personal address on the roster) is still
    verified, because the career office vouched for them by inviting that address; the verification is
    recorded as made by the inviting staff member (`student_verify`). A student already verified at another
    university keeps it, and a staff member who has left the office since cannot vouch any more: the
    invitation then only counts as signed up. Accepting again changes nothing.
    """
    if user.role != Role.STUDENT or not _has_confirmed(user, invitation.email):
        return invitation
    linked = _link(model=StudentInvitation, pk=invitation.pk, user=user)
    if linked is None or linked.accepted_at is not None:
        return linked or invitation
    profile = student_profile_ensure(user=user)
    prefill = {}
    if not profile.major and linked.major:
        prefill["major"] = linked.major
    if profile.graduation_year is None and linked.graduation_year is not None:
        prefill["graduation_year"] = linked.graduation_year
    if prefill:
        try:
            student_profile_update(profile=profile, data=prefill)
        except ValidationError:  # e.g. a graduation year now out of range: the student gives theirs later
            logger.info("Student invitation %s: the roster's details were not copied", linked.pk)
    try:
        profile = student_university_choose(profile=profile, university=linked.university)
        if not profile.is_verified:
            if linked.invited_by is None:
                raise PermissionDenied("The inviting staff member's account is gone.")
            student_verify(profile=profile, by=linked.invited_by)
    except (ValidationError, PermissionDenied) as error:
        logger.info("Student invitation %s signed up but not verified: %s", linked.pk, error)
        return linked
    _mark_accepted(linked)
    linked.refresh_from_db()
    return linked


def business_invitation_accept(*, invitation: BusinessInvitation, user: User) -> BusinessInvitation:
    """Start the business's organisation, owned by `user`, in a partnership with the inviting university
    that is already approved (decided by the inviting staff member, who vouched for the business by inviting
    it). The account must be an employer account holding the invited address, confirmed. Accepting again
    changes nothing; the organisation is made once, under the invitation's lock.
    """
    if user.role != Role.EMPLOYER or not _has_confirmed(user, invitation.email):
        return invitation
    if _link(model=BusinessInvitation, pk=invitation.pk, user=user) is None:
        return invitation
    with transaction.atomic():
        locked = (
            BusinessInvitation.objects.select_for_update().select_related("university").get(pk=invitation.pk)
        )
        if locked.accepted_at is not None:
            return locked
        employer = employer_create(user=user, name=locked.organisation_name)
        now = timezone.now()
        Partnership.objects.create(
            employer=employer,
            university=locked.university,
            status=PartnershipStatus.ACTIVE,
            requested_by_side=PartnershipSide.UNIVERSITY,
            requested_by=locked.invited_by,
            message=f"Invited by the career office on {timezone.localtime(locked.created_at):%d %b %Y}.",
            decided_by=locked.invited_by,
            decided_at=now,
        )
        locked.employer = employer
        locked.accepted_at = now
        locked.save(update_fields=["employer", "accepted_at", "updated_at"])
    return locked


def invitation_accept(*, invitation: Invitation, user: User) -> Invitation:
    if isinstance(invitation, StudentInvitation):
        return student_invitation_accept(invitation=invitation, user=user)
    return business_invitation_accept(invitation=invitation, user=user)


def invitation_claim_on_signup(*, kind: str, token: str, user: User) -> Invitation | None:
    """After sign-up from an invitation's link (its token kept in the session): link the invitation to the
    new account and accept it if the invited address is already confirmed. None when the token names no
    live invitation, or the account is not of the invitation's kind (a business signing up as a student)."""
    if kind not in ROLE_OF or user.role != ROLE_OF[kind]:
        return None
    invitation = _model(kind).objects.filter(token=token, revoked_at__isnull=True).first()
    if invitation is None:
        return None
    linked = _link(model=type(invitation), pk=invitation.pk, user=user)
    if linked is None:
        return None
    return invitation_accept(invitation=linked, user=user)


def invitations_accept_for_confirmed_email(*, user: User, email: str) -> list[Invitation]:
    """Accept the invitations sent to `email`, just confirmed by `user`: a student's newest live invitation
    (whatever way they signed up), and a business invitation already linked to this account from its link."""
    email = email.strip().lower()
    accepted: list[Invitation] = []
    if user.role == Role.STUDENT:
        invitation = (
            StudentInvitation.objects.filter(email=email, revoked_at__isnull=True, accepted_at__isnull=True)
            .filter(Q(user__isnull=True) | Q(user=user))
            .order_by(F("sent_at").desc(nulls_last=True), "-created_at")
            .first()
        )
        if invitation is not None:
            accepted.append(student_invitation_accept(invitation=invitation, user=user))
    elif user.role == Role.EMPLOYER:
        for invitation in BusinessInvitation.objects.filter(
            email=email, user=user, revoked_at__isnull=True, accepted_at__isnull=True
        ):
            accepted.append(business_invitation_accept(invitation=invitation, user=user))
    return accepted
