"""Who is told about a project, in what order (the capped fan-out), and the ranges of candidates the uncapped
fan-out cuts by keyset. See the package's docstring."""

from collections.abc import Iterator

from django.conf import settings
from django.db import connection
from django.utils import timezone

from matching.fanout.statement import (
    STATEMENT_SETTINGS,
    STUDENT_SKILLS_TABLE,
    STUDENTS_TABLE,
    ProjectSkills,
    ScoredStudents,
    StudentRange,
    candidates,
    match_notice_key,
    recipient_filters,
)
from matching.models import SkillEquivalence
from notifications.models import Notification, NotificationKind
from projects.models import Project

# Candidates per keyset page when the fan-out cuts ranges: a few dozen batches per statement.
RANGE_PAGE_BATCHES = 50


def match_recipients_for_project(*, project: Project) -> list[int]:
    """User ids of the students to tell about ``project``, in the order they should be told.

    Who: students scoring at least MARKETPLACE["MATCH_NOTIFY_THRESHOLD"] who could apply — active account,
    verified at their university, in the project's audience (the partners-only rule of
    ``project_audience_q``), not applied yet, new-match notices not turned off.

    Order: best score first; among equal scores, the student whose last new-match notice is oldest (never
    told first), then a tie-break that is stable for this project (the same list when the fan-out is
    redelivered) but different from one project to the next. Capped at
    MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] (0 = everyone).

    "Last told" is a correlated subquery over Notification(kind=new_match) served by the existing
    (user, -created_at) index, not a table of its own: the notices are already the record of who was told
    when, and a second record could drift from them. Notices about this very project are left out of it, so
    a redelivered fan-out ranks everyone exactly as the first run did and reaches the same students.
    """
    skills = ProjectSkills.of(project)
    if not skills.all_ids:
        return []  # nobody shares a skill with it
    students = candidates(skills).filter(*recipient_filters(project))
    scored = ScoredStudents(project=project, skills=skills, students=students, now=timezone.now())
    sql, params = scored.statement(recipients_only=True, with_why=False)
    cap = settings.MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            {STATEMENT_SETTINGS};
            SELECT recipient.user_id FROM ({sql}) AS recipient
             ORDER BY recipient.match_score DESC,
                      (SELECT told.created_at FROM {Notification._meta.db_table} AS told
                        WHERE told.user_id = recipient.user_id AND told.kind = %s AND told.key <> %s
                        ORDER BY told.created_at DESC LIMIT 1) ASC NULLS FIRST,
                      md5(recipient.user_id::text || %s),
                      recipient.user_id
             {"LIMIT %s" if cap else ""}
            """,
            [
                *params,
                NotificationKind.NEW_MATCH, match_notice_key(project=project), f":{project.public_id}",
                *([cap] if cap else []),
            ],
        )  # fmt: skip
        cursor.nextset()
        return [row[0] for row in cursor.fetchall()]


def match_recipient_batches(*, project: Project) -> list[list[int]]:
    """The ranked recipients cut into batches of MARKETPLACE["MATCH_FANOUT_BATCH"] ids, one task each."""
    size = max(1, settings.MARKETPLACE["MATCH_FANOUT_BATCH"])
    recipients = match_recipients_for_project(project=project)
    return [recipients[start : start + size] for start in range(0, len(recipients), size)]


def match_recipient_ranges(*, project: Project) -> Iterator[list[StudentRange]]:
    """The candidates for ``project`` cut into ranges of MARKETPLACE["MATCH_FANOUT_BATCH"] students (by
    StudentProfile.pk), yielded a page of RANGE_PAGE_BATCHES ranges at a time: each page is one keyset
    statement over the candidates after the previous page, so the first batches can be queued before the
    last range is known. The ranges hold every candidate once; the last ones may be shorter."""
    size = max(1, settings.MARKETPLACE["MATCH_FANOUT_BATCH"])
    page = size * RANGE_PAGE_BATCHES
    skills = ProjectSkills.of(project)
    if not skills.all_ids:
        return
    after = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(_RANGES_SQL, [after, list(skills.all_ids), page, size])
            bounds = [row[0] for row in cursor.fetchall()]
        if not bounds:
            return
        ranges: list[StudentRange] = []
        for upto in bounds:
            ranges.append({"after": after, "upto": upto})
            after = upto
        yield ranges
        if len(bounds) < RANGE_PAGE_BATCHES:
            return


# Every `size`-th candidate after `after` (and the last of the page), walking the students' primary key: a
# probe of the student's skills per row, so a page reads `page` students whatever the table holds (a join
# would read every student holding the skill first, and stale statistics after a bulk load choose it).
# Candidates are verified students at a university holding a project skill; the batch checks the rest.
_RANGES_SQL = f"""
    WITH page AS (
        SELECT student.id FROM {STUDENTS_TABLE} AS student
         WHERE student.id > %s AND student.verified_at IS NOT NULL AND student.university_id IS NOT NULL
           AND (SELECT true FROM {STUDENT_SKILLS_TABLE} AS held
                 WHERE held.studentprofile_id = student.id
                   AND held.skill_id = ANY(ARRAY(SELECT equivalent_id FROM {SkillEquivalence._meta.db_table}
                                                  WHERE skill_id = ANY(%s::bigint[])))
                 LIMIT 1)
         ORDER BY student.id
         LIMIT %s
    )
    SELECT id FROM (
        SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM page
    ) AS numbered
     WHERE n %% %s = 0 OR n = total
     ORDER BY id
"""
