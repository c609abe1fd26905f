"""Match expressions compiled to SQL once per process, then bound to each call's values.

Building and compiling the expressions of `matching.scoring` with Django costs far more than running them:
~45 ms for the one pair of a project page and ~150 ms for a page of applicants, against a few ms of SQL. Yet
the SQL is the same for every call of one *shape* (how many skills each list holds, which optional dates are
missing); only the values differ. So each shape is compiled once with stand-in values (`_Template`), and each
later call puts its own values in their place: every param of the compiled SQL is traced to the stand-in it
came from, to a time at a fixed distance from `now` (or a date from today), or kept as a constant. A second
compilation with other stand-ins must give the same SQL and the params the trace predicts, or the shape is
never trusted and every call compiles afresh (correct, only slower).

matching.ranking does the same for its whole ranking statement (its own `_Template`); this module does it for
named expressions, so they can be selected on their own or annotated on a queryset. Two shapes use it
(matching.selectors): one student against one project's `ProjectPosting` row (`pair_expressions`, the
project page) and one project against its applicants (`applicant_expressions`, ranked with `score_once`).
"""

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, Self

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Expression,
    Field,
    FloatField,
    IntegerField,
    Model,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone

from applications.models import Application
from matching.scoring import ProjectSide, StudentSide, match_annotations, match_score_expression
from projects.models import Project
from students.models import StudentProfile


class Inputs(Protocol):
    """What a prepared set of expressions is built from."""

    now: dt.datetime

    def values(self) -> dict[str, Any]:
        """Every value that may reach the params, by name (the stand-ins' must all differ)."""

    def shape(self) -> Hashable:
        """What changes the SQL itself (list lengths, missing values): one template per shape."""

    def stand_in(self, seed: int) -> Self:
        """The same shape with every value replaced by a recognisable stand-in (`seed` 1 or 2)."""


Build = Callable[[Any], dict[str, Expression]]


@dataclass(frozen=True)
class Compiled:
    """One expression as SQL, with its params and the field that reads its value back."""

    sql: str
    params: list
    output_field: Field


def compile_expressions(model: type[Model], expressions: dict[str, Expression]) -> dict[str, Compiled]:
    """`expressions` compiled against a query over `model` (its table under its own name, as the base table of
    a queryset of `model` is; relations they follow are joined under their table names)."""
    query = Query(model)
    compiled = {}
    for name, expression in expressions.items():
        resolved = expression.resolve_expression(query, allow_joins=True)
        sql, params = _compile_selected(query.get_compiler(connection=connection), resolved)
        compiled[name] = Compiled(sql, list(params), resolved.output_field)
    return compiled


def _compile_selected(compiler: SQLCompiler, expression: Expression) -> tuple[str, tuple]:
    """`expression` as `SQLCompiler.get_select` puts it in a SELECT list: an empty subquery (say, the names
    of a project's nice-to-have skills when it has none) becomes its empty value."""
    try:
        sql, params = compiler.compile(expression)
    except EmptyResultSet:
        empty = getattr(expression, "empty_result_set_value", NotImplemented)
        return ("0", ()) if empty is NotImplemented else compiler.compile(Value(empty))
    except FullResultSet:
        return compiler.compile(Value(True))
    return expression.select_format(compiler, sql, params)


@dataclass(frozen=True)
class _Trace:
    """Where one param comes from: "value" (name, type), "now" (timedelta), "today" (timedelta) or
    "constant" (the param itself)."""

    kind: str
    how: Any


class _Template:
    def __init__(self, model: type[Model], build: Build, inputs: Inputs) -> None:
        first, second = inputs.stand_in(1), inputs.stand_in(2)
        self.compiled = compile_expressions(model, build(first))
        values, today = first.values(), timezone.localdate(first.now)
        self.traces = {
            name: [_trace(param, values, first.now, today) for param in compiled.params]
            for name, compiled in self.compiled.items()
        }
        again = compile_expressions(model, build(second))
        self.trusted = list(again) == list(self.compiled) and all(
            again[name].sql == compiled.sql and self.params(name, second) == again[name].params
            for name, compiled in self.compiled.items()
        )

    def params(self, name: str, inputs: Inputs) -> list:
        values, today = inputs.values(), timezone.localdate(inputs.now)
        made = {
            "value": lambda how: _typed(values[how[0]], how[1]),
            "now": lambda delta: inputs.now + delta,
            "today": lambda delta: today + delta,
            "constant": lambda constant: constant,
        }
        return [made[trace.kind](trace.how) for trace in self.traces[name]]

    def bind(self, inputs: Inputs) -> dict[str, Compiled]:
        return {
            name: Compiled(compiled.sql, self.params(name, inputs), compiled.output_field)
            for name, compiled in self.compiled.items()
        }


def _trace(param: Any, values: dict[str, Any], now: dt.datetime, today: dt.date) -> _Trace:
    name = next((key for key, value in values.items() if _same(value, param)), None)
    if name is not None:
        return _Trace("value", (name, type(param)))
    if isinstance(param, dt.datetime):
        return _Trace("now", param - now)
    if isinstance(param, dt.date):
        return _Trace("today", param - today)
    return _Trace("constant", param)


def _same(value: Any, param: Any) -> bool:
    """Whether `param` is `value` as the compiler passed it on (ints may come wrapped: psycopg's Int4)."""
    same_kind = isinstance(param, type(value)) or isinstance(value, type(param))
    return same_kind and value == param and not isinstance(value, bool)


def _typed(value: Any, kind: type) -> Any:
    return kind(value) if value is not None and type(value) is not kind else value


_templates: dict[tuple, _Template] = {}


def prepared_expressions(model: type[Model], build: Build, inputs: Inputs) -> dict[str, Compiled]:
    """`build(inputs)` compiled against `model` (see `compile_expressions`): from the template of its shape,
    compiled once per process, or compiled now when that template cannot be trusted."""
    key = (model, build, inputs.shape())
    template = _templates.get(key)
    if template is None:
        template = _templates[key] = _Template(model, build, inputs)
    if template.trusted:
        return template.bind(inputs)
    return compile_expressions(model, build(inputs))


def prepared_is_trusted(model: type[Model], build: Build, inputs: Inputs) -> bool:
    """Whether calls of this shape use the compiled template (for tests)."""
    prepared_expressions(model, build, inputs)
    return _templates[(model, build, inputs.shape())].trusted


# --- The two shapes the pages use: one student against one project, one project against its applicants ---


@dataclass(frozen=True)
class PairInputs:
    """One student (with their skill closure) against any project: `pair_expressions` of `prepared`."""

    student: StudentProfile
    closure: tuple[int, ...]
    now: dt.datetime

    def values(self) -> dict[str, Any]:
        student = self.student
        return {
            "student": student.pk,
            "major": student.major,
            "hours": student.weekly_hours_available,
            "time_zone": student.time_zone,
            **{f"skill{n}": skill_id for n, skill_id in enumerate(self.closure)},
        }

    def shape(self) -> int:
        return len(self.closure)

    def stand_in(self, seed: int) -> Self:
        base = -1_000_000 * seed
        student = StudentProfile(
            pk=base - 1,
            major=f"\x1fmajor{seed}",
            weekly_hours_available=base - 2,
            time_zone=f"\x1fzone{seed}/x",
        )
        closure = tuple(base - 100 - n for n in range(len(self.closure)))
        return PairInputs(student, closure, _stand_in_now(seed))


def pair_expressions(inputs: PairInputs) -> dict[str, Expression]:
    """The match of `inputs.student` with the project of each queried `ProjectPosting` row, with names."""
    student = StudentSide.of(inputs.student, closure=inputs.closure)
    return match_annotations(project=ProjectSide.columns(), student=student, now=inputs.now, with_names=True)


@dataclass(frozen=True)
class ApplicantsInputs:
    """One project (with its skill ids) against its applicants: `applicant_expressions` of `prepared`."""

    project: Project
    skill_ids: tuple[tuple[int, ...], tuple[int, ...]]
    now: dt.datetime

    def values(self) -> dict[str, Any]:
        project = self.project
        required, nice = self.skill_ids
        return {
            "field": project.field,
            "hours": project.estimated_hours,
            "due_date": project.due_date,
            "location_type": project.location_type,
            "location": project.location,
            "deadline": project.application_deadline,
            **{f"required{n}": skill_id for n, skill_id in enumerate(required)},
            **{f"nice{n}": skill_id for n, skill_id in enumerate(nice)},
        }

    def shape(self) -> tuple:
        project = self.project
        required, nice = self.skill_ids
        return len(required), len(nice), project.due_date is None, project.application_deadline is None

    def stand_in(self, seed: int) -> Self:
        base = -1_000_000 * seed
        project = self.project
        stand_in = Project(
            pk=base - 1,
            field=f"\x1ffield{seed}",
            estimated_hours=base - 2,
            due_date=None if project.due_date is None else dt.date(1950 + seed, seed, 10 + seed),
            location_type=f"\x1ftype{seed}",
            location=f"\x1flocation{seed}",
            application_deadline=None
            if project.application_deadline is None
            else dt.datetime(1960 + seed, seed, 20 + seed, seed, seed, tzinfo=dt.UTC),
        )
        required, nice = self.skill_ids
        ids = (
            tuple(base - 100 - n for n in range(len(required))),
            tuple(base - 200 - n for n in range(len(nice))),
        )
        return ApplicantsInputs(stand_in, ids, _stand_in_now(seed))


def applicant_expressions(inputs: ApplicantsInputs) -> dict[str, Expression]:
    """The match of each queried Application's student with `inputs.project`, with names."""
    project = ProjectSide.of(inputs.project, skill_ids=inputs.skill_ids)
    student = StudentSide.columns(prefix="student__")
    return match_annotations(project=project, student=student, now=inputs.now, with_names=True)


def _stand_in_now(seed: int) -> dt.datetime:
    return dt.datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=dt.UTC) + dt.timedelta(days=9 * seed, seconds=seed)


# The components `match_score_expression` reads, each computed once per row by `score_once`.
_SCORED = {
    "m_required_matched": IntegerField(),
    "m_required_total": IntegerField(),
    "m_nice_matched": IntegerField(),
    "m_nice_total": IntegerField(),
    "m_major_fit": BooleanField(),
    "m_weekly_added": FloatField(),
    "m_weekly_left": FloatField(),
    "m_location": CharField(),
    "m_deadline": CharField(),
}


@cache
def _score_of_components() -> tuple[str, list]:
    """`match_score_expression` over the columns of the derived table `m_components` (see `score_once`)."""
    columns = {
        name: RawSQL(f"m_components.{name}", [], output_field=field) for name, field in _SCORED.items()
    }
    (compiled,) = compile_expressions(Application, {"score": match_score_expression(columns)}).values()
    return compiled.sql, compiled.params


def score_once(compiled: dict[str, Compiled]) -> RawSQL:
    """`match_score` for the row, from its components computed once: inlined, the score would compute the
    skill counts twice and the hours left after engagements three times, each a subquery, for every
    applicant sorted. `OFFSET 0` keeps PostgreSQL from inlining the derived table all the same."""
    components = ", ".join(f"{compiled[name].sql} AS {name}" for name in _SCORED)
    component_params = [param for name in _SCORED for param in compiled[name].params]
    score_sql, score_params = _score_of_components()
    return RawSQL(
        f"SELECT {score_sql} FROM (SELECT {components} OFFSET 0) AS m_components",
        [*score_params, *component_params],
        output_field=IntegerField(),
    )
