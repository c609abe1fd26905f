"""Trends: the headline figures per week or month, and the headline figures of a range with the period
before it (what the career dashboard shows, with an arrow).

The figures, each counted where it happens (not by cohort, unlike the funnel):

- signed up: student profiles linked to the university created in the period;
- verified: students verified in the period (`verified_at`);
- applied: students who sent at least one application in the period (each student once per period);
- accepted: students accepted in the period (an engagement created in it; each student once per period);
- completed: engagements completed in the period;
- hours logged: hours of the logs dated in the period;
- earnings paid: payments marked paid in the period, per currency.

The project field narrows applied, accepted, completed, hours and earnings; major and graduation year
narrow them all. Weeks start on Monday; the first and last buckets may be partial weeks or months.

"Applied" counts each student once in a period as the application whose previous one falls before the
period (no COUNT(DISTINCT) over a million rows). Without a major, year or field filter it sums the daily
rollup (`reports.models.ApplicantDay`: applications per day and day of the previous one, a few thousand
rows a term); with a major or a year it counts the per-application rollup's rows
(`reports.models.ApplicationRollup.previous_at`); with a field filter (the previous application may be of
another field) it is a COUNT(DISTINCT) over the narrower rows. The other
figures read tables of a few ten thousand rows, their students picked from the per-student rollup's index
(`common.students_of_q`). With REPORTS_ROLLUPS off, all is computed from the raw rows, the definition above.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial

from django.db.models import Aggregate, Count, DateField, DateTimeField, Expression, Q, QuerySet, Sum, Value
from django.db.models.functions import Greatest, TruncMonth, TruncWeek

from applications.models import Application
from engagements.models import Engagement, EngagementStatus, HoursLog, Payment, PaymentStatus
from reports.filters import Interval, ReportFilters
from reports.formatting import Hours, Money
from reports.models import ApplicantDay, ApplicationRollup
from reports.selectors.common import (
    Table,
    analytical,
    cached,
    field_q,
    money,
    run_report,
    student_q,
    students_of_q,
    use_daily_rollups,
    use_rollups,
)
from students.models import StudentProfile
from universities.models import University

FIGURES: list[tuple[str, str]] = [
    ("signed_up", "Students signed up"),
    ("verified", "Students verified"),
    ("applied", "Students who applied"),
    ("accepted", "Students accepted"),
    ("completed", "Engagements completed"),
    ("hours", "Hours logged"),
]


@dataclass(frozen=True)
class _Measure:
    """One figure: the rows it counts, the date that places a row in a period, and what it adds up."""

    queryset: QuerySet
    date_field: str
    aggregate: Callable[..., Aggregate]  # called with filter=<Q> or none (and start=, when once_per_window)
    is_date: bool = False
    # The aggregate counts each student once in a window when told the window's first instant (start=).
    once_per_window: bool = False


def _first_in_window(*, start: Expression, filter: Q | None = None) -> Count:
    """The rollup's applications that are their student's first in a window starting at `start`: each
    student once, without COUNT(DISTINCT)."""
    first = Q(previous_at__isnull=True) | Q(previous_at__lt=start)
    return Count("pk", filter=first & filter if filter is not None else first)


def _first_day_in_window(*, start: Expression, filter: Q | None = None) -> Sum:
    """`_first_in_window` over the daily rollup: the applications whose previous one was on a day before
    the window's first day (`start`, a date), or that have none."""
    first = Q(previous_day__isnull=True) | Q(previous_day__lt=start)
    return Sum("applications", filter=first & filter if filter is not None else first)


def _applied(filters: ReportFilters) -> _Measure:
    if not use_rollups():
        return _Measure(
            Application.objects.filter(student_q(filters, "student__"), field_q(filters, "project__")),
            "created_at",
            partial(Count, "student", distinct=True),
        )
    if use_daily_rollups() and not (filters.major or filters.year is not None or filters.field):
        days = ApplicantDay.objects.filter(student_q(filters))
        return _Measure(days, "day", _first_day_in_window, is_date=True, once_per_window=True)
    applications = ApplicationRollup.objects.filter(student_q(filters), field_q(filters))
    if filters.field:
        return _Measure(applications, "created_at", partial(Count, "student_id", distinct=True))
    return _Measure(applications, "created_at", _first_in_window, once_per_window=True)


def _first_instant(measure: _Measure, filters: ReportFilters) -> Value:
    """The first instant of `filters`' range as `measure` dates its rows (a day, or an aware datetime)."""
    if measure.is_date:
        return Value(filters.start, output_field=DateField())
    return _instant(filters.start_at)


def _aggregate(measure: _Measure, start: Expression, **kwargs) -> Aggregate:
    """`measure`'s aggregate over a window whose first instant is `start`."""
    return (
        measure.aggregate(start=start, **kwargs) if measure.once_per_window else measure.aggregate(**kwargs)
    )


def _measures(filters: ReportFilters) -> dict[str, _Measure]:
    students = StudentProfile.objects.filter(student_q(filters))
    engagements = Engagement.objects.filter(
        students_of_q(filters, "student__"), field_q(filters, "project__")
    )
    return {
        "signed_up": _Measure(students, "created_at", partial(Count, "pk")),
        "verified": _Measure(students, "verified_at", partial(Count, "pk")),
        "applied": _applied(filters),
        "accepted": _Measure(engagements, "created_at", partial(Count, "student", distinct=True)),
        "completed": _Measure(
            engagements.filter(status=EngagementStatus.COMPLETED), "completed_at", partial(Count, "pk")
        ),
        "hours": _Measure(
            HoursLog.objects.filter(
                students_of_q(filters, "engagement__student__"), field_q(filters, "engagement__project__")
            ),
            "date",
            partial(Sum, "hours"),
            is_date=True,
        ),
    }


def _payments(filters: ReportFilters) -> QuerySet[Payment]:
    return Payment.objects.filter(
        students_of_q(filters, "engagement__student__"),
        field_q(filters, "engagement__project__"),
        status=PaymentStatus.PAID,
    )


def _in(measure: _Measure, start: dt.date, end: dt.date, filters: ReportFilters) -> Q:
    """Rows of `measure` dated from `start` to `end` (both included)."""
    bounds = replace(filters, start=start, end=end)
    if measure.is_date:
        return Q(**{f"{measure.date_field}__gte": start, f"{measure.date_field}__lte": end})
    return Q(**{f"{measure.date_field}__gte": bounds.start_at, f"{measure.date_field}__lt": bounds.end_at})


# --- Trends ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendSeries:
    key: str
    label: str
    values: list[int | Decimal]


@dataclass(frozen=True)
class TrendsReport:
    filters: ReportFilters
    interval: str
    buckets: list[dt.date]  # the first day of each week or month
    series: list[TrendSeries]
    earnings: list[TrendSeries]  # one per currency, keyed by the currency code

    def bucket_label(self, day: dt.date) -> str:
        return day.strftime("%b %Y") if self.interval == Interval.MONTH else day.isoformat()

    def tables(self) -> list[Table]:
        period = "Month" if self.interval == Interval.MONTH else "Week starting"
        headers = [
            period,
            *[s.label for s in self.series],
            *[f"Earnings paid ({s.key})" for s in self.earnings],
        ]
        rows = [
            [
                self.bucket_label(day),
                *[Hours(s.values[i]) if s.key == "hours" else s.values[i] for s in self.series],
                *[Money(s.values[i], s.key) for s in self.earnings],
            ]
            for i, day in enumerate(self.buckets)
        ]
        return [
            Table(
                title="Trends",
                caption=f"Headline figures per {self.interval}",
                headers=headers,
                rows=rows,
                numeric=[False, *[True] * (len(headers) - 1)],
            )
        ]


def _bucket_start(day: dt.date, interval: str) -> dt.date:
    if interval == Interval.MONTH:
        return day.replace(day=1)
    return day - dt.timedelta(days=day.weekday())


def _buckets(filters: ReportFilters) -> list[dt.date]:
    buckets = []
    day = _bucket_start(filters.start, filters.interval)
    while day <= filters.end:
        buckets.append(day)
        if filters.interval == Interval.MONTH:
            day = (day + dt.timedelta(days=32)).replace(day=1)
        else:
            day += dt.timedelta(days=7)
    return buckets


def _trunc(field: str, interval: str, output_field=None):
    function = TruncMonth if interval == Interval.MONTH else TruncWeek
    return function(field, output_field=output_field or DateField())


def _instant(value: dt.datetime) -> Value:
    return Value(value, output_field=DateTimeField())


def trends_report(
    *, university: University | None, filters: ReportFilters, fresh: bool = False
) -> TrendsReport:
    """The figures per `filters.interval` for `university` (None: every university). Seven queries."""
    return run_report("trends", _trends_report, university=university, filters=filters, fresh=fresh)


def _trends_report(*, university: University | None, filters: ReportFilters) -> TrendsReport:
    buckets = _buckets(filters)
    index = {day: i for i, day in enumerate(buckets)}
    series = []
    for key, measure in _measures(filters).items():
        values: list[int | Decimal] = [Decimal("0") if key == "hours" else 0 for _ in buckets]
        rows = (
            measure.queryset.filter(_in(measure, filters.start, filters.end, filters))
            .annotate(bucket=_trunc(measure.date_field, filters.interval))
            .order_by()
            .values("bucket")
            .annotate(
                value=_aggregate(
                    measure,
                    Greatest(
                        _trunc(
                            measure.date_field,
                            filters.interval,
                            DateField() if measure.is_date else DateTimeField(),
                        ),
                        _first_instant(measure, filters),
                    ),
                )
            )
        )
        for row in rows:
            if row["bucket"] in index:
                values[index[row["bucket"]]] = row["value"] or 0
        series.append(TrendSeries(key=key, label=dict(FIGURES)[key], values=values))
    earned: dict[str, list[int | Decimal]] = defaultdict(lambda: [Decimal("0.00") for _ in buckets])
    rows = (
        _payments(filters)
        .filter(paid_at__gte=filters.start_at, paid_at__lt=filters.end_at)
        .annotate(bucket=_trunc("paid_at", filters.interval))
        .order_by()
        .values("bucket", "currency")
        .annotate(value=Sum("amount"))
    )
    for row in rows:
        if row["bucket"] in index:
            earned[row["currency"]][index[row["bucket"]]] = money(row["value"])
    earnings = [
        TrendSeries(key=currency, label=f"Earnings paid ({currency})", values=values)
        for currency, values in sorted(earned.items())
    ]
    return TrendsReport(
        filters=filters, interval=filters.interval, buckets=buckets, series=series, earnings=earnings
    )


# --- Headline figures (the career dashboard) ---------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: int | Decimal
    previous: int | Decimal

    @property
    def change(self) -> int | Decimal:
        return self.value - self.previous

    @property
    def direction(self) -> str:
        """ "up", "down" or "flat": which way the trend arrow points."""
        if self.value > self.previous:
            return "up"
        return "down" if self.value < self.previous else "flat"


def headline_figures(
    *, university: University | None, start: dt.date, end: dt.date, fresh: bool = False
) -> dict:
    """This range's headline figures for `university` (None: every university), each with the value of the
    period of the same length just before (for a trend arrow). Seven queries.

    Returns {"start", "end", "previous_start", "previous_end", "figures": {key: Headline}, "earnings":
    {currency: Headline}}, the figures keyed as in FIGURES (signed_up, verified, applied, accepted,
    completed, hours) and the earnings keyed by currency code, in code order.
    """
    return cached(
        "headline",
        lambda: analytical(_headline_figures)(university=university, start=start, end=end),
        university=university,
        params={"start": start.isoformat(), "end": end.isoformat()},
        fresh=fresh,
    )


def _headline_figures(*, university: University | None, start: dt.date, end: dt.date) -> dict:
    filters = ReportFilters(university=university, start=start, end=end)
    before = filters.previous()
    figures = {}
    for key, measure in _measures(filters).items():
        now_q = _in(measure, filters.start, filters.end, filters)
        before_q = _in(measure, before.start, before.end, filters)
        values = measure.queryset.filter(now_q | before_q).aggregate(
            now=_aggregate(measure, _first_instant(measure, filters), filter=now_q),
            before=_aggregate(measure, _first_instant(measure, before), filter=before_q),
        )
        zero = Decimal("0") if key == "hours" else 0
        figures[key] = Headline(
            key=key, label=dict(FIGURES)[key], value=values["now"] or zero, previous=values["before"] or zero
        )
    now_paid = Q(paid_at__gte=filters.start_at, paid_at__lt=filters.end_at)
    before_paid = Q(paid_at__gte=before.start_at, paid_at__lt=before.end_at)
    rows = (
        _payments(filters)
        .filter(now_paid | before_paid)
        .order_by()
        .values("currency")
        .annotate(now=Sum("amount", filter=now_paid), before=Sum("amount", filter=before_paid))
        .order_by("currency")
    )
    earnings = {
        row["currency"]: Headline(
            key=row["currency"],
            label=f"Earnings paid ({row['currency']})",
            value=money(row["now"]),
            previous=money(row["before"]),
        )
        for row in rows
    }
    return {
        "start": filters.start,
        "end": filters.end,
        "previous_start": before.start,
        "previous_end": before.end,
        "figures": figures,
        "earnings": earnings,
    }
