"""Reads for a student's public portfolio: the completed projects, with the employer's review once it is no
longer blind (`reviews_unblinded_q`, the one double-blind rule).

Whose portfolio a viewer may open is the student's business (`students.selectors.portfolio_get_for_viewer`);
what it shows is the engagements'."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from engagements.models import Engagement, EngagementStatus, HoursLog, Review, ReviewSide
from engagements.selectors import reviews_unblinded_q
from students.models import StudentProfile


def _public_reviews(now: dt.datetime) -> QuerySet[Review]:
    """The employer's reviews of the student that anyone may read: no longer blind."""
    return (
        Review.objects.filter(side=ReviewSide.EMPLOYER)
        .filter(reviews_unblinded_q(now=now))
        .prefetch_related("skills_demonstrated")
    )


def portfolio_engagements(*, student: StudentProfile, now: dt.datetime) -> QuerySet[Engagement]:
    """The student's completed engagements, latest first, each with `hours_logged` and `public_reviews`
    (a list: the employer's review when it may be shown, else empty). Four queries whatever their number."""
    hours = (
        HoursLog.objects.filter(engagement=OuterRef("pk"))
        .order_by()
        .values("engagement")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return (
        Engagement.objects.filter(student=student, status=EngagementStatus.COMPLETED)
        .select_related("project", "employer")
        .annotate(
            hours_logged=Coalesce(
                Subquery(hours, output_field=DecimalField()), Value(Decimal("0")), output_field=DecimalField()
            )
        )
        .prefetch_related(Prefetch("reviews", queryset=_public_reviews(now), to_attr="public_reviews"))
        .order_by("-completed_at", "-id")
    )


@dataclass(frozen=True)
class PortfolioTotals:
    projects: int
    hours: Decimal
    rating: float | None
    rating_count: int


def portfolio_totals(*, student: StudentProfile, now: dt.datetime) -> PortfolioTotals:
    """The head of the portfolio: completed projects, hours logged on them, and the average of the
    employers' ratings that may be shown. Three queries."""
    completed = Engagement.objects.filter(student=student, status=EngagementStatus.COMPLETED)
    hours = HoursLog.objects.filter(engagement__in=completed).aggregate(total=Sum("hours"))["total"]
    ratings = (
        _public_reviews(now).filter(engagement__in=completed).aggregate(avg=Avg("rating"), n=Count("pk"))
    )
    return PortfolioTotals(
        projects=completed.count(),
        hours=hours or Decimal("0"),
        rating=float(ratings["avg"]) if ratings["avg"] is not None else None,
        rating_count=ratings["n"],
    )
