"""Keeping the rollup tables (`reports.models`): a full rebuild every night and a refresh of what changed
every few minutes, both set-based SQL and both idempotent.

What a refresh recomputes: every student (and all of their applications) whose profile, an application or an
engagement was saved since the last refresh, less a margin for transactions that committed late. The
services of those apps always bump `updated_at`, so the current term is fresh within minutes. What no
`updated_at` records (a profile's skills changed alone, a project's field edited) waits for the nightly
rebuild.

Rows are replaced (DELETE, then INSERT … SELECT) inside one transaction under an advisory lock: readers see
the old rows until it commits, and a rebuild and a refresh never interleave. The daily sums of the
per-application rows (`ApplicantDay`, `EmployerDay`) are rebuilt from them in full, and on a refresh kept
by subtracting the touched students' rows before they are replaced and adding the new ones (then the days
left at zero go), so a refresh costs what it touches and two refreshes of the same rows add up to the same
sums; a deletion (which takes rollup rows away by CASCADE, subtracting nothing) makes the next refresh
rebuild them.
"""

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone

from applications.models import Application, ApplicationEvent, ApplicationStatus
from applications.selectors import ANSWER_STATUSES
from engagements.models import Engagement, EngagementStatus
from projects.models import Project
from reports.models import ApplicantDay, ApplicationRollup, EmployerDay, RollupState, StudentRollup
from reports.selectors.common import complete_profile_q
from students.models import StudentProfile

STATE = "reports"
# A row saved in a transaction that commits up to this long after its `updated_at` is still picked up.
REFRESH_MARGIN = dt.timedelta(minutes=10)
_LOCK_KEY = 0x5245504F  # pg_advisory_xact_lock key of the rollups ("REPO")

_STUDENT_ROWS = """
WITH students AS ({students}),
applied AS (
    SELECT application.student_id, array_agg(DISTINCT project.field) AS fields,
           MIN(application.created_at) AS first_applied_at, MIN(accepted.created_at) AS first_accepted_at
    FROM {application} AS application
    JOIN students ON students.id = application.student_id
    JOIN {project} AS project ON project.id = application.project_id
    LEFT JOIN {engagement} AS accepted ON accepted.application_id = application.id
    GROUP BY application.student_id
),
engaged AS (
    SELECT engagement.student_id,
           array_agg(DISTINCT project.field) AS accepted,
           array_agg(DISTINCT project.field) FILTER (WHERE engagement.status = %s) AS completed
    FROM {engagement} AS engagement
    JOIN students ON students.id = engagement.student_id
    JOIN {project} AS project ON project.id = engagement.project_id
    GROUP BY engagement.student_id
)
INSERT INTO {rollup} (student_id, university_id, created_at, verified_at, major, graduation_year, complete,
                      applied_fields, accepted_fields, completed_fields, first_applied_at, first_accepted_at)
SELECT students.id, students.university_id, students.created_at, students.verified_at, students.major,
       students.graduation_year, students.complete, COALESCE(applied.fields, '{{}}'),
       COALESCE(engaged.accepted, '{{}}'), COALESCE(engaged.completed, '{{}}'), applied.first_applied_at,
       applied.first_accepted_at
FROM students
LEFT JOIN applied ON applied.student_id = students.id
LEFT JOIN engaged ON engaged.student_id = students.id
"""

# The previous application of the same student (and of the same student to the same employer) lets a report
# count each student once in a range without COUNT(DISTINCT): an application counts when the one before it
# falls before the range.
_APPLICATION_ROWS = """
WITH students AS ({students}),
answers AS (
    SELECT event.application_id, MIN(event.created_at) AS answered_at
    FROM {event} AS event
    JOIN {application} AS application ON application.id = event.application_id
    JOIN students ON students.id = application.student_id
    WHERE event.status = ANY(%s)
    GROUP BY event.application_id
)
INSERT INTO {rollup} (application_id, university_id, student_id, employer_id, field, major, graduation_year,
                      created_at, status, answer_seconds, previous_at, previous_to_employer_at)
SELECT application.id, students.university_id, application.student_id, project.employer_id, project.field,
       students.major, students.graduation_year, application.created_at, application.status,
       EXTRACT(EPOCH FROM answers.answered_at - application.created_at),
       LAG(application.created_at) OVER (
           PARTITION BY application.student_id ORDER BY application.created_at, application.id),
       LAG(application.created_at) OVER (
           PARTITION BY application.student_id, project.employer_id
           ORDER BY application.created_at, application.id)
FROM {application} AS application
JOIN students ON students.id = application.student_id
JOIN {project} AS project ON project.id = application.project_id
LEFT JOIN answers ON answers.application_id = application.id
ORDER BY application.created_at
"""

# The per-application rollup's rows (of the students `touched` selects, or all) summed per university and
# day in the site's time zone, and per day of the previous application (`ApplicantDay`) or per employer
# (`EmployerDay`), added (sign 1) to or subtracted (sign -1) from the daily sums. Named parameters
# (`_daily_sums`): the time zone, the sign, the statuses counted, the touched students' own.
_APPLICANT_DAYS = """
INSERT INTO {days} (university_id, day, previous_day, applications)
SELECT university_id, (created_at AT TIME ZONE %(tz)s)::date, (previous_at AT TIME ZONE %(tz)s)::date,
       %(sign)s * COUNT(*)
FROM {rollup}
{where}
GROUP BY 1, 2, 3
ON CONFLICT (university_id, day, previous_day)
DO UPDATE SET applications = {days}.applications + EXCLUDED.applications
"""
_EMPLOYER_DAYS = """
INSERT INTO {days} (university_id, day, employer_id, applications, hires, closed, answered)
SELECT university_id, (created_at AT TIME ZONE %(tz)s)::date, employer_id, %(sign)s * COUNT(*),
       %(sign)s * COUNT(*) FILTER (WHERE status = %(accepted)s),
       %(sign)s * COUNT(*) FILTER (WHERE status = %(closed)s), %(sign)s * COUNT(answer_seconds)
FROM {rollup}
{where}
GROUP BY 1, 2, 3
ON CONFLICT (university_id, day, employer_id)
DO UPDATE SET applications = {days}.applications + EXCLUDED.applications,
              hires = {days}.hires + EXCLUDED.hires, closed = {days}.closed + EXCLUDED.closed,
              answered = {days}.answered + EXCLUDED.answered
"""
_DAILY = [(ApplicantDay, _APPLICANT_DAYS), (EmployerDay, _EMPLOYER_DAYS)]

# The students whose rows may have changed since %s (three times).
_TOUCHED = """
SELECT id FROM {student} WHERE updated_at >= %s
UNION SELECT student_id FROM {application} WHERE updated_at >= %s
UNION SELECT student_id FROM {engagement} WHERE updated_at >= %s
"""


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    models = {
        "student": StudentProfile,
        "application": Application,
        "event": ApplicationEvent,
        "engagement": Engagement,
        "project": Project,
    }
    return {name: quote(model._meta.db_table) for name, model in models.items()}


def _students_sql(touched: str | None) -> tuple[str, tuple]:
    """The students of the rollups (linked to a university) with their profile's completeness, compiled from
    the ORM so the rule is `complete_profile_q`'s; `touched` narrows them to a subquery of ids."""
    students = StudentProfile.objects.filter(university__isnull=False).annotate(
        complete=ExpressionWrapper(complete_profile_q(), output_field=BooleanField())
    )
    students = students.order_by().values(
        "id", "university_id", "created_at", "verified_at", "major", "graduation_year", "complete"
    )
    sql, params = students.query.sql_with_params()
    if touched is not None:
        sql = f"SELECT * FROM ({sql}) AS linked WHERE linked.id IN ({touched})"
    return sql, params


def _daily_sums(cursor, sign: int, touched: str | None, touched_params: list) -> None:
    """Add (`sign` 1) or subtract (-1) the per-application rows of the students `touched` selects (all
    when None) to the daily sums (`ApplicantDay`, `EmployerDay`). `touched` has %s placeholders: they are
    numbered here as the named parameters of the statements require."""
    quote = connection.ops.quote_name
    touched_names = {f"touched_{i}": value for i, value in enumerate(touched_params)}
    where = ""
    if touched is not None:
        named = touched
        for name in touched_names:
            named = named.replace("%s", f"%({name})s", 1)
        where = f"WHERE student_id IN ({named})"
    params = {
        "tz": settings.TIME_ZONE,
        "sign": sign,
        "accepted": str(ApplicationStatus.ACCEPTED),
        "closed": str(ApplicationStatus.CLOSED),
        **touched_names,
    }
    rollup = quote(ApplicationRollup._meta.db_table)
    for model, sql in _DAILY:
        cursor.execute(sql.format(days=quote(model._meta.db_table), rollup=rollup, where=where), params)


def _reconcile_daily_sums(cursor) -> None:
    """Rebuild the daily sums when they no longer add up to the per-application rollup: its rows also go
    when their application is deleted (CASCADE), which subtracts nothing. One count of each table (an
    index-only scan of the rollup) per refresh; the rebuild only after a deletion."""
    quote = connection.ops.quote_name
    rollup = quote(ApplicationRollup._meta.db_table)
    sums = " AND ".join(
        f"(SELECT COALESCE(SUM(applications), 0) FROM {quote(model._meta.db_table)}) = rollup.n"
        for model, _ in _DAILY
    )
    cursor.execute(f"SELECT {sums} FROM (SELECT COUNT(*) AS n FROM {rollup}) AS rollup")
    if not cursor.fetchone()[0]:
        for model, _ in _DAILY:
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
        _daily_sums(cursor, 1, None, [])


def _touched_once(touched: str, touched_params: list) -> tuple[str, list]:
    """Run `touched` once and hand its ids on as an array: the refresh's statements (subtract, delete,
    insert, add) all name the same students, read once, instead of each scanning the changed rows again
    (and a student changed between two of them being added without having been subtracted)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ARRAY({touched})", touched_params)
        ids = cursor.fetchone()[0]
    return "SELECT unnest(%s::bigint[])", [ids]


def _write(touched: str | None, touched_params: list) -> tuple[int, int]:
    """Replace the rows of the students `touched` selects (every student when None); returns the rows
    written (students, applications). Call inside a transaction holding the advisory lock."""
    if touched is not None:
        touched, touched_params = _touched_once(touched, touched_params)
    tables = _tables()
    students_sql, students_params = _students_sql(touched)
    students_params = [*students_params, *touched_params]
    student_table = connection.ops.quote_name(StudentRollup._meta.db_table)
    application_table = connection.ops.quote_name(ApplicationRollup._meta.db_table)
    day_tables = [connection.ops.quote_name(model._meta.db_table) for model, _ in _DAILY]
    with connection.cursor() as cursor:
        if touched is None:
            for table in [student_table, application_table, *day_tables]:
                cursor.execute(f"DELETE FROM {table}")
        else:
            _reconcile_daily_sums(cursor)
            _daily_sums(cursor, -1, touched, touched_params)
            cursor.execute(f"DELETE FROM {student_table} WHERE student_id IN ({touched})", touched_params)
            cursor.execute(f"DELETE FROM {application_table} WHERE student_id IN ({touched})", touched_params)
        cursor.execute(
            _STUDENT_ROWS.format(students=students_sql, rollup=student_table, **tables),
            [*students_params, str(EngagementStatus.COMPLETED)],
        )
        students = cursor.rowcount
        cursor.execute(
            _APPLICATION_ROWS.format(students=students_sql, rollup=application_table, **tables),
            [*students_params, [str(status) for status in ANSWER_STATUSES]],
        )
        applications = cursor.rowcount
        _daily_sums(cursor, 1, touched, touched_params)
        if touched is not None:
            for table in day_tables:
                cursor.execute(f"DELETE FROM {table} WHERE applications = 0")
        return students, applications


def _lock() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])


def rollups_rebuild() -> tuple[int, int]:
    """Rebuild both rollups from scratch (the nightly task); returns the rows written (students,
    applications). Idempotent: a second run writes the same rows."""
    with transaction.atomic():
        _lock()
        started = timezone.now()
        written = _write(None, [])
        RollupState.objects.update_or_create(
            name=STATE, defaults={"rebuilt_at": started, "refreshed_at": started}
        )
    _vacuum()
    return written


def _vacuum() -> None:
    """VACUUM ANALYZE the rollups after rewriting them all: the planner learns their new figures and the
    visibility map lets the reports scan only their indexes. Not possible inside a transaction (tests)."""
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        models = (StudentRollup, ApplicationRollup, ApplicantDay, EmployerDay)
        tables = ", ".join(model._meta.db_table for model in models)
        cursor.execute(f"VACUUM (ANALYZE) {tables}")


def rollups_refresh() -> tuple[int, int]:
    """Recompute the rows of the students touched since the last refresh (every few minutes); rebuilds in
    full when the rollups were never built. Returns the rows written (students, applications)."""
    with transaction.atomic():
        _lock()
        state = RollupState.objects.select_for_update().filter(name=STATE).first()
        if state is None or state.refreshed_at is None:
            started = timezone.now()
            written = _write(None, [])
            RollupState.objects.update_or_create(
                name=STATE, defaults={"rebuilt_at": started, "refreshed_at": started}
            )
        else:
            started = timezone.now()
            since = state.refreshed_at - REFRESH_MARGIN
            written = _write(_TOUCHED.format(**_tables()), [since, since, since])
            state.refreshed_at = started
            state.save(update_fields=["refreshed_at"])
            return written
    _vacuum()
    return written
