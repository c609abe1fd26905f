"""Writes for employers: organisations, their members and invitations."""

import uuid

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Role, User
from employers.models import Employer, EmployerInvitation, EmployerMember, MemberRole
from employers.selectors import employer_member_role

SLUG_ATTEMPTS = 20


def _slug_candidates(name: str) -> list[str]:
    max_length = Employer._meta.get_field("slug").max_length
    base = slugify(name)[: max_length - 4].strip("-") or "employer"
    return [base] + [f"{base}-{n}" for n in range(2, SLUG_ATTEMPTS + 1)]


def employer_create(*, user: User, name: str, description: str = "", website: str = "") -> Employer:
    """Create an organisation with `user` as its owner, under a unique slug derived from the name.

    Two organisations with the same name get `acme` and `acme-2`; the unique index settles a race.
    """
    if user.role != Role.EMPLOYER:
        raise ValidationError("Only employer accounts can create an organisation.", code="not_an_employer")
    employer = Employer(name=name.strip(), description=description.strip(), website=website.strip())
    employer.full_clean(exclude=["slug"])
    candidates = _slug_candidates(employer.name)
    taken = set(Employer.objects.filter(slug__in=candidates).values_list("slug", flat=True))
    for slug in (candidate for candidate in candidates if candidate not in taken):
        try:
            with transaction.atomic():
                employer.slug = slug
                employer.save()
                EmployerMember.objects.create(employer=employer, user=user, role=MemberRole.OWNER)
                return employer
        except IntegrityError:
            employer.pk = None
            continue
    raise ValidationError(
        "Too many organisations have this name; choose a more distinctive one.", code="slug_unavailable"
    )


def employer_invite(*, employer: Employer, by: User, email: str) -> EmployerInvitation:
    """Invite someone by email; the link carries the invitation's token.

    Owners and members may invite. Inviting an address again while its invitation is pending returns
    that invitation unchanged. Sending the email is the caller's job, after the transaction commits.
    """
    if employer_member_role(employer=employer, user=by) is None:
        raise PermissionDenied("Only members of the organisation may invite people to it.")
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError("Enter a valid email address.", code="invalid_email") from None
    if EmployerMember.objects.filter(employer=employer, user__email__iexact=email).exists():
        raise ValidationError(f"{email} is already a member of {employer}.", code="already_member")
    pending = EmployerInvitation.objects.filter(
        employer=employer, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    )
    existing = pending.first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return EmployerInvitation.objects.create(employer=employer, email=email, invited_by=by)
    except IntegrityError:
        # Someone invited the same address at the same moment: theirs is the pending one.
        return pending.get()


def employer_invitation_accept(*, token: str | uuid.UUID, user: User) -> EmployerMember:
    """Join the organisation through an invitation sent to one of `user`'s confirmed addresses.

    Accepting again (a double click, a second tab) returns the same membership.
    """
    try:
        token = uuid.UUID(str(token))
    except ValueError:
        raise ValidationError("This invitation link is not valid.", code="invalid_invitation") from None
    with transaction.atomic():
        invitation = (
            EmployerInvitation.objects.select_for_update(of=("self",))
            .select_related("employer")
            .filter(token=token)
            .first()
        )
        if invitation is None:
            raise ValidationError("This invitation link is not valid.", code="invalid_invitation")
        return _accept_locked(invitation=invitation, user=user)


def _accept_locked(*, invitation: EmployerInvitation, user: User) -> EmployerMember:
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == user.pk:
            return EmployerMember.objects.get(employer=invitation.employer, user=user)
        raise ValidationError("This invitation has already been used.", code="invitation_used")
    if invitation.revoked_at is not None:
        raise ValidationError("This invitation was withdrawn.", code="invitation_revoked")
    if not EmailAddress.objects.filter(
        user_id=user.pk, email__iexact=invitation.email, verified=True
    ).exists():
        raise PermissionDenied(
            "This invitation was sent to another address: confirm that address on your account first."
        )
    if user.role != Role.EMPLOYER:
        raise ValidationError(
            f"Invitations join employer accounts; this is a {user.get_role_display().lower()} account.",
            code="not_an_employer",
        )
    membership, _ = EmployerMember.objects.get_or_create(
        employer=invitation.employer, user=user, defaults={"role": MemberRole.MEMBER}
    )
    invitation.accepted_by = user
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_by", "accepted_at", "updated_at"])
    return membership


def employer_member_remove(*, employer: Employer, user: User, by: User) -> None:
    """Remove `user` from the organisation. Owners only; the last owner can never be removed.

    The owners' rows are locked together, so two owners removing each other at once leave one.
    Removing someone who is no longer a member changes nothing.
    """
    with transaction.atomic():
        owners = list(
            EmployerMember.objects.select_for_update()
            .filter(employer=employer, role=MemberRole.OWNER)
            .order_by("pk")
            .values_list("user_id", flat=True)
        )
        if by.pk not in owners:
            raise PermissionDenied("Only owners may remove members.")
        membership = (
            EmployerMember.objects.select_for_update().filter(employer=employer, user_id=user.pk).first()
        )
        if membership is None:
            return
        if membership.role == MemberRole.OWNER and len(owners) == 1:
            raise ValidationError(
                "An organisation needs an owner: make someone else an owner first.", code="last_owner"
            )
        membership.delete()
