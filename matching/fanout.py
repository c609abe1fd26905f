"""Telling matching students about a newly published project: who is told, in what order, and the batch write.

The tasks in matching/tasks.py drive it. One fan-out task per published project hands the work out in
batches, and each batch is one statement that scores its students, writes each one's why and inserts the
notices (``notify_selected``: the rows never pass through Python). Two ways of cutting the batches:

- with a cap (MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] > 0), only the best students are told, so the
  fan-out ranks every candidate once (``match_recipients_for_project``) and each batch names its students;
- without one, every student above the threshold is told and the order does not matter, so nobody is
  ranked: the fan-out walks the candidates (students sharing a skill with the project) by keyset, a page of
  ids at a time, and each batch is a range of them (``StudentRange``) that its task scores and filters.
  Finding the ranges walks the students' primary key with one index probe each, never a score.

Every step is safe to repeat: the notices' unique (user, key) skips users already told about the project, so
a redelivered task writes and emails nothing twice.

Fair exposure: among students with the same score, those told about a match longest ago (or never) come first,
so a per-project cap does not hand every notice to the same few profiles.

How a batch statement is built (``_ScoredStudents``): the score is `match_score_expression` of
matching.scoring, compiled to SQL; only where its skill counts come from differs. Each student's held
project skills are read once into an array in a MATERIALIZED CTE, with the components that need a subquery
(the weekly load), so neither is computed again each time the score expression names it; the score and the
why are then plain expressions over those columns.
"""

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    Exists,
    Expression,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from matching.models import SkillEquivalence
from matching.reasons import match_from_row
from matching.scoring import (
    SKILL_COUNTS,
    ProjectSide,
    StudentSide,
    match_annotations,
    match_components,
    match_score_expression,
)
from notifications.models import (
    DEFAULT_DELIVERY,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from notifications.services import Notice, notify_selected
from projects.models import Project, ProjectStatus, Skill
from projects.selectors import project_audience_q
from students.models import StudentProfile

# Sent before the batch and ranking statements: their estimated cost passes jit_above_cost, and compiling the
# score expressions costs more (~180 ms) than running them for a batch.
STATEMENT_SETTINGS = "SET LOCAL jit = off"
# Candidates per keyset page when the fan-out cuts ranges: a few dozen batches per statement.
RANGE_PAGE_BATCHES = 50


class StudentRange(TypedDict):
    """A batch of the uncapped fan-out: the candidates with StudentProfile.pk in (after, upto]."""

    after: int
    upto: int


def match_notice_key(*, project: Project) -> str:
    """The notice's key: with the unique (user, key) constraint, each student hears of a project once."""
    return f"match:project:{project.public_id}"


def match_project_for_notices(*, project_id: int) -> Project | None:
    """The project when students may still apply to it (open, deadline ahead), else None: nothing to tell."""
    return (
        Project.objects.filter(pk=project_id, status=ProjectStatus.OPEN)
        .select_related("employer")
        .filter(Q(application_deadline__isnull=True) | Q(application_deadline__gt=timezone.now()))
        .first()
    )


def _wants_match_notices() -> Q:
    """Students who have not turned new-match notices off (or who turned them on, were the default off).

    ``notify`` applies the same rule; applying it here too keeps those students from using up the cap."""
    preference = NotificationPreference.objects.filter(
        user_id=OuterRef("user_id"), kind=NotificationKind.NEW_MATCH
    )
    if DEFAULT_DELIVERY[NotificationKind.NEW_MATCH] == Delivery.OFF:
        return Q(Exists(preference.exclude(delivery=Delivery.OFF)))
    return ~Q(Exists(preference.filter(delivery=Delivery.OFF)))


@dataclass(frozen=True)
class ProjectSkills:
    """The project's required and nice-to-have skills, each (id, name) ordered by name as
    `match_from_row`'s skill names are (PostgreSQL's collation, read in one query)."""

    required: tuple[tuple[int, str], ...]
    nice: tuple[tuple[int, str], ...]

    @classmethod
    def of(cls, project: Project) -> "ProjectSkills":
        required_ids = Project.required_skills.through.objects.filter(project_id=project.pk)
        nice_ids = Project.nice_to_have_skills.through.objects.filter(project_id=project.pk)
        rows = (
            Skill.objects.filter(
                Q(pk__in=required_ids.values("skill_id")) | Q(pk__in=nice_ids.values("skill_id"))
            )
            .annotate(
                is_required=Exists(required_ids.filter(skill_id=OuterRef("pk"))),
                is_nice=Exists(nice_ids.filter(skill_id=OuterRef("pk"))),
            )
            .order_by("name", "pk")
            .values_list("pk", "name", "is_required", "is_nice")
        )
        rows = list(rows)
        return cls(
            required=tuple((pk, name) for pk, name, is_required, _ in rows if is_required),
            nice=tuple((pk, name) for pk, name, _, is_nice in rows if is_nice),
        )

    @property
    def required_ids(self) -> tuple[int, ...]:
        return tuple(pk for pk, _ in self.required)

    @property
    def nice_ids(self) -> tuple[int, ...]:
        return tuple(pk for pk, _ in self.nice)

    @property
    def all_ids(self) -> tuple[int, ...]:
        return tuple(dict.fromkeys((*self.required_ids, *self.nice_ids)))


def _project_skill_equivalents(skills: ProjectSkills) -> Any:
    """The ids of the skills that count as one of the project's (each of them and its equivalents)."""
    return SkillEquivalence.objects.filter(skill_id__in=skills.all_ids).values("equivalent_id")


def _eligible() -> Any:
    """Students who may be told at all: active account, verified at a university."""
    return StudentProfile.objects.filter(
        user__is_active=True, verified_at__isnull=False, university__isnull=False
    ).order_by()


def _candidates(skills: ProjectSkills) -> Any:
    """Eligible students holding one of the project's skills (or an equivalent): those with a positive
    score, whom the capped fan-out ranks."""
    holds = StudentProfile.skills.through.objects.filter(
        studentprofile_id=OuterRef("pk"), skill_id__in=_project_skill_equivalents(skills)
    )
    return _eligible().filter(Exists(holds))


def _recipient_filters(project: Project) -> list[Q]:
    in_audience = Project.objects.filter(
        project_audience_q(university_id=OuterRef(OuterRef("university_id"))), pk=project.pk
    )
    applied = Application.objects.filter(project_id=project.pk, student_id=OuterRef("pk"))
    return [_wants_match_notices(), Q(Exists(in_audience)), ~Q(Exists(applied))]


_STUDENTS = StudentProfile._meta.db_table
_STUDENT_SKILLS = StudentProfile.skills.through._meta.db_table


def _column(name: str, output_field: Any) -> RawSQL:
    return RawSQL(f'"{name}"', (), output_field=output_field)


class _ScoredStudents:
    """SQL for one project's students with their `match_score` and notice body (see the module docstring).

    ``statement()`` is a ``WITH … SELECT user_id, match_score, body`` over the StudentProfile queryset
    ``students``; ``recipients_only`` keeps only those to tell (sharing a skill, at or above the threshold).
    """

    def __init__(self, *, project: Project, skills: ProjectSkills, students: Any, now: dt.datetime) -> None:
        self.project = project
        self.skills = skills
        self.query = Query(StudentProfile)
        side = ProjectSide.of(project, skill_ids=(skills.required_ids, skills.nice_ids))
        placeholders = dict.fromkeys(SKILL_COUNTS, Value(0))
        components = match_components(
            project=side, student=StudentSide.columns(), now=now, skill_counts=placeholders
        )
        # Which of the project's skills the student holds, through `project_skill` (see `statement`): one
        # index probe per project skill, no per-student sort or hash.
        held_ids = RawSQL(
            f"""ARRAY(SELECT project_skill.skill_id FROM project_skill
                       WHERE EXISTS (SELECT 1 FROM {_STUDENT_SKILLS} AS held
                                      WHERE held.studentprofile_id = {_STUDENTS}.id
                                        AND held.skill_id = ANY(project_skill.equivalents)))""",
            (),
            output_field=ArrayField(BigIntegerField()),
        )
        self.students = students.annotate(
            held_ids=held_ids,
            **{name: expression for name, expression in components.items() if name not in SKILL_COUNTS},
        ).values(
            "user_id",
            "held_ids",
            "m_major_fit",
            "m_weekly_added",
            "m_weekly_left",
            "m_location",
            "m_deadline",
        )

    def compile(self, expression: Expression) -> tuple[str, list]:
        compiler = self.query.get_compiler(connection=connection)
        sql, params = compiler.compile(expression.resolve_expression(self.query))
        return sql, list(params)

    def score(self) -> tuple[str, list]:
        columns = {
            "m_required_matched": _column("m_required_matched", IntegerField()),
            "m_required_total": _column("m_required_total", IntegerField()),
            "m_nice_matched": _column("m_nice_matched", IntegerField()),
            "m_nice_total": _column("m_nice_total", IntegerField()),
            "m_major_fit": _column("m_major_fit", BooleanField()),
            "m_weekly_added": _column("m_weekly_added", FloatField()),
            "m_weekly_left": _column("m_weekly_left", FloatField()),
            "m_location": _column("m_location", CharField()),
            "m_deadline": _column("m_deadline", CharField()),
        }
        return self.compile(match_score_expression(columns))

    def statement(self, *, recipients_only: bool, with_why: bool = True) -> tuple[str, list]:
        students_sql, students_params = self.students.query.sql_with_params()
        score_sql, score_params = self.score()
        required, nice = self.skills.required, self.skills.nice
        required_ids, nice_ids = [pk for pk, _ in required], [pk for pk, _ in nice]
        body, names, body_params = "NULL::text", "", []
        if with_why:
            body, names = f"{_WHY_SQL} || %s", _NAMES_SQL
            body_params = [
                f". {notice_body(self.project)}",
                required_ids, [name for _, name in required], nice_ids, [name for _, name in nice],
            ]  # fmt: skip
        keep, keep_params = "", []
        if recipients_only:
            keep = "WHERE cardinality(scored.held_ids) > 0 AND scored.match_score >= %s"
            keep_params = [settings.MARKETPLACE["MATCH_NOTIFY_THRESHOLD"]]
        sql = f"""
            WITH project_skill AS MATERIALIZED (
                SELECT skill_id, array_agg(equivalent_id) AS equivalents
                  FROM {SkillEquivalence._meta.db_table}
                 WHERE skill_id = ANY(%s::bigint[])
                 GROUP BY skill_id
            ),
            student AS MATERIALIZED ({students_sql}),
            counted AS MATERIALIZED (
                SELECT student.*,
                       (SELECT count(*) FROM unnest(held_ids) AS h(id) WHERE h.id = ANY(%s::bigint[]))::int
                           AS m_required_matched,
                       (SELECT count(*) FROM unnest(held_ids) AS h(id) WHERE h.id = ANY(%s::bigint[]))::int
                           AS m_nice_matched,
                       %s::int AS m_required_total,
                       %s::int AS m_nice_total
                  FROM student
            ),
            scored AS (SELECT counted.*, {score_sql} AS match_score FROM counted)
            SELECT scored.user_id, scored.match_score, {body} AS body
              FROM scored {names}
             {keep}
        """
        params = [
            list(self.skills.all_ids),
            *students_params,
            required_ids, nice_ids, len(required), len(nice),
            *score_params,
            *body_params,
            *keep_params,
        ]  # fmt: skip
        return sql, params


# The names of the project's required and nice-to-have skills the student holds, in the order given.
_NAMES_SQL = """
    CROSS JOIN LATERAL (
        SELECT ARRAY(SELECT s.name FROM unnest(%s::bigint[], %s::text[]) WITH ORDINALITY AS s(id, name, n)
                      WHERE s.id = ANY(scored.held_ids) ORDER BY s.n) AS required_names,
               ARRAY(SELECT s.name FROM unnest(%s::bigint[], %s::text[]) WITH ORDINALITY AS s(id, name, n)
                      WHERE s.id = ANY(scored.held_ids) ORDER BY s.n) AS nice_names
    ) AS names
"""


# `matching.reasons._why` for the student audience, over the columns of `_ScoredStudents`: the same text for
# the same components (matching/tests/test_fanout.py compares the two for every branch).
_WHY_SQL = """(
    CASE
        WHEN m_required_total = 1 AND m_required_matched = 1
            THEN 'The required skill: ' || required_names[1]
        WHEN m_required_total > 0 AND m_required_matched = m_required_total
            THEN 'All ' || m_required_total || ' required skills: ' || array_to_string(required_names, ', ')
        WHEN m_required_total > 0 AND m_required_matched > 0
            THEN m_required_matched || ' of ' || m_required_total || ' required skills: '
                 || array_to_string(required_names, ', ')
        WHEN m_nice_matched > 0
            THEN 'Nice-to-have skill' || CASE WHEN m_nice_matched > 1 THEN 's' ELSE '' END || ': '
                 || array_to_string(nice_names, ', ')
        ELSE 'Few of the skills asked for'
    END
    || ' · '
    || CASE WHEN m_weekly_added <= m_weekly_left THEN 'fits your week'
            ELSE 'more hours than your week has left' END
)"""


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
    students = _candidates(skills).filter(*_recipient_filters(project))
    scored = _ScoredStudents(project=project, skills=skills, students=students, now=timezone.now())
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
        SELECT student.id FROM {_STUDENTS} AS student
         WHERE student.id > %s AND student.verified_at IS NOT NULL AND student.university_id IS NOT NULL
           AND (SELECT true FROM {_STUDENT_SKILLS} AS held
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


def match_notify_batch(*, project: Project, user_ids: Sequence[int]) -> int:
    """Tell these students about ``project``, each with the one-line why of their match; returns how many
    were newly told. They are told whatever their score (the caller chose them); a user without a student
    profile gets the notice without a why.

    Repeating a batch tells nobody twice and queues no second email (the notices' unique key and the email
    claim). Safe inside the caller's transaction: emails leave only after it commits.
    """
    user_ids = list(dict.fromkeys(user_ids))
    if not user_ids:
        return 0
    skills = ProjectSkills.of(project)
    students = StudentProfile.objects.filter(user_id__in=user_ids).order_by()
    sql, params = _ScoredStudents(
        project=project, skills=skills, students=students, now=timezone.now()
    ).statement(recipients_only=False)
    recipients = f"""
        SELECT wanted.user_id, scored.body
          FROM unnest(%s::bigint[]) AS wanted(user_id)
          LEFT JOIN ({sql}) AS scored ON scored.user_id = wanted.user_id
    """
    return _notify(project, recipients, [user_ids, *params])


def match_notify_range(*, project: Project, students: StudentRange) -> int:
    """Tell the recipients among the candidates in ``students`` about ``project`` (the uncapped fan-out's
    batch): the whole rule of ``match_recipients_for_project`` but the cap, applied in the statement that
    scores them, writes their whys and inserts the notices. Returns how many were newly told; repeating a
    range tells nobody twice."""
    skills = ProjectSkills.of(project)
    if not skills.all_ids:
        return 0
    # Eligible rather than candidates: whether they share a skill is read once, from the held skills.
    chosen = _eligible().filter(
        *_recipient_filters(project), pk__gt=students["after"], pk__lte=students["upto"]
    )
    sql, params = _ScoredStudents(
        project=project, skills=skills, students=chosen, now=timezone.now()
    ).statement(recipients_only=True)
    return _notify(project, f"SELECT user_id, body FROM ({sql}) AS scored", params)


def match_whys_for_students(*, project: Project, user_ids: Sequence[int]) -> dict[int, str]:
    """The one-line why of each student's match with ``project``, by user id, written in Python from the
    scoring's components (`match_from_row`): what the batch statement's why says in SQL, for a page that
    shows it and for the test that keeps the two the same."""
    rows = StudentProfile.objects.filter(user_id__in=user_ids).annotate(
        **match_annotations(project=ProjectSide.of(project), student=StudentSide.columns(), with_names=True)
    )
    return {row.user_id: match_from_row(row, project=project, student=row).why for row in rows}


def _notify(project: Project, recipients_sql: str, params: list) -> int:
    notice = Notice(
        kind=NotificationKind.NEW_MATCH,
        key=match_notice_key(project=project),
        title=f"New project matching your skills: {project.title}",
        body=notice_body(project),
        url=reverse("projects:detail", kwargs={"public_id": project.public_id}),
    )
    # No savepoint inside a caller's transaction: SET LOCAL then lasts until it ends, which is harmless.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(STATEMENT_SETTINGS)
        return notify_selected(recipients_sql=recipients_sql, params=params, notice=notice)


def notice_body(project: Project) -> str:
    """What every student's notice says after their why."""
    hours = f"about {project.estimated_hours} hours"
    fee = f"{project.fee:,.2f} {project.currency}"
    deadline = (
        f" Apply by {timezone.localtime(project.application_deadline):%d %B %Y}."
        if project.application_deadline
        else ""
    )
    return f"{project.employer.name} posted a project that fits your profile: {hours}, {fee}.{deadline}"
