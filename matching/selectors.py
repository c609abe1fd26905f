"""Reads built on the match score: recommendations for a student, "why this matches you" on a project page,
and applicants ranked by match for an employer. The score and its reasons come from matching.scoring, its
SQL compiled once per process (matching.ranking for recommendations, matching.prepared for the others)."""

import datetime as dt
from collections.abc import Sequence
from types import SimpleNamespace

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from applications.models import Application
from matching.models import ProjectPosting
from matching.prepared import (
    ApplicantsInputs,
    PairInputs,
    applicant_expressions,
    pair_expressions,
    prepared_expressions,
    score_once,
)
from matching.ranking import COMPONENTS, RankingInputs, Where, ranked_matches, ranked_project_count
from matching.reasons import Match, match_from_row
from matching.scoring import project_skill_ids, student_skill_closure
from projects.models import Project
from projects.selectors import project_open_to_student_q
from students.models import StudentProfile


def _recommendable_q(student: StudentProfile, now: dt.datetime) -> Q:
    """Projects `student` may see and can still apply to: open, deadline ahead (as the search page)."""
    return project_open_to_student_q(student=student, now=now)


def match_list_for_student(
    *,
    student: StudentProfile,
    limit: int = 20,
    offset: int = 0,
    now: dt.datetime | None = None,
    where: Where = _recommendable_q,
) -> list[tuple[Project, Match]]:
    """The best projects for `student` with their matches, `limit` of them from `offset` ("Recommended for
    you"): open projects they may see and have not applied to, sharing at least one skill with them (a
    project sharing none scores 0), best match first, then the nearest deadline.

    Three queries however many projects: the student's skill closure, the ranking over every candidate with
    the components and skill names of the chosen ones (matching.ranking), and the chosen projects.

    `where` narrows the candidates further (exploration's "paths you have not tried"): a module-level
    function of (student, now) returning a Q over `ProjectPosting` that implies `_recommendable_q`, since
    each function's statement is compiled once per process with stand-in values (matching.ranking). It
    must read the student only through their columns (`student.pk`...), never bake in per-student lists.
    """
    closure = student_skill_closure(student=student)
    if not closure:
        return []
    inputs = RankingInputs(student, closure, now or timezone.now(), limit=limit, offset=offset)
    rows = ranked_matches(inputs=inputs, where=where)
    if not rows:
        return []
    found = Project.objects.filter(pk__in=[row["project_id"] for row in rows]).select_related("employer")
    projects = found.in_bulk()
    matches = []
    for row in rows:
        project = projects.get(row["project_id"])
        if project is None:
            continue
        for name in (*COMPONENTS, "match_score"):
            setattr(project, name, row[name])
        matches.append((project, match_from_row(project, project=project, student=student)))
    return matches


def match_count_for_student(*, student: StudentProfile, now: dt.datetime | None = None) -> int:
    """How many projects `match_list_for_student` ranks for `student` in all (for paging)."""
    closure = student_skill_closure(student=student)
    if not closure:
        return 0
    inputs = RankingInputs(student, closure, now or timezone.now())
    return ranked_project_count(inputs=inputs, where=_recommendable_q)


def match_for_student_and_project(
    *, student: StudentProfile, project: Project, now: dt.datetime | None = None
) -> Match:
    """How well `project` matches `student`, whatever its status (the project page's "why this matches
    you"); call it only for a project the student may see.

    Two queries: the student's skill closure, then the pair scored from the project's `ProjectPosting` row
    by the statement `prepared` keeps compiled (the same expressions as everywhere, see `pair_expressions`).
    """
    inputs = PairInputs(student, student_skill_closure(student=student), now or timezone.now())
    compiled = prepared_expressions(ProjectPosting, pair_expressions, inputs)
    table = ProjectPosting._meta.db_table
    columns = ", ".join(f"{expression.sql} AS {name}" for name, expression in compiled.items())
    params = [param for expression in compiled.values() for param in expression.params]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {table}.project_id = %s", [*params, project.pk])
        values = cursor.fetchone()
    if values is None:
        raise ProjectPosting.DoesNotExist(f"No posting row for project {project.pk}.")
    row = SimpleNamespace(**dict(zip(compiled, values, strict=True)))
    return match_from_row(row, project=project, student=student)


# Names the join to the applicant's student that the prepared applicant expressions read (see below).
_STUDENT_JOIN = "_match_student_join"


def application_list_annotate_match(
    applications: QuerySet[Application], *, project: Project, now: dt.datetime | None = None
) -> QuerySet[Application]:
    """`applications` (all to `project`) annotated with the match of each applicant and `match_score`, so the
    applicants list can sort by best match in SQL. One small query reads the project's skills first.

    The annotations are `applicant_expressions` as `prepared` keeps them compiled, which read the student's
    columns under the table's own name: the join is made here and checked to have that name (otherwise,
    say under another join to the same table, the expressions are compiled for this queryset afresh). Being
    raw SQL under those names, the annotations do not follow the queryset into a subquery (`pk__in=`).
    """
    inputs = ApplicantsInputs(project, project_skill_ids(project=project), now or timezone.now())
    compiled = prepared_expressions(Application, applicant_expressions, inputs)
    joined = applications.alias(**{_STUDENT_JOIN: F("student__major")})
    query = joined.query
    if (
        query.base_table != Application._meta.db_table
        or query.annotations[_STUDENT_JOIN].alias != StudentProfile._meta.db_table
    ):
        return applications.annotate(**applicant_expressions(inputs))
    annotations = {
        name: RawSQL(expression.sql, expression.params, output_field=expression.output_field)
        for name, expression in compiled.items()
    }
    return joined.annotate(**{**annotations, "match_score": score_once(compiled)})


def match_by_application(
    *, project: Project, applications: Sequence[Application], now: dt.datetime | None = None
) -> dict[int, Match]:
    """The match of each applicant to `project`, by application id, for the employer.

    Applications from `application_list_annotate_match` are read as they are; others cost one query for
    the whole page (plus the one that reads the project's skills), never one per row. Each application's
    `student` should be loaded (select_related) by the caller.
    """
    applications = list(applications)
    if not applications:
        return {}
    if all(hasattr(application, "match_score") for application in applications):
        rows = {application.pk: application for application in applications}
    else:
        annotated = application_list_annotate_match(
            Application.objects.filter(pk__in=[application.pk for application in applications]),
            project=project,
            now=now,
        )
        rows = {row.pk: row for row in annotated}
    return {
        application.pk: match_from_row(
            rows[application.pk], project=project, student=application.student, audience="employer"
        )
        for application in applications
        if application.pk in rows
    }
