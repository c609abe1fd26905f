"""Reads for invitations: what a career office sees of its own, each invitation's progress, and the figures
the career dashboard shows.

Progress past sign-up is read live from the apps that own it, as EXISTS subqueries on each row, so a list
of any length costs the same number of queries:
- a student: invited (sent) → signed up → verified (for the inviting university) → applied (any project);
- a business: sent → signed up → first project posted (published) → first student hired (an engagement).
"""

import uuid
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from applications.models import Application
from engagements.models import Engagement
from invitations.models import (
    INVITATION_MODELS,
    BusinessInvitation,
    ImportKind,
    InvitationImport,
    StudentInvitation,
)
from projects.models import Project
from students.models import StudentProfile
from universities.models import University


def student_invitations_for_university(*, university: University) -> QuerySet[StudentInvitation]:
    return StudentInvitation.objects.filter(university=university)


def business_invitations_for_university(*, university: University) -> QuerySet[BusinessInvitation]:
    return BusinessInvitation.objects.filter(university=university)


def student_verified_q() -> Exists:
    return Exists(
        StudentProfile.objects.filter(
            user_id=OuterRef("user_id"), university_id=OuterRef("university_id"), verified_at__isnull=False
        )
    )


def student_applied_q() -> Exists:
    return Exists(Application.objects.filter(student__user_id=OuterRef("user_id")))


def business_posted_q() -> Exists:
    return Exists(Project.objects.filter(employer_id=OuterRef("employer_id"), published_at__isnull=False))


def business_hired_q() -> Exists:
    return Exists(Engagement.objects.filter(employer_id=OuterRef("employer_id")))


def student_invitations_with_progress(queryset: QuerySet[StudentInvitation]) -> QuerySet[StudentInvitation]:
    """`queryset` with `is_verified` and `has_applied` on each row (no extra query per row)."""
    return queryset.annotate(is_verified=student_verified_q(), has_applied=student_applied_q())


def business_invitations_with_progress(
    queryset: QuerySet[BusinessInvitation],
) -> QuerySet[BusinessInvitation]:
    """`queryset` with `has_posted` and `has_hired` on each row (no extra query per row)."""
    return queryset.annotate(has_posted=business_posted_q(), has_hired=business_hired_q())


def invitation_get_by_token(*, kind: str, token: uuid.UUID) -> StudentInvitation | BusinessInvitation:
    """The invitation a link names (404 for none: the token is the only way to find it)."""
    model = INVITATION_MODELS.get(kind)
    invitation = (
        model.objects.select_related("university", "invited_by").filter(token=token).first()
        if model
        else None
    )
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


def invitation_import_get_for_staff(
    *, university: University | None, pk: int, kind: ImportKind
) -> InvitationImport:
    """An upload of `university` (any university's for site staff: None); 404 otherwise, hiding it."""
    imports = InvitationImport.objects.filter(pk=pk, kind=kind).select_related("university", "uploaded_by")
    if university is not None:
        imports = imports.filter(university=university)
    found = imports.first()
    if found is None:
        raise Http404("No such upload.")
    return found


@dataclass(frozen=True)
class UnansweredInvitations:
    """Invitations sent and still unanswered (nobody signed up, not withdrawn)."""

    students: int
    businesses: int


@dataclass(frozen=True)
class StudentInvitationProgress:
    invited: int
    signed_up: int
    verified: int
    applied: int


@dataclass(frozen=True)
class BusinessInvitationProgress:
    sent: int
    signed_up: int
    posted: int
    hired: int


_UNANSWERED = Q(sent_at__isnull=False, signed_up_at__isnull=True, revoked_at__isnull=True)


def unanswered_invitation_counts(*, university: University) -> UnansweredInvitations:
    """Two queries."""
    return UnansweredInvitations(
        students=StudentInvitation.objects.filter(_UNANSWERED, university=university).count(),
        businesses=BusinessInvitation.objects.filter(_UNANSWERED, university=university).count(),
    )


def student_invitation_progress(*, university: University) -> StudentInvitationProgress:
    """The roster funnel of `university`'s live invitations, in one query."""
    live = student_invitations_with_progress(
        StudentInvitation.objects.filter(university=university, revoked_at__isnull=True)
    )
    figures = live.aggregate(
        invited=Count("pk", filter=Q(sent_at__isnull=False)),
        signed_up=Count("pk", filter=Q(signed_up_at__isnull=False)),
        verified=Count("pk", filter=Q(is_verified=True, signed_up_at__isnull=False)),
        applied=Count("pk", filter=Q(has_applied=True, signed_up_at__isnull=False)),
    )
    return StudentInvitationProgress(**figures)


def business_invitation_progress(*, university: University) -> BusinessInvitationProgress:
    """The local-business funnel of `university`'s live invitations, in one query."""
    live = business_invitations_with_progress(
        BusinessInvitation.objects.filter(university=university, revoked_at__isnull=True)
    )
    figures = live.aggregate(
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        signed_up=Count("pk", filter=Q(signed_up_at__isnull=False)),
        posted=Count("pk", filter=Q(has_posted=True, employer__isnull=False)),
        hired=Count("pk", filter=Q(has_hired=True, employer__isnull=False)),
    )
    return BusinessInvitationProgress(**figures)
