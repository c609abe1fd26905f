"""How a fan-out statement is built: the candidates, the recipient rule, and one statement that scores a
batch of students and writes each one's why (`ScoredStudents`). See the package's docstring."""

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, TypedDict

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import connection
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
from django.utils import timezone

from applications.models import Application
from matching.models import SkillEquivalence
from matching.prepared import ApplicantsInputs, prepared_expressions
from matching.scoring import SKILL_COUNTS, ProjectSide, StudentSide, match_components, match_score_expression
from notifications.models import DEFAULT_DELIVERY, Delivery, NotificationKind, NotificationPreference
from projects.models import Project, Skill
from projects.selectors import project_audience_q
from students.models import StudentProfile

# Sent before the batch and ranking statements: their estimated cost passes jit_above_cost, and compiling the
# score expressions costs more (~180 ms) than running them for a batch.
STATEMENT_SETTINGS = "SET LOCAL jit = off"


class StudentRange(TypedDict):
    """A batch of the uncapped fan-out: the candidates with StudentProfile.pk in (after, upto]."""

    after: int
    upto: int


def match_notice_key(*, project: Project) -> str:
    """The notice's key: with the unique (user, key) constraint, each student hears of a project once."""
    return f"match:project:{project.public_id}"


def wants_match_notices() -> Q:
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


def eligible() -> Any:
    """Students who may be told at all: active account, verified at a university."""
    return StudentProfile.objects.filter(
        user__is_active=True, verified_at__isnull=False, university__isnull=False
    ).order_by()


def candidates(skills: ProjectSkills) -> Any:
    """Eligible students holding one of the project's skills (or an equivalent): those with a positive
    score, whom the capped fan-out ranks."""
    holds = StudentProfile.skills.through.objects.filter(
        studentprofile_id=OuterRef("pk"), skill_id__in=_project_skill_equivalents(skills)
    )
    return eligible().filter(Exists(holds))


def recipient_filters(project: Project) -> list[Q]:
    in_audience = Project.objects.filter(
        project_audience_q(university_id=OuterRef(OuterRef("university_id"))), pk=project.pk
    )
    applied = Application.objects.filter(project_id=project.pk, student_id=OuterRef("pk"))
    return [wants_match_notices(), Q(Exists(in_audience)), ~Q(Exists(applied))]


STUDENTS_TABLE = StudentProfile._meta.db_table
STUDENT_SKILLS_TABLE = StudentProfile.skills.through._meta.db_table


def _column(name: str, output_field: Any) -> RawSQL:
    return RawSQL(f'"{name}"', (), output_field=output_field)


def batch_components(inputs: ApplicantsInputs) -> dict[str, Expression]:
    """The components of each queried student's match with the project but the skill counts (which
    `ScoredStudents.statement` counts from the held skills): the applicants page's inputs, one project against
    many students, so matching.prepared compiles them once per process and shape and binds each batch's
    values (building and compiling them took ~13 ms of every batch)."""
    side = ProjectSide.of(inputs.project, skill_ids=inputs.skill_ids)
    placeholders = dict.fromkeys(SKILL_COUNTS, Value(0))
    components = match_components(
        project=side, student=StudentSide.columns(), now=inputs.now, skill_counts=placeholders
    )
    return {name: expression for name, expression in components.items() if name not in SKILL_COUNTS}


@functools.cache
def _score_sql() -> tuple[str, tuple]:
    """`match_score_expression` over the columns of `ScoredStudents.statement`'s `counted` (the same for every
    project: compiled once per process)."""
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
    query = Query(StudentProfile)
    sql, params = query.get_compiler(connection=connection).compile(
        match_score_expression(columns).resolve_expression(query)
    )
    return sql, tuple(params)


class ScoredStudents:
    """SQL for one project's students with their `match_score` and notice body (see the module docstring).

    ``statement()`` is a ``WITH … SELECT user_id, match_score, body`` over the StudentProfile queryset
    ``students``; ``recipients_only`` keeps only those to tell (sharing a skill, at or above the threshold).
    """

    def __init__(self, *, project: Project, skills: ProjectSkills, students: Any, now: dt.datetime) -> None:
        self.project = project
        self.skills = skills
        inputs = ApplicantsInputs(project, (skills.required_ids, skills.nice_ids), now)
        components = {
            name: RawSQL(compiled.sql, compiled.params, output_field=compiled.output_field)
            for name, compiled in prepared_expressions(StudentProfile, batch_components, inputs).items()
        }
        # Which of the project's skills the student holds, through `project_skill` (see `statement`): one
        # index probe per project skill, no per-student sort or hash.
        held_ids = RawSQL(
            f"""ARRAY(SELECT project_skill.skill_id FROM project_skill
                       WHERE EXISTS (SELECT 1 FROM {STUDENT_SKILLS_TABLE} AS held
                                      WHERE held.studentprofile_id = {STUDENTS_TABLE}.id
                                        AND held.skill_id = ANY(project_skill.equivalents)))""",
            (),
            output_field=ArrayField(BigIntegerField()),
        )
        self.students = students.annotate(held_ids=held_ids, **components).values(
            "user_id",
            "held_ids",
            "m_major_fit",
            "m_weekly_added",
            "m_weekly_left",
            "m_location",
            "m_deadline",
        )

    def score(self) -> tuple[str, list]:
        sql, params = _score_sql()
        return sql, list(params)

    def statement(self, *, recipients_only: bool, with_why: bool = True) -> tuple[str, list]:
        students_sql, students_params = self.students.query.sql_with_params()
        score_sql, score_params = self.score()
        required, nice = self.skills.required, self.skills.nice
        required_ids, nice_ids = [pk for pk, _ in required], [pk for pk, _ in nice]
        body, names, body_params = "NULL::text", "", []
        if with_why:
            body, names = f"{WHY_SQL} || %s", NAMES_SQL
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
NAMES_SQL = """
    CROSS JOIN LATERAL (
        SELECT ARRAY(SELECT s.name FROM unnest(%s::bigint[], %s::text[]) WITH ORDINALITY AS s(id, name, n)
                      WHERE s.id = ANY(scored.held_ids) ORDER BY s.n) AS required_names,
               ARRAY(SELECT s.name FROM unnest(%s::bigint[], %s::text[]) WITH ORDINALITY AS s(id, name, n)
                      WHERE s.id = ANY(scored.held_ids) ORDER BY s.n) AS nice_names
    ) AS names
"""


# `matching.reasons._why` for the student audience, over the columns of `ScoredStudents`: the same text for
# the same components (matching/tests/test_fanout.py compares the two for every branch).
WHY_SQL = """(
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
