"""Reads for employers: the organisations a user belongs to, and access to one of them."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from accounts.models import User
from employers.models import Employer, EmployerMember, MemberRole


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
