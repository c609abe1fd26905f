"""Pieces every report shares: who the students are, the project-field filter, tables and rates.

A report's population is always the students linked to the university (`StudentProfile.university`, the
rule of `students.selectors.students_for_university` that scopes the career office's admin), narrowed by
major and graduation year; the project field narrows what they applied to and worked on. Every other row
(application, engagement, hours, payment, review) is reached through its student, so a report never counts
another university's rows.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q

from applications.selectors import Median
from reports.filters import ReportFilters
from reports.formatting import display
from reports.models import StudentRollup
from students.models import StudentProfile

P = ParamSpec("P")
R = TypeVar("R")

__all__ = [
    "Median",
    "Table",
    "analytical",
    "cached",
    "complete_profile_q",
    "field_q",
    "money",
    "percent",
    "rate",
    "student_majors",
    "student_q",
    "students_of_q",
    "use_daily_rollups",
    "use_rollups",
]


def use_rollups() -> bool:
    """Whether the reports read the rollup tables (`reports.rollups`, the default) or compute every figure
    from the raw rows (REPORTS_ROLLUPS = False: the definition the rollups are checked against, and the
    "before" of `bench_reports --compare`)."""
    return getattr(settings, "REPORTS_ROLLUPS", True)


def use_daily_rollups() -> bool:
    """Whether the reports also read the daily sums of the rollups (`reports.models.ApplicantDay`; on by
    default, with the rollups). REPORTS_DAILY_ROLLUPS = False reads the per-student and per-application
    rollups alone (the "before" of `bench_reports --compare-daily`)."""
    return use_rollups() and getattr(settings, "REPORTS_DAILY_ROLLUPS", True)


def student_q(filters: ReportFilters, prefix: str = "") -> Q:
    """The students of the report: linked to the university (to any, for all universities), of the major
    and graduation year asked for. `prefix` is the path to the student profile (`student__`, ...)."""
    if filters.university is not None:
        condition = Q(**{f"{prefix}university": filters.university})
    else:
        condition = Q(**{f"{prefix}university__isnull": False})
    if filters.major:
        condition &= Q(**{f"{prefix}major": filters.major})
    if filters.year is not None:
        condition &= Q(**{f"{prefix}graduation_year": filters.year})
    return condition


def students_of_q(filters: ReportFilters, prefix: str) -> Q:
    """`student_q` for rows reached through their student (`prefix` ends with `student__`): with the rollups
    on, the students are read from the per-student rollup's narrow (university, major, year, student) index
    instead of the profiles' table, which each query would otherwise scan to pick the university's students.
    """
    if not use_rollups():
        return student_q(filters, prefix)
    return Q(**{f"{prefix}in": StudentRollup.objects.filter(student_q(filters)).values("student_id")})


def field_q(filters: ReportFilters, prefix: str = "") -> Q:
    """The projects of the field asked for; `prefix` is the path to the project (`project__`, ...)."""
    return Q(**{f"{prefix}field": filters.field}) if filters.field else Q()


def complete_profile_q(prefix: str = "") -> Q:
    """A complete profile, as the profile wizard counts it (`students.selectors.student_profile_progress`):
    university, major, graduation year, at least one skill, weekly hours, time zone, a bio and a résumé."""
    skills = StudentProfile.skills.through.objects.filter(studentprofile_id=OuterRef(f"{prefix}pk"))
    return (
        Q(**{f"{prefix}university__isnull": False, f"{prefix}graduation_year__isnull": False})
        & ~Q(**{f"{prefix}major": ""})
        & Q(**{f"{prefix}weekly_hours_available__gt": 0})
        & ~Q(**{f"{prefix}time_zone": ""})
        & Q(**{f"{prefix}bio__regex": r"\S"})
        & ~Q(**{f"{prefix}resume": ""})
        & Exists(skills)
    )


def rate(part: int | None, whole: int | None) -> float | None:
    """`part / whole` as a fraction, None when there is nothing to divide by."""
    if not whole:
        return None
    return (part or 0) / whole


def percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


@dataclass(frozen=True)
class Table:
    """A table of a report: shown under its chart, and exported as a CSV section or a workbook sheet."""

    title: str
    headers: list[str]
    rows: list[list[Any]]
    caption: str = ""
    numeric: list[bool] = field(default_factory=list)

    def is_numeric(self, index: int) -> bool:
        return index < len(self.numeric) and self.numeric[index]

    @property
    def columns(self) -> list[tuple[str, bool]]:
        """(header, numeric) pairs: numeric columns are right-aligned on the page."""
        return [(header, self.is_numeric(i)) for i, header in enumerate(self.headers)]

    @property
    def cells(self) -> list[list[tuple[str, bool]]]:
        """The rows as (text, numeric) pairs, the numbers written as `reports.formatting.display` says."""
        return [[(display(value), self.is_numeric(i)) for i, value in enumerate(row)] for row in self.rows]


def money(amount: Decimal | None) -> Decimal:
    return (amount or Decimal("0")).quantize(Decimal("0.01"))


# Enough for any real programme list; a longer list would not be usable as a dropdown anyway.
MAJORS_LISTED = 300


def student_majors(*, university, fresh: bool = False) -> list[str]:
    """The majors the university's students (every university's, for None) gave, in order: the choices of
    the major filter. One query."""
    scope = Q(university=university) if university is not None else Q(university__isnull=False)
    majors = StudentProfile.objects.filter(scope).exclude(major="").order_by("major")
    return cached(
        "majors",
        lambda: list(majors.values_list("major", flat=True).distinct()[:MAJORS_LISTED]),
        university=university,
        params={},
        fresh=fresh,
    )


# --- Running the reports' queries --------------------------------------------------------------------------

# PostgreSQL's JIT compiles any query its planner thinks costly; for these aggregates over a few hundred
# thousand rows it adds about half a second of compiling to queries that then run in a fraction of that.
# A bigger work_mem keeps the COUNT(DISTINCT …) sorts and the hash joins in memory.
ANALYTICAL_SETTINGS = "SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)"


def analytical(function: Callable[P, R]) -> Callable[P, R]:
    """Runs a report's queries in one transaction (one snapshot, so the figures agree with each other) with
    the settings above, which last until the transaction ends."""

    @wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(ANALYTICAL_SETTINGS)
            return function(*args, **kwargs)

    return wrapper


# Reports are kept this long by default; `reports.tasks.reports_refresh` recomputes the current term's more
# often than that (every 10 minutes), so career staff rarely wait for a figure to be computed.
DEFAULT_CACHE_SECONDS = 15 * 60


def cache_seconds() -> int:
    return getattr(settings, "REPORTS_CACHE_SECONDS", DEFAULT_CACHE_SECONDS)


def cached(
    name: str, compute: Callable[[], R], *, university: Any, params: dict[str, str], fresh: bool = False
) -> R:
    """`compute()`, kept REPORTS_CACHE_SECONDS (0 turns it off) under a key naming the report, the university
    and every filter, so a figure is at most that old and never another university's. `fresh` computes now
    and replaces what was kept (the refresh task)."""
    seconds = cache_seconds()
    if not seconds:
        return compute()
    scope = "all" if university is None else str(university.pk)
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:32]
    key = f"reports:v1:{name}:{scope}:{digest}"
    result = None if fresh else cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, seconds)
    return result


def run_report(
    name: str, compute: Callable[..., R], *, university: Any, filters: ReportFilters, fresh: bool = False
) -> R:
    """`compute(university=…, filters=…)` for `university` (which the filters then name), cached and run
    with the analytical settings."""
    filters = replace(filters, university=university)
    return cached(
        name,
        lambda: analytical(compute)(university=university, filters=filters),
        university=university,
        params=filters.params(with_university=False),
        fresh=fresh,
    )
