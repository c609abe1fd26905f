"""Reads for employers: the organisations a user belongs to, access to one of them, its members and
invitations, its logo, and any organisation for its public page.

The employer dashboard counts applications, so it lives above them (`applications.selectors_dashboard`), as
do the public page's figures (`applications.selectors.employer_answer_time`,
`engagements.selectors_employer`) and its open projects (`projects.selectors`)."""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePath

from django.db.models import Case, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.http import Http404

from accounts.models import User
from employers.models import Employer, EmployerInvitation, EmployerMember, MemberRole

# A logo is stored under the suffix of the format its content was checked as, and served as that type.
LOGO_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/webp": ".webp"}
LOGO_CONTENT_TYPES = {suffix: content_type for content_type, suffix in LOGO_SUFFIXES.items()}


def employer_list_for_user(*, user: User) -> QuerySet[Employer]:
    """Organisations `user` is a member of, each annotated with `member_role` (owner or member)."""
    if not user.is_authenticated:
        return Employer.objects.none()
    role = EmployerMember.objects.filter(employer=OuterRef("pk"), user_id=user.pk).values("role")[:1]
    return (
        Employer.objects.filter(memberships__user_id=user.pk)
        .annotate(member_role=Subquery(role))
        .order_by("name")
    )


def employer_get_for_member(*, user: User, slug: str) -> Employer:
    """The organisation by slug, for its members only: outsiders get a 404, so they learn nothing."""
    employer = employer_list_for_user(user=user).filter(slug=slug).first()
    if employer is None:
        raise Http404("No such organisation.")
    return employer


def employer_member_role(*, employer: Employer, user: User) -> MemberRole | None:
    """The role of `user` at `employer`, or None for outsiders."""
    if not user.is_authenticated:
        return None
    role = (
        EmployerMember.objects.filter(employer=employer, user_id=user.pk)
        .values_list("role", flat=True)
        .first()
    )
    return MemberRole(role) if role else None


def employer_member_list(*, employer: Employer) -> QuerySet[EmployerMember]:
    """The organisation's members with their accounts: owners first, then by when they joined."""
    owners_first = Case(
        When(role=MemberRole.OWNER, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        EmployerMember.objects.filter(employer=employer)
        .select_related("user")
        .order_by(owners_first, "created_at", "pk")
    )


def employer_member_ids(*, employer_id: int) -> list[int]:
    """The user ids of the organisation's active members, in a stable order: whom the domain tells when
    something happens on the employer's side."""
    members = EmployerMember.objects.filter(employer_id=employer_id, user__is_active=True).order_by("user_id")
    return list(members.values_list("user_id", flat=True))


def employer_member_ids_by_employer(*, employer_ids: Iterable[int]) -> dict[int, list[int]]:
    """The active members' user ids of each organisation, in one query (for scans that tell many
    organisations at once); an organisation with nobody active is missing from the result."""
    members: dict[int, list[int]] = defaultdict(list)
    rows = (
        EmployerMember.objects.filter(employer_id__in=set(employer_ids), user__is_active=True)
        .order_by("employer_id", "user_id")
        .values_list("employer_id", "user_id")
    )
    for employer_id, user_id in rows:
        members[employer_id].append(user_id)
    return dict(members)


def employer_invitation_list_pending(*, employer: Employer) -> QuerySet[EmployerInvitation]:
    """Invitations nobody has accepted or withdrawn yet, newest first, with who sent them."""
    return (
        EmployerInvitation.objects.filter(
            employer=employer, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("invited_by")
        .order_by("-created_at", "-pk")
    )


def employer_invitation_get_for_member(*, employer: Employer, pk: int) -> EmployerInvitation:
    """One of the organisation's invitations (call after `employer_get_for_member`); Http404 otherwise."""
    invitation = (
        EmployerInvitation.objects.filter(employer=employer, pk=pk).select_related("employer").first()
    )
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


def employer_invitation_get_by_token(*, token: uuid.UUID) -> EmployerInvitation:
    """The invitation a link points to. The token is the secret, so whoever holds the link may see which
    organisation it is for; whether they may accept it is `employer_invitation_check`'s business."""
    invitation = (
        EmployerInvitation.objects.filter(token=token).select_related("employer", "invited_by").first()
    )
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


def employer_get_public(*, slug: str) -> Employer:
    """Any organisation, by its slug: the public page shows only what it chose to publish."""
    employer = Employer.objects.filter(slug=slug).first()
    if employer is None:
        raise Http404("No such organisation.")
    return employer


def employer_get_logo(*, slug: str) -> tuple[Employer, str]:
    """The organisation and the content type of its logo; Http404 when it has none.

    Logos are public: students see them next to postings, and an organisation's name is no secret.
    """
    employer = Employer.objects.filter(slug=slug).exclude(logo="").first()
    if employer is None:
        raise Http404("No logo.")
    content_type = LOGO_CONTENT_TYPES.get(PurePath(employer.logo.name).suffix.lower())
    if content_type is None:
        raise Http404("No logo.")
    return employer, content_type
