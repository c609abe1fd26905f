"""Reads for engagements: who may see one, what is due, hours, unread messages and double-blind reviews.

Querysets are scoped to the user here, at the source; views call `engagement_get_for_party` first.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.conf import settings
from django.db.models import Count, DateTimeField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from applications.models import (
    Engagement,
    EngagementReadMark,
    EngagementStatus,
    Message,
    Milestone,
    MilestoneStatus,
    Review,
)
from employers.models import EmployerMember
from students.models import StudentProfile

EngagementParty = Literal["student", "employer"]

# Read marks start at the beginning of time: with no mark, every message from the other side is unread.
_NEVER_READ = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def engagement_party(*, engagement: Engagement, user: User | None) -> EngagementParty | None:
    """Which side of the engagement `user` is on: its student, a member of its employer, or neither (None)."""
    if user is None or not user.is_authenticated:
        return None
    if StudentProfile.objects.filter(pk=engagement.student_id, user_id=user.pk).exists():
        return "student"
    if EmployerMember.objects.filter(employer_id=engagement.employer_id, user_id=user.pk).exists():
        return "employer"
    return None


def _engagements_of(user: User) -> QuerySet[Engagement]:
    if not user.is_authenticated:
        return Engagement.objects.none()
    return Engagement.objects.filter(
        Q(student__user=user) | Q(employer__in=EmployerMember.objects.filter(user=user).values("employer"))
    )


def _unread_count_subquery(user: User) -> Coalesce:
    """Per engagement (OuterRef "pk"): messages from anyone but `user` newer than `user`'s read mark."""
    last_read = EngagementReadMark.objects.filter(engagement=OuterRef("engagement"), user=user).values(
        "last_read_at"
    )[:1]
    unread = (
        Message.objects.filter(engagement=OuterRef("pk"))
        .exclude(sender=user)
        .filter(
            created_at__gt=Coalesce(Subquery(last_read), Value(_NEVER_READ), output_field=DateTimeField())
        )
        .order_by()
        .values("engagement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


def engagement_get_for_party(*, user: User, public_id: uuid.UUID | str) -> Engagement:
    """The engagement, if `user` is its student or a member of its employer; otherwise 404.

    Outsiders get 404 rather than 403 so that the existence of someone else's engagement is not revealed.
    """
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404("No such engagement.") from exc
    engagement = (
        _engagements_of(user)
        .select_related("project", "employer", "student__user", "application")
        .filter(public_id=public_id)
        .first()
    )
    if engagement is None:
        raise Http404("No such engagement.")
    return engagement


def engagement_list_for_user(*, user: User) -> QuerySet[Engagement]:
    """Every engagement `user` is a party to, newest first, each annotated with `unread_count`.

    Related rows a list shows (project, employer, student and their user, payment) come in the same query,
    so the number of queries does not grow with the number of engagements.
    """
    return (
        _engagements_of(user)
        .select_related("project", "employer", "student__user", "payment")
        .annotate(unread_count=_unread_count_subquery(user))
        .order_by("-created_at", "-id")
    )


def unread_message_count(*, engagement: Engagement, user: User) -> int:
    """Messages on `engagement` from the other side that `user` has not read (their own never count)."""
    return (
        Engagement.objects.filter(pk=engagement.pk)
        .annotate(unread_count=_unread_count_subquery(user))
        .values_list("unread_count", flat=True)
        .get()
    )


MilestoneState = Literal["due", "done", "late"]


@dataclass(frozen=True)
class MilestoneOverviewRow:
    milestone: Milestone
    state: MilestoneState
    days_late: int


def milestone_overview(*, engagement: Engagement, today: dt.date | None = None) -> list[MilestoneOverviewRow]:
    """Each milestone in order with its state: done (approved), late (not approved, due before today) or due.

    A milestone awaiting the employer's review still counts as late after its due date: nothing is done
    until it is approved. `today` defaults to the local date.
    """
    today = today or timezone.localdate()
    rows = []
    for milestone in engagement.milestones.order_by("position", "id"):
        if milestone.status == MilestoneStatus.APPROVED:
            rows.append(MilestoneOverviewRow(milestone=milestone, state="done", days_late=0))
        elif milestone.due_date is not None and milestone.due_date < today:
            days_late = (today - milestone.due_date).days
            rows.append(MilestoneOverviewRow(milestone=milestone, state="late", days_late=days_late))
        else:
            rows.append(MilestoneOverviewRow(milestone=milestone, state="due", days_late=0))
    return rows


@dataclass(frozen=True)
class HoursSummary:
    logged: Decimal
    estimated: Decimal
    over_estimate: bool
    over_by: Decimal


def hours_summary(*, engagement: Engagement) -> HoursSummary:
    """Hours logged against the estimate; `over_by` > 0 flags scope creep for both sides to talk about."""
    logged = engagement.hours_logs.aggregate(total=Sum("hours"))["total"] or Decimal("0.00")
    estimated = Decimal(engagement.estimated_hours)
    over_by = max(logged - estimated, Decimal("0.00"))
    return HoursSummary(logged=logged, estimated=estimated, over_estimate=over_by > 0, over_by=over_by)


def review_window_closes_at(*, engagement: Engagement) -> dt.datetime | None:
    """When both reviews become visible regardless: REVIEW_WINDOW_DAYS after the engagement ended."""
    ended_at = engagement.completed_at or (
        engagement.cancelled_at if engagement.status == EngagementStatus.CANCELLED else None
    )
    if ended_at is None:
        return None
    return ended_at + dt.timedelta(days=settings.MARKETPLACE["REVIEW_WINDOW_DAYS"])


def reviews_visible_to(*, engagement: Engagement, user: User, now: dt.datetime) -> QuerySet[Review]:
    """The engagement's reviews that `user` may read, under the double-blind rule.

    A party always sees their own side's review; they see the other side's only once both reviews exist
    or the review window has closed, so neither review can be written in reaction to the other.
    Outsiders see nothing.
    """
    party = engagement_party(engagement=engagement, user=user)
    reviews = Review.objects.filter(engagement=engagement).select_related("author")
    if party is None:
        return reviews.none()
    closes_at = review_window_closes_at(engagement=engagement)
    window_closed = closes_at is not None and now >= closes_at
    both_written = reviews.count() >= 2
    visible = reviews if window_closed or both_written else reviews.filter(side=party)
    return visible.prefetch_related("skills_demonstrated")
