"""Ranking every candidate project for one student in one query over one narrow table.

A popular student shares a skill with tens of thousands of open projects, so the work per candidate must be
tiny. Every column a score reads is on `ProjectPosting` (trigger-kept), so no candidate joins another
table; the four skill counts come from the row itself, `bit_count(mask & student_mask)` and the stored
totals, instead of subqueries per row; "already applied" is one hashed list read once.

Most of the time even that is too much work: the best projects are those whose required skills the student
all holds, and they are a small part of the candidates. So one statement ranks those first (found through
`anchor_skill_ids`, see ProjectPosting) and ranks every candidate only when that cannot be the answer:

- `full` are the candidates with every required skill matched (or none required);
- any other candidate misses at least one of its at most `k` required skills, k the largest
  `required_count` of an open project, so no other candidate can score more than `match_score_expression`
  gives for (k-1)/k of the required skills with everything else at its best (the score never falls when a
  component improves): that is `bound`;
- when `full` has `limit + offset` rows and the last of them scores more than `bound`, nothing else can
  reach the page and the ranking of `full` is the answer; otherwise the whole candidate set is ranked.
  PostgreSQL tests that once (a one-time filter), and a MATERIALIZED CTE runs only when read, so the whole
  ranking costs nothing when it is not needed.

The same statement returns the components and skill names of the chosen rows (`match_annotations`
computed for those rows only), so `match_from_row` writes the reasons without another scoring query.

Compiling those expressions with Django costs more than running them, so each shape of statement (how many
skills in the closure, whether partners-only projects are in view) is compiled once per process with stand-in
values and reused with the student's own (`_Template`); it is checked against a second compilation before
it is trusted, and anything it cannot account for is compiled afresh each time.

The score is `match_score_expression` compiled to SQL, the same definition every other query uses; only
where the components' inputs come from differs (the posting's columns instead of the project's).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.db import connection
from django.db.models import BooleanField, CharField, Expression, FloatField, IntegerField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query
from django.utils import timezone

from applications.models import Application
from matching.models import ProjectPosting
from matching.scoring import ProjectSide, StudentSide, match_components, match_score_expression
from projects.models import ProjectStatus
from students.models import StudentProfile

_POSTING = ProjectPosting._meta.db_table
_APPLICATION = Application._meta.db_table
ORDER = "match_score DESC, application_deadline ASC, project_id DESC"
COMPONENTS = (
    "m_required_total", "m_required_matched", "m_required_matched_names", "m_required_missing_names",
    "m_nice_total", "m_nice_matched", "m_nice_matched_names", "m_nice_missing_names",
    "m_major_fit", "m_weekly_added", "m_weekly_left", "m_location", "m_deadline",
)  # fmt: skip

Where = Callable[[StudentProfile, dt.datetime], Q]


def skill_mask(skill_ids: tuple[int, ...]) -> str:
    """The bit string with bit n (from the left, 0-based) set for each skill id n: the student's side of the
    posting's `required_mask` and `nice_mask` (built by `matching_skill_mask` in migration 0003)."""
    if not skill_ids:
        return ""
    bits = ["0"] * (max(skill_ids) + 1)
    for skill_id in skill_ids:
        bits[skill_id] = "1"
    return "".join(bits)


def _matched(mask_column: str, mask: str) -> RawSQL:
    """How many of the posting's skills in `mask_column` the student's `mask` has. Masks are as long as
    their highest skill id, so the common prefix of the two is compared."""
    column = f"{_POSTING}.{mask_column}"
    return RawSQL(
        f"bit_count(substring({column} from 1 for length(%s::varbit)) & substring(%s::varbit from 1 for "
        f"length({column})))",
        [mask, mask],
        output_field=IntegerField(),
    )


def _column(sql: str, params: tuple = ()) -> RawSQL:
    return RawSQL(sql, params, output_field=IntegerField())


def _skill_counts(mask: str) -> dict[str, Expression]:
    return {
        "m_required_matched": _matched("required_mask", mask),
        "m_required_total": _column(f"{_POSTING}.required_count"),
        "m_nice_matched": _matched("nice_mask", mask),
        "m_nice_total": _column(f"{_POSTING}.nice_count"),
    }


def _bound_components() -> dict[str, Expression]:
    """The best components a candidate missing a required skill can have (see the module docstring)."""
    most = f"(SELECT max(required_count) FROM {_POSTING} WHERE status = %s)"
    return {
        "m_required_matched": _column(f"{most} - 1", (ProjectStatus.OPEN,)),
        "m_required_total": _column(most, (ProjectStatus.OPEN,)),
        "m_nice_matched": Value(1),
        "m_nice_total": Value(1),
        "m_major_fit": Value(True, output_field=BooleanField()),
        "m_weekly_added": Value(0.0, output_field=FloatField()),
        "m_weekly_left": Value(0.0, output_field=FloatField()),
        "m_location": Value("remote", output_field=CharField()),
        "m_deadline": Value("later", output_field=CharField()),
    }


@dataclass(frozen=True)
class RankingInputs:
    """Everything a ranking statement depends on."""

    student: StudentProfile
    closure: tuple[int, ...]
    now: dt.datetime
    limit: int = 20
    offset: int = 0
    given_mask: str | None = None  # stand-ins (see `_stand_in`) bring their own

    @property
    def mask(self) -> str:
        return skill_mask(self.closure) if self.given_mask is None else self.given_mask

    def values(self) -> dict[str, Any]:
        """The values that reach the statement's params, by name (see `_Template`)."""
        student = self.student
        return {
            "student": student.pk,
            "major": student.major,
            "hours": student.weekly_hours_available,
            "time_zone": student.time_zone,
            "university": student.university_id,
            "closure": list(self.closure),
            "mask": self.mask,
            "depth": self.limit + self.offset,
            "limit": self.limit,
            "offset": self.offset,
            **{f"skill{n}": skill_id for n, skill_id in enumerate(self.closure)},
        }


class _Compiled:
    """The SQL of a ranking for `inputs`, compiled by Django (the slow path `_Template` saves)."""

    def __init__(self, inputs: RankingInputs, where: Where) -> None:
        self.query = Query(ProjectPosting)
        self.inputs = inputs
        where_sql, where_params = self.compile_where(where(inputs.student, inputs.now))
        # The student's few applications are read once; a NOT EXISTS per candidate costs an index probe each.
        applied = f"SELECT project_id FROM {_APPLICATION} WHERE student_id = %s"
        self.where = (
            f"{where_sql} AND {_POSTING}.project_id <> ALL(ARRAY({applied}))",
            [*where_params, inputs.student.pk],
        )

    def compile(self, expression: Expression) -> tuple[str, list]:
        compiler = self.query.get_compiler(connection=connection)
        sql, params = compiler.compile(expression.resolve_expression(self.query))
        return sql, list(params)

    def compile_where(self, where: Q) -> tuple[str, list]:
        compiler = self.query.get_compiler(connection=connection)
        sql, params = compiler.compile(self.query.build_where(where))
        return sql, list(params)

    def candidates(self, skill_column: str = "skill_ids") -> tuple[str, list]:
        """FROM and WHERE of the postings sharing a skill of the student's in `skill_column`."""
        sql = f"FROM {_POSTING} WHERE {_POSTING}.{skill_column} && %s::bigint[] AND {self.where[0]}"
        return sql, [list(self.inputs.closure), *self.where[1]]

    def statement(self) -> tuple[str, list]:
        """The ranking with the components of the chosen rows: one row per project, best first."""
        inputs = self.inputs
        side = StudentSide.of(inputs.student, closure=inputs.closure)
        counted = match_components(
            project=ProjectSide.columns(),
            student=side,
            now=inputs.now,
            skill_counts=_skill_counts(inputs.mask),
        )
        named = match_components(project=ProjectSide.columns(), student=side, now=inputs.now, with_names=True)
        components = [self.compile(named[name]) for name in COMPONENTS]
        depth, limit, offset = self.inputs.limit + self.inputs.offset, self.inputs.limit, self.inputs.offset
        score_sql, score_params = self.compile(match_score_expression(counted))
        anchored_sql, anchored_params = self.candidates("anchor_skill_ids")
        matched_sql, matched_params = self.compile(_matched("required_mask", inputs.mask))
        bound_sql, bound_params = self.compile(match_score_expression(_bound_components()))
        every_sql, every_params = self.candidates()
        columns = ", ".join(f"{sql} AS {name}" for (sql, _), name in zip(components, COMPONENTS, strict=True))
        column_params = [param for _, params in components for param in params]
        sql = f"""
            WITH full_match AS MATERIALIZED (
                SELECT project_id, application_deadline, {score_sql} AS match_score
                {anchored_sql} AND {matched_sql} = {_POSTING}.required_count
                ORDER BY {ORDER} LIMIT %s
            ),
            decided AS MATERIALIZED (
                SELECT coalesce(count(*) = %s AND min(match_score) > ({bound_sql}), false) AS enough
                FROM full_match
            ),
            every_match AS MATERIALIZED (
                SELECT project_id, application_deadline, {score_sql} AS match_score
                {every_sql}
                ORDER BY {ORDER} LIMIT %s
            ),
            ranked AS MATERIALIZED (
                SELECT * FROM (
                    SELECT * FROM full_match WHERE (SELECT enough FROM decided)
                    UNION ALL
                    SELECT * FROM every_match WHERE NOT (SELECT enough FROM decided)
                ) AS either
                ORDER BY {ORDER} LIMIT %s OFFSET %s
            )
            SELECT {_POSTING}.project_id, ranked.match_score, {columns}
            FROM ranked JOIN {_POSTING} ON {_POSTING}.project_id = ranked.project_id
            ORDER BY ranked.match_score DESC, ranked.application_deadline ASC, ranked.project_id DESC
        """
        params = [
            *score_params, *anchored_params, *matched_params, depth,
            depth, *bound_params,
            *score_params, *every_params, depth,
            limit, offset,
            *column_params,
        ]  # fmt: skip
        return sql, params


def _stand_in(inputs: RankingInputs, seed: int) -> RankingInputs:
    """`inputs` with every value replaced by a recognisable stand-in of the same type (and shape)."""
    base = -1_000_000 * seed
    student = StudentProfile(
        pk=base - 1,
        major=f"\x1fmajor{seed}",
        weekly_hours_available=base - 2,
        time_zone=f"\x1fzone{seed}/x",
        university_id=base - 3 if inputs.student.university_id is not None else None,
        verified_at=inputs.student.verified_at,
    )
    closure = tuple(base - 100 - n for n in range(len(inputs.closure)))
    now = dt.datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=dt.UTC) + dt.timedelta(days=9 * seed, seconds=seed)
    return RankingInputs(student, closure, now, limit=base - 4, offset=base - 5, given_mask=f"\x1fmask{seed}")


class _Template:
    """A compiled statement with a recipe saying where each param comes from: a constant, one of
    `RankingInputs.values()`, or a date or time at a fixed distance from `now` (today)."""

    def __init__(self, inputs: RankingInputs, where: Where) -> None:
        first, second = _stand_in(inputs, 1), _stand_in(inputs, 2)
        self.sql, params = _Compiled(first, where).statement()
        self.origin = first
        values = first.values()
        self.recipe: list[tuple[str, Any]] = []
        for param in params:
            name = next((key for key, value in values.items() if _same(value, param)), None)
            if name is not None:
                self.recipe.append(("value", (name, type(param))))
            elif isinstance(param, dt.datetime):
                self.recipe.append(("now", param - first.now))
            elif isinstance(param, dt.date):
                self.recipe.append(("today", param - timezone.localdate(first.now)))
            else:
                self.recipe.append(("constant", param))
        second_sql, second_params = _Compiled(second, where).statement()
        self.trusted = second_sql == self.sql and self.params(second) == second_params

    def params(self, inputs: RankingInputs) -> list:
        values, today = inputs.values(), timezone.localdate(inputs.now)
        made = {"value": lambda how: _typed(values[how[0]], how[1]), "now": lambda delta: inputs.now + delta,
                "today": lambda delta: today + delta, "constant": lambda constant: constant}  # fmt: skip
        return [made[kind](how) for kind, how in self.recipe]


def _same(value: Any, param: Any) -> bool:
    """Whether `param` is `value` as the compiler passed it on (ints may come wrapped: psycopg's Int4)."""
    same_kind = isinstance(param, type(value)) or isinstance(value, type(param))
    return same_kind and value == param and not isinstance(value, bool)


def _typed(value: Any, kind: type) -> Any:
    return kind(value) if value is not None and type(value) is not kind else value


_templates: dict[tuple, _Template] = {}


def _statement(inputs: RankingInputs, where: Where) -> tuple[str, list]:
    key = (where, len(inputs.closure), inputs.student.university_id is not None, inputs.student.is_verified)
    template = _templates.get(key)
    if template is None:
        template = _templates[key] = _Template(inputs, where)
    if template.trusted:
        return template.sql, template.params(inputs)
    return _Compiled(inputs, where).statement()


def ranked_matches(*, inputs: RankingInputs, where: Where) -> list[dict[str, Any]]:
    """The projects matching `where(student, now)` that share a skill with the student and that they have
    not applied to, best match first (then the nearest deadline, then the newest id), `limit` of them from
    `offset`: each a dict of `project_id`, `match_score` and the `COMPONENTS` (with skill names)."""
    sql, params = _statement(inputs, where)
    with connection.cursor() as cursor:
        # The rarely run full ranking's estimate lifts the plan over jit_above_cost, and JIT-compiling these
        # expressions takes ~150 ms for a statement that runs in ~15 ms. SET LOCAL in the same round trip
        # lasts for this statement's implicit transaction (or the caller's, when inside one).
        cursor.execute(f"SET LOCAL jit = off; {sql}", params)
        cursor.nextset()
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def ranked_project_count(*, inputs: RankingInputs, where: Where) -> int:
    """How many projects `ranked_matches` ranks in all."""
    sql, params = _Compiled(replace(inputs, limit=0, offset=0), where).candidates()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {sql}", params)
        return cursor.fetchone()[0]
