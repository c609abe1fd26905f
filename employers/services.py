"""Writes for employers: organisations, their members and invitations."""

import uuid
from collections.abc import Callable
from typing import NamedTuple

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Role, User
from employers.models import Employer, EmployerInvitation, EmployerMember, MemberRole
from employers.selectors import LOGO_SUFFIXES, employer_member_role
from marketplace.context_processors import site as site_context
from marketplace.timezones import UTC, time_zone_normalise
from marketplace.uploads import upload_name, validate_image_upload

SLUG_ATTEMPTS = 20


def _slug_candidates(name: str) -> list[str]:
    max_length = Employer._meta.get_field("slug").max_length
    base = slugify(name)[: max_length - 4].strip("-") or "employer"
    return [base] + [f"{base}-{n}" for n in range(2, SLUG_ATTEMPTS + 1)]


def _time_zone(name: str) -> str:
    zone = time_zone_normalise(name or "")
    if zone is None:
        raise ValidationError(
            {"time_zone": ValidationError("Choose a time zone from the list.", code="invalid")}
        )
    return zone


def employer_create(
    *, user: User, name: str, description: str = "", website: str = "", time_zone: str = UTC
) -> Employer:
    """Create an organisation with `user` as its owner, under a unique slug derived from the name.

    Two organisations with the same name get `acme` and `acme-2`; the unique index settles a race.
    """
    if user.role != Role.EMPLOYER:
        raise ValidationError("Only employer accounts can create an organisation.", code="not_an_employer")
    employer = Employer(
        name=name.strip(),
        description=description.strip(),
        website=website.strip(),
        time_zone=_time_zone(time_zone),
    )
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


class InviteResult(NamedTuple):
    invitation: EmployerInvitation
    created: bool


def employer_invite(*, employer: Employer, by: User, email: str) -> EmployerInvitation:
    """Invite someone by email; the link carries the invitation's token.

    Owners and members may invite. Inviting an address again while its invitation is pending returns
    that invitation unchanged. Sending the email is the caller's job, after the transaction commits
    (`employer_invitation_send` does both).
    """
    return _invite(employer=employer, by=by, email=email).invitation


def employer_invitation_send(
    *, employer: Employer, by: User, email: str, accept_url: Callable[[EmployerInvitation], str]
) -> InviteResult:
    """Invite `email` and, for a new invitation only, email it the absolute `accept_url(invitation)` once
    the transaction commits: a rolled-back invitation sends nothing, and a pending one is not re-sent."""
    result = _invite(employer=employer, by=by, email=email)
    if result.created:
        invitation = result.invitation
        link = accept_url(invitation)
        transaction.on_commit(lambda: _send_invitation_email(invitation=invitation, accept_url=link))
    return result


def _send_invitation_email(*, invitation: EmployerInvitation, accept_url: str) -> None:
    inviter = invitation.invited_by
    context = {
        "invitation": invitation,
        "employer": invitation.employer,
        "inviter_name": inviter.get_full_name() if inviter else "A member",
        "accept_url": accept_url,
        **site_context(None),
    }
    subject = render_to_string("email/employers/invitation_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
        body=render_to_string("email/employers/invitation.txt", context),
        to=[invitation.email],
        reply_to=[inviter.email] if inviter else None,
    )
    message.attach_alternative(render_to_string("email/employers/invitation.html", context), "text/html")
    message.send()


def _invite(*, employer: Employer, by: User, email: str) -> InviteResult:
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
        return InviteResult(existing, False)
    try:
        with transaction.atomic():
            return InviteResult(
                EmployerInvitation.objects.create(employer=employer, email=email, invited_by=by), True
            )
    except IntegrityError:
        # Someone invited the same address at the same moment: theirs is the pending one.
        return InviteResult(pending.get(), False)


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


def employer_invitation_check(*, invitation: EmployerInvitation, user: User) -> None:
    """Raise why `user` may not accept `invitation`; return quietly when they may (or already did).

    The accept service runs it under the invitation's lock; the invitation page runs it beforehand to
    explain a problem instead of offering a button that can only fail.
    """
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == user.pk:
            return
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


def _accept_locked(*, invitation: EmployerInvitation, user: User) -> EmployerMember:
    employer_invitation_check(invitation=invitation, user=user)
    if invitation.accepted_at is not None:
        return EmployerMember.objects.get(employer=invitation.employer, user=user)
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


def employer_member_make_owner(*, employer: Employer, user: User, by: User) -> EmployerMember:
    """Make a member an owner too (owners only), so an owner can hand the organisation over before leaving
    or deleting their account. Making an owner an owner again changes nothing."""
    with transaction.atomic():
        if not EmployerMember.objects.filter(
            employer=employer, user_id=by.pk, role=MemberRole.OWNER
        ).exists():
            raise PermissionDenied("Only owners may make someone an owner.")
        membership = (
            EmployerMember.objects.select_for_update().filter(employer=employer, user_id=user.pk).first()
        )
        if membership is None:
            raise ValidationError("That person is no longer a member.", code="not_a_member")
        if membership.role != MemberRole.OWNER:
            membership.role = MemberRole.OWNER
            membership.save(update_fields=["role", "updated_at"])
    return membership


def employer_invitation_revoke(*, invitation: EmployerInvitation, by: User) -> EmployerInvitation:
    """Withdraw a pending invitation so its link stops working. Any member may, as any member may invite.

    Withdrawing it again changes nothing; an invitation already accepted cannot be withdrawn (remove the
    member instead).
    """
    if employer_member_role(employer=invitation.employer, user=by) is None:
        raise PermissionDenied("Only members of the organisation may withdraw its invitations.")
    with transaction.atomic():
        locked = EmployerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.accepted_at is not None:
            raise ValidationError(
                f"{locked.email} has already accepted this invitation.", code="invitation_used"
            )
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at", "updated_at"])
    return locked


def _ensure_owner(*, employer: Employer, user: User) -> None:
    if employer_member_role(employer=employer, user=user) != MemberRole.OWNER:
        raise PermissionDenied("Only owners may change the organisation's details.")


def employer_update(
    *, employer: Employer, by: User, name: str, description: str, website: str, time_zone: str | None = None
) -> Employer:
    """Change the organisation's public details (and its time zone, when given); owners only.

    The slug stays as it was, so links already shared (and the logo's address) keep working.
    """
    _ensure_owner(employer=employer, user=by)
    employer.name = name.strip()
    employer.description = description.strip()
    employer.website = website.strip()
    if time_zone is not None:
        employer.time_zone = _time_zone(time_zone)
    employer.full_clean(exclude=["slug", "logo"])
    employer.save(update_fields=["name", "description", "website", "time_zone", "updated_at"])
    return employer


def employer_logo_set(*, employer: Employer, by: User, upload: UploadedFile) -> Employer:
    """Replace the logo with `upload`, a PNG, JPEG or WebP image checked by its content; owners only.

    The stored name ends with the suffix of the format the content was read as (never the one the
    uploader chose), because the logo is served with the content type that suffix stands for.
    """
    _ensure_owner(employer=employer, user=by)
    try:
        content_type = validate_image_upload(upload)
    except ValidationError as error:
        raise ValidationError({"logo": error.messages}) from None
    suffix = LOGO_SUFFIXES[content_type]
    name = upload_name(upload, allowed_suffixes=[suffix], default_suffix=suffix)
    previous = employer.logo.name
    employer.logo.save(name, upload, save=False)
    employer.save(update_fields=["logo", "updated_at"])
    if previous:
        _delete_file_on_commit(employer=employer, name=previous)
    return employer


def employer_logo_remove(*, employer: Employer, by: User) -> Employer:
    """Take the logo down; owners only. Removing a logo that is not there changes nothing."""
    _ensure_owner(employer=employer, user=by)
    previous = employer.logo.name
    if not previous:
        return employer
    employer.logo = ""
    employer.save(update_fields=["logo", "updated_at"])
    _delete_file_on_commit(employer=employer, name=previous)
    return employer


def _delete_file_on_commit(*, employer: Employer, name: str) -> None:
    storage = employer.logo.storage
    transaction.on_commit(lambda: storage.delete(name))
