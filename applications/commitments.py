"""A student's weekly commitments: the hours a week the work they already took on takes, which applying weighs
against the hours they said they have (`exceeds_weekly_budget`, the warning before applying).

That work lives in apps above this one (engagements), which applications may not import. So this module is a
port: an app holding work a student is committed to registers a provider once, from its `AppConfig.ready()`
(engagements does, in `EngagementsConfig.ready`), and `student_weekly_load` adds up what the providers
report. The spreading rule (`weekly_hours`, and its SQL twin) lives here, below every provider, so they all
count an hour of work the same way.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from django.db.models import DateField, Expression, FloatField, Func, IntegerField, Value
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone

from students.models import StudentProfile


def weekly_hours(*, estimated_hours: int, due_date: dt.date | None, today: dt.date) -> float:
    """Hours a week that `estimated_hours` of work takes when spread evenly until `due_date`.

    The spread is at least one week, so work due this week (or already late, or without a due date) counts
    in full against this week.
    """
    days_left = (due_date - today).days if due_date is not None else 0
    return estimated_hours / max(1.0, days_left / 7)


def weekly_hours_expression(*, estimated_hours: Expression, due_date: Expression, today: dt.date) -> Func:
    """`weekly_hours` in SQL, for rankings that weigh the load of many rows at once (matching): the same rule,
    so a page that shows the Python figure and a ranking that used the SQL one never disagree."""
    days_left = Func(
        due_date,
        Value(today, output_field=DateField()),
        template="(%(expressions)s)",
        arg_joiner=" - ",
        output_field=IntegerField(),
    )
    weeks = Greatest(
        Value(1.0), Cast(Coalesce(days_left, Value(0)), FloatField()) / Value(7.0), output_field=FloatField()
    )
    return Func(
        Cast(estimated_hours, FloatField()) / weeks, template="%(expressions)s", output_field=FloatField()
    )


class WeeklyLoadProvider(Protocol):
    """The hours a week `student` gives on `today` to one kind of work (spread with `weekly_hours`)."""

    def __call__(self, *, student: StudentProfile, today: dt.date) -> float: ...


weekly_load_providers: list[WeeklyLoadProvider] = []


def register_weekly_load(provider: WeeklyLoadProvider) -> WeeklyLoadProvider:
    """Count `provider`'s hours in every student's weekly load. Registering the same provider again changes
    nothing (an app's `ready()` may run more than once, in tests)."""
    if provider not in weekly_load_providers:
        weekly_load_providers.append(provider)
    return provider


def student_weekly_load(*, student: StudentProfile, now: dt.datetime | None = None) -> float:
    """The hours a week `student` is committed to: the sum of what every registered provider reports (today
    their kickoff and active engagements, each spread evenly until its due date). Compare with
    `student.weekly_hours_available` (matching and applying both do)."""
    today = timezone.localdate(now or timezone.now())
    return sum((provider(student=student, today=today) for provider in weekly_load_providers), start=0.0)


@dataclass(frozen=True)
class WeeklyBudget:
    """A student's weekly hours if they took a project on now, against what they said they have."""

    current: float
    added: float
    available: int

    @property
    def total(self) -> float:
        return self.current + self.added

    @property
    def exceeds(self) -> bool:
        return self.total > self.available
