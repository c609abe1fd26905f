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

Even `full` grows with the catalogue (every open project anchored on one of the student's skills), so it is
found by a walk whose length does not: each anchor skill's fully matched candidates are read soonest
deadline first (the index `posting_open_anchor_deadline`), `walk` of them per skill (about
`WALK_PER_DEPTH` per row of the page, shared among the skills), with the few projects that require no skill
read whole. The best `limit + offset` of what was read are the best of `full` when it is proven, and only
then:

- `best` is the most any candidate can score for this student (every component at its best, except what
  the student alone decides: their major fits some field, the hours they have left). When the page read so
  far is all at `best`, its last row `end` can only be displaced by a row ordered before it, i.e. with an
  earlier deadline (or the same one and a higher id);
- so each skill whose walk stopped early is read on from where it stopped up to `end` (`walked_on`, a
  range of the same index), and then no row left unread can reach the page: the page is exact;
- when the page read is not all at `best` (a student whose best projects are few), a skill that stopped
  early might hide a better row anywhere later: `full` is ranked whole, as before.

On 100,000 projects 199 students of 200 are proven by the walk; the page never differs from the whole
ranking (matching/tests/test_ranking_walk.py checks it with a walk of two rows). The walk reads a few
hundred index rows whatever the catalogue's size; the fallbacks stay linear, for the rare students they serve.

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
from django.db.models import BooleanField, CharField, Expression, FloatField, Func, IntegerField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query
from django.utils import timezone

from applications.models import Application
from matching.models import ProjectPosting
from matching.scoring import (
    FIELD_MAJOR_PATTERNS,
    ProjectSide,
    StudentSide,
    match_components,
    match_score_expression,
)
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

# Sent in front of the ranking statement, in the same round trip (`ranked_matches`): the rarely run full
# ranking's estimate lifts the plan over jit_above_cost, and JIT-compiling these expressions takes ~150 ms
# for a statement that runs in ~15 ms. SET LOCAL lasts for the statement's implicit transaction (or the
# caller's, when inside one). Whoever runs the statement otherwise (EXPLAIN) sends this first, on its own.
STATEMENT_SETTINGS = "SET LOCAL jit = off; "


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


# The walk reads about WALK_PER_DEPTH rows per row of the page (`limit + offset`) in all, shared among the
# student's skills, and at least the page's depth (and WALK_MIN) per skill: enough that the page is nearly
# always proven by the first reading (see the module docstring), few enough to stay a small fixed amount of
# work. Only speed depends on these: the page is exact whatever they are.
WALK_PER_DEPTH = 16
WALK_MIN = 10
# A major fits some field: the OR of every field's pattern (`m_major_fit` at its best for this student).
_ANY_FIELD_PATTERN = "|".join(FIELD_MAJOR_PATTERNS.values())


def _best_components(student: StudentSide, counted: dict[str, Expression]) -> dict[str, Expression]:
    """The best components any fully matched candidate can have for this student: everything at its best,
    except what the student alone decides (does their major fit any field; have they hours left)."""
    return {
        "m_required_matched": Value(1),
        "m_required_total": Value(1),
        "m_nice_matched": Value(1),
        "m_nice_total": Value(1),
        "m_major_fit": Func(
            student.major,
            Value(_ANY_FIELD_PATTERN),
            template="(%(expressions)s)",
            arg_joiner=" ~* ",
            output_field=BooleanField(),
        ),
        # No project adds fewer hours than none: with the student's own hours left, the best hours share.
        "m_weekly_added": Value(0.0, output_field=FloatField()),
        "m_weekly_left": counted["m_weekly_left"],
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
    given_walk: int | None = None

    @property
    def walk(self) -> int:
        """How many fully matched candidates to read per anchor skill, soonest deadline first."""
        if self.given_walk is not None:
            return self.given_walk
        depth = self.limit + self.offset
        return max(-(-WALK_PER_DEPTH * depth // max(1, len(self.closure))), depth, WALK_MIN)

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
            "walk": self.walk,
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

    def walk_candidates(self) -> tuple[str, list]:
        """FROM and WHERE of one anchor skill's fully matched candidates (`anchor.skill` of the caller's
        FROM), in the order of the index `posting_open_anchor_deadline`."""
        matched_sql, matched_params = self.compile(_matched("required_mask", self.inputs.mask))
        sql = (
            f"FROM {_POSTING} WHERE ({_POSTING}.anchor_skill_ids)[1] = anchor.skill "
            f"AND {_POSTING}.required_count > 0 AND {self.where[0]} "
            f"AND {matched_sql} >= {_POSTING}.required_count"
        )
        return sql, [*self.where[1], *matched_params]

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
        walk_sql, walk_params = self.walk_candidates()
        best_sql, best_params = self.compile(match_score_expression(_best_components(side, counted)))
        anchored_sql, anchored_params = self.candidates("anchor_skill_ids")
        matched_sql, matched_params = self.compile(_matched("required_mask", inputs.mask))
        bound_sql, bound_params = self.compile(match_score_expression(_bound_components()))
        every_sql, every_params = self.candidates()
        columns = ", ".join(f"{sql} AS {name}" for (sql, _), name in zip(components, COMPONENTS, strict=True))
        column_params = [param for _, params in components for param in params]
        last_first = "application_deadline DESC, project_id ASC"
        sql = f"""
            WITH walked AS MATERIALIZED (
                SELECT anchor.skill, walk.project_id, walk.application_deadline, walk.match_score
                FROM unnest(%s::bigint[]) AS anchor(skill)
                CROSS JOIN LATERAL (
                    SELECT project_id, application_deadline, {score_sql} AS match_score
                    {walk_sql}
                    ORDER BY {_POSTING}.application_deadline ASC, {_POSTING}.project_id DESC LIMIT %s
                ) AS walk
            ),
            walk_top AS MATERIALIZED (
                SELECT project_id, application_deadline, match_score FROM walked
                UNION ALL
                SELECT project_id, application_deadline, {score_sql} AS match_score
                {anchored_sql} AND {_POSTING}.required_count = 0
                ORDER BY {ORDER} LIMIT %s
            ),
            walk_end AS MATERIALIZED (
                SELECT application_deadline, project_id FROM walk_top
                WHERE (SELECT count(*) FROM walk_top) = %s
                  AND (SELECT min(match_score) FROM walk_top) >= ({best_sql})
                ORDER BY {last_first} LIMIT 1
            ),
            cut_short AS MATERIALIZED (
                SELECT last_walked.skill, last_walked.application_deadline, last_walked.project_id FROM (
                    SELECT DISTINCT ON (skill) skill, application_deadline, project_id,
                           count(*) OVER (PARTITION BY skill) AS walked_count
                    FROM walked ORDER BY skill, {last_first}
                ) AS last_walked
                WHERE last_walked.walked_count >= %s
            ),
            walked_on AS MATERIALIZED (
                SELECT walk.* FROM cut_short AS anchor CROSS JOIN walk_end
                CROSS JOIN LATERAL (
                    SELECT project_id, application_deadline, {score_sql} AS match_score
                    {walk_sql}
                    AND {_POSTING}.application_deadline >= anchor.application_deadline
                    AND {_POSTING}.application_deadline <= walk_end.application_deadline
                    AND ROW({_POSTING}.application_deadline, -{_POSTING}.project_id)
                        > ROW(anchor.application_deadline, -anchor.project_id)
                    AND ROW({_POSTING}.application_deadline, -{_POSTING}.project_id)
                        <= ROW(walk_end.application_deadline, -walk_end.project_id)
                ) AS walk
            ),
            walk_sure AS MATERIALIZED (
                SELECT NOT EXISTS (SELECT 1 FROM cut_short) OR EXISTS (SELECT 1 FROM walk_end) AS sure
            ),
            anchored AS MATERIALIZED (
                SELECT project_id, application_deadline, {score_sql} AS match_score
                {anchored_sql} AND {matched_sql} = {_POSTING}.required_count
                ORDER BY {ORDER} LIMIT %s
            ),
            full_match AS MATERIALIZED (
                (
                    SELECT * FROM walk_top WHERE (SELECT sure FROM walk_sure)
                    UNION ALL
                    SELECT * FROM walked_on WHERE (SELECT sure FROM walk_sure)
                    ORDER BY {ORDER} LIMIT %s
                )
                UNION ALL
                SELECT * FROM anchored WHERE NOT (SELECT sure FROM walk_sure)
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
            list(inputs.closure), *score_params, *walk_params, inputs.walk,
            *score_params, *anchored_params, depth,
            depth, *best_params,
            inputs.walk,
            *score_params, *walk_params,
            *score_params, *anchored_params, *matched_params, depth,
            depth,
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
    return RankingInputs(
        student,
        closure,
        now,
        limit=base - 4,
        offset=base - 5,
        given_mask=f"\x1fmask{seed}",
        given_walk=base - 6,
    )


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
        cursor.execute(f"{STATEMENT_SETTINGS}{sql}", params)
        cursor.nextset()
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def ranked_project_count(*, inputs: RankingInputs, where: Where) -> int:
    """How many projects `ranked_matches` ranks in all."""
    sql, params = _Compiled(replace(inputs, limit=0, offset=0), where).candidates()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {sql}", params)
        return cursor.fetchone()[0]
