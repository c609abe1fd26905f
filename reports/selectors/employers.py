"""Employers: the university's partners and what they did with its students in the range.

An employer is listed when it is a partner now (an active partnership with the university) or when the
university's students applied to it in the range. For each:

- projects posted: its postings published in the range that the university's students can see
  (`projects.selectors.projects_visible_to_university`); the summary counts the same for every employer,
  listed or not (an employer with neither a partnership nor an applicant is not listed but its postings
  were open to the students), and apart the partner employers' share;
- applicants: the university's students who applied to it in the range (each student once);
- applications / hires / closed unanswered: of those applications, all of them, those accepted, those
  closed without an answer;
- median time to answer: from an application to the employer's first answer (shortlist, accept or reject,
  as `applications.selectors.employer_answer_time` counts it), over the answered applications;
- new partners: partnerships approved in the range (still active, or ended since).

Three queries whatever the data: partnerships, postings, and the applications per employer with the
overall median (one query with grouping sets). The applications are read from the per-application rollup
(`reports.models.ApplicationRollup`), whose rows carry the employer, the student's and project's dimensions
and the time to the first answer, so no report joins the application events; with REPORTS_ROLLUPS off they
are computed from the raw rows, the definition above. Without a major, year or field filter the counts are
sums of the daily rollup (`reports.models.EmployerDay`, one row per employer and day) instead. The medians
are exact (PERCENTILE_CONT over the answer times of the range, as before), not read from buckets.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Min, Q, QuerySet
from django.utils import timezone

from applications.models import Application, ApplicationEvent, ApplicationStatus
from applications.selectors import ANSWER_STATUSES
from employers.models import Employer
from projects.models import Project
from projects.selectors import VISIBLE_PROJECT_STATUSES, project_audience_q
from reports.filters import ReportFilters
from reports.models import ApplicationRollup, EmployerDay
from reports.selectors.common import (
    Table,
    field_q,
    percent,
    rate,
    run_report,
    student_q,
    use_daily_rollups,
    use_rollups,
)
from reports.selectors.outcomes import days
from universities.models import Partnership, PartnershipStatus, University


@dataclass(frozen=True)
class EmployerActivity:
    employer_id: int
    name: str
    is_partner: bool
    partner_since: dt.date | None
    projects_posted: int = 0
    applicants: int = 0
    applications: int = 0
    hires: int = 0
    answered: int = 0
    closed_unanswered: int = 0
    median_time_to_answer: dt.timedelta | None = None

    @property
    def unanswered_rate(self) -> float | None:
        return rate(self.closed_unanswered, self.applications)


@dataclass(frozen=True)
class NewPartner:
    name: str
    approved_on: dt.date


SUMMARY_CAPTION = (
    "Partner employers and their activity in the range. Projects posted counts what the Projects posted "
    "column counts (postings published in the range that the students can see), for every employer: also "
    "those not listed below, with no partnership and no applicant. Applications, hires and closed "
    "unanswered count every application of the students in the range."
)


@dataclass(frozen=True)
class EmployersReport:
    filters: ReportFilters
    employers: list[EmployerActivity]
    partners: int
    new_partners: list[NewPartner]
    projects_posted: int  # by every employer, listed or not: the rows' measure, over all employers
    partner_projects_posted: int  # by the partner employers
    applications: int
    hires: int
    closed_unanswered: int
    median_time_to_answer: dt.timedelta | None

    def tables(self) -> list[Table]:
        return [
            Table(
                title="Summary",
                caption=SUMMARY_CAPTION,
                headers=["Figure", "Value"],
                rows=[
                    ["Partner employers", self.partners],
                    ["New partners in the range", len(self.new_partners)],
                    ["Projects posted (open to the students, every employer)", self.projects_posted],
                    ["…of which by partner employers", self.partner_projects_posted],
                    ["Applications", self.applications],
                    ["Hires", self.hires],
                    ["Applications closed unanswered", self.closed_unanswered],
                    ["Median time to answer an applicant", days(self.median_time_to_answer)],
                ],
                numeric=[False, True],
            ),
            Table(
                title="Employers",
                caption="Partners, and employers the students applied to in the range",
                headers=[
                    "Employer",
                    "Partner",
                    "Projects posted",
                    "Applicants",
                    "Applications",
                    "Hires",
                    "Median time to answer",
                    "Closed unanswered",
                    "Share closed unanswered",
                ],
                rows=[
                    [
                        row.name,
                        f"since {row.partner_since.isoformat()}"
                        if row.partner_since
                        else ("yes" if row.is_partner else "no"),
                        row.projects_posted,
                        row.applicants,
                        row.applications,
                        row.hires,
                        days(row.median_time_to_answer),
                        row.closed_unanswered,
                        percent(row.unanswered_rate),
                    ]
                    for row in self.employers
                ],
                numeric=[False, False, True, True, True, True, True, True, True],
            ),
            Table(
                title="New partners",
                caption="Partnerships approved in the range",
                headers=["Employer", "Approved on"],
                rows=[[row.name, row.approved_on.isoformat()] for row in self.new_partners],
            ),
        ]


# Per employer and overall (the empty grouping set, employer NULL) in one pass: the scoped applications,
# the first answer to each (one GROUP BY over their events, not a subquery per application), then counts
# and the median time to answer.
ACTIVITY_SQL = """
WITH scoped AS ({scoped}),
answers AS (
    SELECT event.application_id, MIN(event.created_at) AS answered_at
    FROM {events} AS event JOIN scoped ON scoped.id = event.application_id
    WHERE event.status = ANY(%s)
    GROUP BY event.application_id
)
SELECT scoped.employer_id, scoped.employer_name,
       COUNT(DISTINCT scoped.student_id), COUNT(*),
       COUNT(*) FILTER (WHERE scoped.status = %s), COUNT(*) FILTER (WHERE scoped.status = %s),
       COUNT(answers.answered_at),
       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY answers.answered_at - scoped.created_at)
FROM scoped LEFT JOIN answers ON answers.application_id = scoped.id
GROUP BY GROUPING SETS ((scoped.employer_id, scoped.employer_name), ())
"""


@dataclass(frozen=True)
class _Activity:
    name: str
    applicants: int
    applications: int
    hires: int
    closed: int
    answered: int
    median: dt.timedelta | None


# The same from the rollup. Each student counts once per employer: without a field filter, as the rows
# whose application before it to the same employer falls before the range (no COUNT(DISTINCT), so the
# grouping can hash); with one, the previous application may be of another field, so COUNT(DISTINCT).
ROLLUP_ACTIVITY_SQL = """
SELECT activity.*, employer.name
FROM (
    SELECT scoped.employer_id,
           {applicants}, COUNT(*),
           COUNT(*) FILTER (WHERE scoped.status = %s), COUNT(*) FILTER (WHERE scoped.status = %s),
           COUNT(scoped.answer_seconds),
           PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY scoped.answer_seconds)
    FROM ({scoped}) AS scoped
    GROUP BY GROUPING SETS ((scoped.employer_id), ())
) AS activity
LEFT JOIN {employers} AS employer ON employer.id = activity.employer_id
"""
APPLICANTS_ONCE = (
    "COUNT(*) FILTER (WHERE scoped.previous_to_employer_at IS NULL OR scoped.previous_to_employer_at < %s)"
)
APPLICANTS_DISTINCT = "COUNT(DISTINCT scoped.student_id)"


# The same from the daily sums (`reports.models.EmployerDay`), without a major, year or field filter: the
# counts summed per employer; applicants are the applications less those following one to the same employer
# in the range (the few rows of a partial index); the medians over the answered applications alone (a
# partial index holding their employer and time to answer), exact as above. The overall median is the row of
# the empty grouping set (employer NULL).
DAILY_ACTIVITY_SQL = """
WITH counts AS (
    SELECT days.employer_id, SUM(days.applications) AS applications, SUM(days.hires) AS hires,
           SUM(days.closed) AS closed, SUM(days.answered) AS answered
    FROM ({days}) AS days
    GROUP BY days.employer_id
),
again AS (
    SELECT again.employer_id, COUNT(*) AS applications FROM ({again}) AS again GROUP BY again.employer_id
),
medians AS (
    SELECT answered.employer_id,
           PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY answered.answer_seconds) AS median
    FROM ({answered}) AS answered
    GROUP BY GROUPING SETS ((answered.employer_id), ())
)
SELECT counts.employer_id, counts.applications - COALESCE(again.applications, 0), counts.applications,
       counts.hires, counts.closed, counts.answered, medians.median, employer.name
FROM counts
LEFT JOIN again ON again.employer_id = counts.employer_id
LEFT JOIN medians ON medians.employer_id = counts.employer_id
LEFT JOIN {employers} AS employer ON employer.id = counts.employer_id
UNION ALL
SELECT NULL, 0, 0, 0, 0, 0, medians.median, NULL FROM medians WHERE medians.employer_id IS NULL
"""


def _daily_activity(filters: ReportFilters) -> list[tuple]:
    """`_rollup_activity` from the daily sums (no major, year or field filter)."""
    in_range = {"created_at__gte": filters.start_at, "created_at__lt": filters.end_at}
    parts = {
        "days": EmployerDay.objects.filter(
            student_q(filters), day__gte=filters.start, day__lte=filters.end
        ).values("employer_id", "applications", "hires", "closed", "answered"),
        "again": ApplicationRollup.objects.filter(
            student_q(filters), previous_to_employer_at__gte=filters.start_at, **in_range
        ).values("employer_id"),
        "answered": ApplicationRollup.objects.filter(
            student_q(filters), answer_seconds__isnull=False, **in_range
        ).values("employer_id", "answer_seconds"),
    }
    compiled = {name: query.order_by().query.sql_with_params() for name, query in parts.items()}
    sql = DAILY_ACTIVITY_SQL.format(
        employers=Employer._meta.db_table, **{name: part[0] for name, part in compiled.items()}
    )
    params = [param for name in ("days", "again", "answered") for param in compiled[name][1]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        (employer_id, name, applicants, applications, hires, closed, answered, _seconds(median))
        for employer_id, applicants, applications, hires, closed, answered, median, name in rows
    ]


def _rollup_activity(filters: ReportFilters) -> list[tuple]:
    """`_activity`'s rows (employer, name, applicants, applications, hires, closed, answered, median) read
    from the rollup; the median in seconds."""
    scoped = ApplicationRollup.objects.filter(
        student_q(filters),
        field_q(filters),
        created_at__gte=filters.start_at,
        created_at__lt=filters.end_at,
    ).values("employer_id", "student_id", "status", "answer_seconds", "previous_to_employer_at")
    scoped_sql, scoped_params = scoped.order_by().query.sql_with_params()
    applicants = APPLICANTS_DISTINCT if filters.field else APPLICANTS_ONCE
    sql = ROLLUP_ACTIVITY_SQL.format(
        applicants=applicants, scoped=scoped_sql, employers=Employer._meta.db_table
    )
    params = [
        *([] if filters.field else [filters.start_at]),
        str(ApplicationStatus.ACCEPTED),
        str(ApplicationStatus.CLOSED),
        *scoped_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        (employer_id, name, applicants, applications, hires, closed, answered, _seconds(median))
        for employer_id, applicants, applications, hires, closed, answered, median, name in rows
    ]


def _seconds(value: float | None) -> dt.timedelta | None:
    return None if value is None else dt.timedelta(seconds=value)


def _live_activity(filters: ReportFilters) -> list[tuple]:
    """`_activity`'s rows computed from the applications and their events."""
    scoped = Application.objects.filter(
        student_q(filters, "student__"),
        field_q(filters, "project__"),
        created_at__gte=filters.start_at,
        created_at__lt=filters.end_at,
    ).values(
        "id",
        "created_at",
        "status",
        "student_id",
        employer_id=F("project__employer_id"),
        employer_name=F("project__employer__name"),
    )
    scoped_sql, scoped_params = scoped.order_by().query.sql_with_params()
    sql = ACTIVITY_SQL.format(scoped=scoped_sql, events=ApplicationEvent._meta.db_table)
    params = [
        *scoped_params,
        [str(status) for status in ANSWER_STATUSES],
        str(ApplicationStatus.ACCEPTED),
        str(ApplicationStatus.CLOSED),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _activity(filters: ReportFilters) -> tuple[dict[int, _Activity], dt.timedelta | None]:
    """Each employer's applications from the scoped students in the range, and the overall median time to
    answer. One query; the scoping is the ORM's (`student_q`, `field_q`), compiled into it."""
    if not use_rollups():
        rows = _live_activity(filters)
    elif use_daily_rollups() and not (filters.major or filters.year is not None or filters.field):
        rows = _daily_activity(filters)
    else:
        rows = _rollup_activity(filters)
    per_employer: dict[int, _Activity] = {}
    overall = None
    for employer_id, name, applicants, applications, hires, closed, answered, median in rows:
        if employer_id is None:
            overall = median
        else:
            per_employer[employer_id] = _Activity(
                name, applicants, applications, hires, closed, answered, median
            )
    return per_employer, overall


_NO_ACTIVITY = _Activity(name="", applicants=0, applications=0, hires=0, closed=0, answered=0, median=None)


def _partnerships(filters: ReportFilters) -> QuerySet[Partnership]:
    scope = Q(university=filters.university) if filters.university is not None else Q()
    approved_in_range = Q(
        status__in=[PartnershipStatus.ACTIVE, PartnershipStatus.ENDED],
        decided_at__gte=filters.start_at,
        decided_at__lt=filters.end_at,
    )
    return (
        Partnership.objects.filter(scope)
        .filter(Q(status=PartnershipStatus.ACTIVE) | approved_in_range)
        .order_by()
        .values("employer", "employer__name")
        .annotate(
            active=Count("pk", filter=Q(status=PartnershipStatus.ACTIVE)),
            since=Min("decided_at", filter=Q(status=PartnershipStatus.ACTIVE)),
            approved_in_range=Min("decided_at", filter=approved_in_range),
        )
    )


def _projects_posted(filters: ReportFilters) -> dict[int, int]:
    projects = Project.objects.filter(
        field_q(filters),
        status__in=VISIBLE_PROJECT_STATUSES,
        published_at__gte=filters.start_at,
        published_at__lt=filters.end_at,
    )
    if filters.university is not None:
        projects = projects.filter(project_audience_q(university_id=filters.university.pk))
    rows = projects.order_by().values("employer").annotate(n=Count("pk"))
    return {row["employer"]: row["n"] for row in rows}


def employers_report(
    *, university: University | None, filters: ReportFilters, fresh: bool = False
) -> EmployersReport:
    """The employers for `university` (None: every university) with the range and filters of `filters`."""
    return run_report("employers", _employers_report, university=university, filters=filters, fresh=fresh)


def _employers_report(*, university: University | None, filters: ReportFilters) -> EmployersReport:
    partnerships = list(_partnerships(filters))
    posted = _projects_posted(filters)
    activity, overall_median = _activity(filters)
    names = {row["employer"]: row["employer__name"] for row in partnerships}
    names.update({pk: row.name for pk, row in activity.items()})
    partner_since = {row["employer"]: timezone_date(row["since"]) for row in partnerships if row["active"]}
    employers = []
    for pk, name in names.items():
        row = activity.get(pk, _NO_ACTIVITY)
        employers.append(
            EmployerActivity(
                employer_id=pk,
                name=name,
                is_partner=pk in partner_since,
                partner_since=partner_since.get(pk),
                projects_posted=posted.get(pk, 0),
                applicants=row.applicants,
                applications=row.applications,
                hires=row.hires,
                answered=row.answered,
                closed_unanswered=row.closed,
                median_time_to_answer=row.median,
            )
        )
    employers.sort(key=lambda e: (-e.applicants, -e.projects_posted, e.name.lower()))
    new_partners = sorted(
        (
            NewPartner(name=row["employer__name"], approved_on=timezone_date(row["approved_in_range"]))
            for row in partnerships
            if row["approved_in_range"] is not None
        ),
        key=lambda p: (p.approved_on, p.name.lower()),
    )
    return EmployersReport(
        filters=filters,
        employers=employers,
        partners=len(partner_since),
        new_partners=new_partners,
        projects_posted=sum(posted.values()),
        partner_projects_posted=sum(posted.get(pk, 0) for pk in partner_since),
        applications=sum(e.applications for e in employers),
        hires=sum(e.hires for e in employers),
        closed_unanswered=sum(e.closed_unanswered for e in employers),
        median_time_to_answer=overall_median,
    )


def timezone_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None
