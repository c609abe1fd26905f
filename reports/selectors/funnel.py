"""The participation funnel: from signing up to a completed project, for the students who signed up in
the range (a cohort), with the conversion at each step.

The steps are nested, as a funnel's are: each counts the cohort's students who reached it and every step
before it.

- signed up: a student profile linked to the university, created in the range;
- verified: its university is confirmed (`verified_at` set, by a university email or by the office);
- profile complete: everything the profile wizard asks for (`common.complete_profile_q`);
- applied: at least one application, at any time since (to a project of the field, with that filter);
- accepted: at least one accepted application, i.e. an engagement;
- completed: at least one completed engagement.

Two queries whatever the data: the cohort by major, graduation year and furthest step (the totals and
two breakdowns add up from it), and the breakdown by project field. Both read the per-student rollup
(`reports.models.StudentRollup`: the student's profile state and the fields they applied to, were accepted
on, completed), so a large cohort costs one scan of narrow rows instead of EXISTS over a million
applications; with REPORTS_ROLLUPS off they are computed from the raw rows, the definition above.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from applications.models import Application
from engagements.models import Engagement, EngagementStatus
from projects.models import SkillCategory
from reports.filters import ReportFilters
from reports.models import StudentRollup
from reports.selectors.common import (
    Table,
    complete_profile_q,
    field_q,
    percent,
    rate,
    run_report,
    student_q,
    use_rollups,
)
from students.models import StudentProfile
from universities.models import University

STEPS: list[tuple[str, str]] = [
    ("signed_up", "Signed up"),
    ("verified", "Verified"),
    ("complete", "Profile complete"),
    ("applied", "Applied"),
    ("accepted", "Accepted"),
    ("completed", "Completed a project"),
]
NOT_GIVEN = "(not given)"


@dataclass(frozen=True)
class FunnelStep:
    key: str
    label: str
    count: int
    conversion: float | None  # from the step before (None for the first, or after an empty step)
    overall: float | None  # from the first step


@dataclass(frozen=True)
class FunnelBreakdownRow:
    label: str
    counts: list[int]  # one per step of the breakdown

    @property
    def conversion(self) -> float | None:
        """From the first step to the last."""
        return rate(self.counts[-1], self.counts[0])


@dataclass(frozen=True)
class FunnelReport:
    filters: ReportFilters
    steps: list[FunnelStep]
    by_major: list[FunnelBreakdownRow]
    by_year: list[FunnelBreakdownRow]
    by_field: list[FunnelBreakdownRow]  # applied → accepted → completed, within each field

    FIELD_STEPS = ["Applied", "Accepted", "Completed a project"]

    def tables(self) -> list[Table]:
        step_labels = [label for _, label in STEPS]
        numeric = [False, *[True] * len(STEPS), True]
        return [
            Table(
                title="Funnel",
                caption="Students who signed up in the range, by the furthest step they reached",
                headers=["Step", "Students", "Conversion from previous step", "Conversion from sign-up"],
                rows=[
                    [step.label, step.count, percent(step.conversion), percent(step.overall)]
                    for step in self.steps
                ],
                numeric=[False, True, True, True],
            ),
            _breakdown_table("By major", "Major", step_labels, self.by_major, numeric),
            _breakdown_table("By graduation year", "Graduation year", step_labels, self.by_year, numeric),
            _breakdown_table(
                "By project field",
                "Project field",
                self.FIELD_STEPS,
                self.by_field,
                [False, True, True, True, True],
            ),
        ]


def _breakdown_table(
    title: str, first: str, steps: list[str], rows: list[FunnelBreakdownRow], numeric: list[bool]
) -> Table:
    return Table(
        title=title,
        caption=f"The funnel {title.lower()}",
        headers=[first, *steps, "Conversion, first to last step"],
        rows=[[row.label, *row.counts, percent(row.conversion)] for row in rows],
        numeric=numeric,
    )


def _cohort(filters: ReportFilters) -> QuerySet[StudentProfile] | QuerySet[StudentRollup]:
    model = StudentRollup if use_rollups() else StudentProfile
    return model.objects.filter(
        student_q(filters), created_at__gte=filters.start_at, created_at__lt=filters.end_at
    )


def _reached_q(column: str, filters: ReportFilters) -> Q:
    """A rollup row whose `column` (applied, accepted, completed fields) holds the field asked for, or any."""
    if filters.field:
        return Q(**{f"{column}__contains": [filters.field]})
    return Q(**{f"{column}__len__gt": 0})


def _missed_steps(filters: ReportFilters) -> list[Q]:
    """For each step after signing up, the condition of a cohort row that did not reach it."""
    if use_rollups():
        return [
            Q(verified_at__isnull=True),
            Q(complete=False),
            ~_reached_q("applied_fields", filters),
            ~_reached_q("accepted_fields", filters),
            ~_reached_q("completed_fields", filters),
        ]
    applications = Application.objects.filter(field_q(filters, "project__"), student_id=OuterRef("pk"))
    engagements = Engagement.objects.filter(field_q(filters, "project__"), student_id=OuterRef("pk"))
    return [
        Q(verified_at__isnull=True),
        ~complete_profile_q(),
        ~Exists(applications),
        ~Exists(engagements),
        ~Exists(engagements.filter(status=EngagementStatus.COMPLETED)),
    ]


def _furthest_step(filters: ReportFilters) -> Case:
    """The number of steps a student reached (1 = signed up only … 6 = completed a project). A CASE stops at
    the first step missed, so each student's checks run once, and only as far as needed."""
    return Case(
        *[
            When(condition, then=Value(reached))
            for reached, condition in enumerate(_missed_steps(filters), start=1)
        ],
        default=Value(len(STEPS)),
        output_field=IntegerField(),
    )


def _label(value: object) -> str:
    return NOT_GIVEN if value in ("", None) else str(value)


def _rows(counts: dict[str, list[int]], order: Callable[[str], object]) -> list[FunnelBreakdownRow]:
    return [
        FunnelBreakdownRow(label=label, counts=steps)
        for label, steps in sorted(counts.items(), key=lambda item: (-item[1][0], order(item[0])))
    ]


def _cohort_counts(
    filters: ReportFilters,
) -> tuple[list[int], list[FunnelBreakdownRow], list[FunnelBreakdownRow]]:
    """The totals, by major and by graduation year, from one GROUP BY major, year, furthest step: at most a
    few hundred groups, added up here."""
    groups = (
        _cohort(filters)
        .annotate(furthest=_furthest_step(filters))
        .order_by()
        .values("major", "graduation_year", "furthest")
        .annotate(students=Count("pk"))
    )
    totals = [0] * len(STEPS)
    by_major: dict[str, list[int]] = {}
    by_year: dict[str, list[int]] = {}
    for group in groups:
        major = by_major.setdefault(_label(group["major"]), [0] * len(STEPS))
        year = by_year.setdefault(_label(group["graduation_year"]), [0] * len(STEPS))
        for step in range(group["furthest"]):
            totals[step] += group["students"]
            major[step] += group["students"]
            year[step] += group["students"]
    return totals, _rows(by_major, str.lower), _rows(by_year, lambda label: (label == NOT_GIVEN, label))


# Each ready student once per field they applied to (the rollup's arrays hold each field once).
_BY_FIELD_SQL = """
SELECT applied.field, COUNT(*),
       COUNT(*) FILTER (WHERE applied.field = ANY(cohort.accepted_fields)),
       COUNT(*) FILTER (WHERE applied.field = ANY(cohort.completed_fields))
FROM ({cohort}) AS cohort CROSS JOIN LATERAL unnest(cohort.applied_fields) AS applied(field)
WHERE %s = '' OR applied.field = %s
GROUP BY applied.field
ORDER BY 2 DESC, applied.field
"""


def _by_field_counts(filters: ReportFilters) -> list[tuple[str, int, int, int]]:
    """(field, applied, accepted, completed) per field, most applicants first."""
    if use_rollups():
        ready = _cohort(filters).filter(verified_at__isnull=False, complete=True)
        cohort = ready.order_by().values("applied_fields", "accepted_fields", "completed_fields")
        cohort_sql, cohort_params = cohort.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                _BY_FIELD_SQL.format(cohort=cohort_sql), [*cohort_params, filters.field, filters.field]
            )
            return cursor.fetchall()
    ready = _cohort(filters).filter(Q(verified_at__isnull=False), complete_profile_q()).values("pk")
    rows = (
        Application.objects.filter(field_q(filters, "project__"), student__in=ready)
        .order_by()
        .values("project__field")
        .annotate(
            applied=Count("student", distinct=True),
            accepted=Count("student", distinct=True, filter=Q(engagement__isnull=False)),
            completed=Count(
                "student", distinct=True, filter=Q(engagement__status=EngagementStatus.COMPLETED)
            ),
        )
        .order_by("-applied", "project__field")
    )
    return [(row["project__field"], row["applied"], row["accepted"], row["completed"]) for row in rows]


def _by_field(filters: ReportFilters) -> list[FunnelBreakdownRow]:
    """Per project field: the cohort's students with a complete, verified profile who applied to a project
    of that field, were accepted on one, completed one."""
    labels = dict(SkillCategory.choices)
    return [
        FunnelBreakdownRow(label=str(labels.get(field, field)), counts=[applied, accepted, completed])
        for field, applied, accepted, completed in _by_field_counts(filters)
    ]


def funnel_report(
    *, university: University | None, filters: ReportFilters, fresh: bool = False
) -> FunnelReport:
    """The funnel for `university` (None: every university) with the range and filters of `filters`."""
    return run_report("funnel", _funnel_report, university=university, filters=filters, fresh=fresh)


def _funnel_report(*, university: University | None, filters: ReportFilters) -> FunnelReport:
    totals, by_major, by_year = _cohort_counts(filters)
    steps = []
    previous = None
    for (key, label), count in zip(STEPS, totals, strict=True):
        steps.append(
            FunnelStep(
                key=key,
                label=label,
                count=count,
                conversion=None if previous is None else rate(count, previous),
                overall=rate(count, totals[0]),
            )
        )
        previous = count
    return FunnelReport(
        filters=filters,
        steps=steps,
        by_major=by_major,
        by_year=by_year,
        by_field=_by_field(filters),
    )
