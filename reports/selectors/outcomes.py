"""Outcomes: what came of the engagements of the university's students in the range.

- completed / cancelled: engagements whose `completed_at` / `cancelled_at` falls in the range;
- hours logged: the hours of the logs dated in the range;
- earnings paid: payments marked paid in the range, per currency (never added across currencies);
- on-time payment rate: of the payments that fall due in the range and have come due by now (or were paid
  already), the share paid by their due time, by the rule of the organisation's page
  (`engagements.selectors_employer.payment_record`: a missing due date is the payment terms after the
  payment was recorded, a payment of no amount is left out, an unpaid overdue payment counts as late);
- ratings: reviews written in the range, each side apart (employers rating students, students rating
  employers), with the average and the count of each star;
- repeat students: students who completed an engagement in the range and have completed two or more by
  its end;
- time to first acceptance: for students whose first acceptance (their first engagement) falls in the range,
  the time from their first application to it (median and average).

Seven queries whatever the data. Without a field filter the time to first acceptance reads the per-student
rollup (`reports.models.StudentRollup.first_applied_at` / `first_accepted_at`), a few indexed rows instead of
every application of the students accepted in the range; with one (the first application *of that field*)
it is computed from the applications, as it is with REPORTS_ROLLUPS off. The rest reads tables of a few ten
thousand rows, their students picked from the per-student rollup's index (`common.students_of_q`).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, Min, Q, Sum
from django.utils import timezone

from applications.models import Application
from engagements.models import (
    Engagement,
    EngagementStatus,
    HoursLog,
    Payment,
    PaymentStatus,
    Review,
    ReviewSide,
)
from engagements.selectors_employer import payment_record
from reports.filters import ReportFilters
from reports.formatting import Hours, Money
from reports.models import StudentRollup
from reports.selectors.common import (
    Median,
    Table,
    field_q,
    money,
    percent,
    rate,
    run_report,
    student_q,
    students_of_q,
    use_rollups,
)
from universities.models import University

STARS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Earnings:
    currency: str
    amount: Decimal
    payments: int


@dataclass(frozen=True)
class Ratings:
    side: str
    label: str
    reviews: int
    average: float | None
    stars: list[int]  # how many reviews gave 1, 2, 3, 4, 5 stars


@dataclass(frozen=True)
class OutcomesReport:
    filters: ReportFilters
    completed: int
    cancelled: int
    completing_students: int
    repeat_students: int
    hours: Decimal
    earnings: list[Earnings]
    payments_due: int
    payments_on_time: int
    ratings: list[Ratings]
    accepted_students: int
    median_time_to_acceptance: dt.timedelta | None
    average_time_to_acceptance: dt.timedelta | None

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.payments_on_time, self.payments_due)

    @property
    def completion_rate(self) -> float | None:
        return rate(self.completed, self.completed + self.cancelled)

    def tables(self) -> list[Table]:
        return [
            Table(
                title="Outcomes",
                caption="Engagements, hours, payments and acceptance in the range",
                headers=["Figure", "Value"],
                rows=[
                    ["Engagements completed", self.completed],
                    ["Engagements cancelled", self.cancelled],
                    ["Completion rate (completed of finished)", percent(self.completion_rate)],
                    ["Students who completed a project", self.completing_students],
                    ["…of whom with 2 or more completed projects", self.repeat_students],
                    ["Hours logged", Hours(self.hours)],
                    ["Payments due", self.payments_due],
                    ["…paid on time", self.payments_on_time],
                    ["On-time payment rate", percent(self.on_time_rate)],
                    ["Students accepted for the first time", self.accepted_students],
                    [
                        "Median time from first application to first acceptance",
                        days(self.median_time_to_acceptance),
                    ],
                    [
                        "Average time from first application to first acceptance",
                        days(self.average_time_to_acceptance),
                    ],
                ],
                numeric=[False, True],
            ),
            Table(
                title="Earnings paid",
                caption="Payments marked paid in the range, per currency",
                headers=["Currency", "Amount paid", "Payments"],
                rows=[[row.currency, Money(row.amount, row.currency), row.payments] for row in self.earnings],
                numeric=[False, True, True],
            ),
            Table(
                title="Ratings",
                caption="Reviews written in the range, each side apart",
                headers=[
                    "Side",
                    "Reviews",
                    "Average rating",
                    *[f"{n} star{'s' if n > 1 else ''}" for n in STARS],
                ],
                rows=[
                    [
                        row.label,
                        row.reviews,
                        "n/a" if row.average is None else round(row.average, 2),
                        *row.stars,
                    ]
                    for row in self.ratings
                ],
                numeric=[False, True, True, True, True, True, True, True],
            ),
        ]


def days(value: dt.timedelta | None) -> str:
    if value is None:
        return "n/a"
    return f"{value.total_seconds() / 86400:.1f} days"


def _engagement_scope(filters: ReportFilters, prefix: str = "") -> Q:
    return students_of_q(filters, f"{prefix}student__") & field_q(filters, f"{prefix}project__")


def _time_to_acceptance(first_applied: str, first_accepted: str) -> dict:
    wait = ExpressionWrapper(F(first_accepted) - F(first_applied), output_field=DurationField())
    return {
        "median": Median(wait, output_field=DurationField()),
        "average": Avg(wait, output_field=DurationField()),
    }


def _first_acceptance(filters: ReportFilters, engagements) -> dict:
    """{"students", "median", "average"}: the students whose first acceptance falls in the range, and the
    time from their first application to it. One query."""
    start, end = filters.start_at, filters.end_at
    if use_rollups() and not filters.field:
        return StudentRollup.objects.filter(
            student_q(filters), first_accepted_at__gte=start, first_accepted_at__lt=end
        ).aggregate(students=Count("pk"), **_time_to_acceptance("first_applied_at", "first_accepted_at"))
    # Only the students accepted in the range can have their first acceptance in it.
    accepted_in_range = engagements.filter(created_at__gte=start, created_at__lt=end).values("student_id")
    return (
        Application.objects.filter(_engagement_scope(filters), student_id__in=accepted_in_range)
        .order_by()
        .values("student")
        .annotate(first_applied=Min("created_at"), first_accepted=Min("engagement__created_at"))
        .filter(first_accepted__gte=start, first_accepted__lt=end)
        .aggregate(students=Count("student"), **_time_to_acceptance("first_applied", "first_accepted"))
    )


def outcomes_report(
    *, university: University | None, filters: ReportFilters, fresh: bool = False
) -> OutcomesReport:
    """The outcomes for `university` (None: every university) with the range and filters of `filters`."""
    return run_report("outcomes", _outcomes_report, university=university, filters=filters, fresh=fresh)


def _outcomes_report(*, university: University | None, filters: ReportFilters) -> OutcomesReport:
    start, end = filters.start_at, filters.end_at
    completed_in_range = Q(status=EngagementStatus.COMPLETED, completed_at__gte=start, completed_at__lt=end)
    cancelled_in_range = Q(status=EngagementStatus.CANCELLED, cancelled_at__gte=start, cancelled_at__lt=end)
    engagements = Engagement.objects.filter(_engagement_scope(filters))
    finished = engagements.filter(completed_in_range | cancelled_in_range).aggregate(
        completed=Count("pk", filter=completed_in_range),
        cancelled=Count("pk", filter=cancelled_in_range),
        students=Count("student", distinct=True, filter=completed_in_range),
    )
    repeat_students = (
        engagements.filter(status=EngagementStatus.COMPLETED, completed_at__lt=end)
        .order_by()
        .values("student")
        .annotate(completed=Count("pk"), last=Max("completed_at"))
        .filter(completed__gte=2, last__gte=start)
        .count()
    )
    hours = HoursLog.objects.filter(
        _engagement_scope(filters, "engagement__"), date__gte=filters.start, date__lte=filters.end
    ).aggregate(total=Sum("hours"))["total"]
    payments = Payment.objects.filter(_engagement_scope(filters, "engagement__"))
    earnings = (
        payments.filter(status=PaymentStatus.PAID, paid_at__gte=start, paid_at__lt=end)
        .order_by()
        .values("currency")
        .annotate(amount=Sum("amount"), payments=Count("pk"))
        .order_by("currency")
    )
    due = payment_record(payments, now=timezone.now(), due_from=start, due_before=end)
    reviews = {
        row["side"]: row
        for row in Review.objects.filter(
            _engagement_scope(filters, "engagement__"), created_at__gte=start, created_at__lt=end
        )
        .order_by()
        .values("side")
        .annotate(
            reviews=Count("pk"),
            average=Avg("rating"),
            **{f"stars_{n}": Count("pk", filter=Q(rating=n)) for n in STARS},
        )
    }
    first_acceptance = _first_acceptance(filters, engagements)
    return OutcomesReport(
        filters=filters,
        completed=finished["completed"],
        cancelled=finished["cancelled"],
        completing_students=finished["students"],
        repeat_students=repeat_students,
        hours=hours or Decimal("0"),
        earnings=[Earnings(row["currency"], money(row["amount"]), row["payments"]) for row in earnings],
        payments_due=due.due,
        payments_on_time=due.on_time,
        ratings=[
            Ratings(
                side=side,
                label=label,
                reviews=reviews.get(side, {}).get("reviews", 0),
                average=reviews.get(side, {}).get("average"),
                stars=[reviews.get(side, {}).get(f"stars_{n}", 0) for n in STARS],
            )
            for side, label in [
                (ReviewSide.EMPLOYER, "Employers rating students"),
                (ReviewSide.STUDENT, "Students rating employers"),
            ]
        ],
        accepted_students=first_acceptance["students"],
        median_time_to_acceptance=first_acceptance["median"],
        average_time_to_acceptance=first_acceptance["average"],
    )
