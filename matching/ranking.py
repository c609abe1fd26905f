"""Ranking every candidate project for one student in one set-based query.

Scoring each candidate with correlated subqueries (four skill counts per row) costs several index probes per
project; a student with popular skills shares one with tens of thousands of projects. Here the counts come
from one pass instead: the project-skill rows of the student's skills are found through the skill_id
indexes and summed per project (`hits`), the totals come from `ProjectSkillCount`, and the project row is
joined once. The score itself is `match_score_expression` compiled to SQL, the same definition every other
query uses; only where the four skill counts come from differs.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, Expression, IntegerField, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query

from applications.models import Application
from matching.models import ProjectSkillCount
from matching.scoring import ProjectSide, StudentSide, match_components, match_score_expression
from projects.models import Project

_COUNTS = ProjectSkillCount._meta.db_table
_REQUIRED = Project.required_skills.through._meta.db_table
_NICE = Project.nice_to_have_skills.through._meta.db_table
_PROJECT = Project._meta.db_table


def _skill_counts() -> dict[str, Expression]:
    def column(sql: str) -> RawSQL:
        return RawSQL(sql, [], output_field=IntegerField())

    return {
        "m_required_matched": column("hits.m_required"),
        "m_required_total": column(f"COALESCE({_COUNTS}.required_count, 0)"),
        "m_nice_matched": column("hits.m_nice"),
        "m_nice_total": column(f"COALESCE({_COUNTS}.nice_count, 0)"),
    }


def _compile(query: Query, node) -> tuple[str, list]:
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(node)
    return sql, list(params)


@dataclass(frozen=True)
class _Ranking:
    body: str  # FROM and WHERE, after a `{select}` placeholder
    closure: list[int]
    score_sql: str
    score_params: list
    where_params: list


def _ranking(*, student: StudentSide, student_pk: int, where: Q, now: dt.datetime) -> _Ranking:
    query = Query(Project)
    components = match_components(
        project=ProjectSide.columns(), student=student, now=now, skill_counts=_skill_counts()
    )
    score = match_score_expression(components).resolve_expression(query)
    applied = Exists(Application.objects.filter(student_id=student_pk, project_id=OuterRef("pk")))
    where_sql, where_params = _compile(query, query.build_where(where & ~Q(applied)))
    score_sql, score_params = _compile(query, score)
    body = f"""
        WITH hits AS (
            SELECT project_id, sum(is_required) AS m_required, sum(is_nice) AS m_nice FROM (
                SELECT project_id, 1 AS is_required, 0 AS is_nice FROM {_REQUIRED} WHERE skill_id = ANY(%s)
                UNION ALL
                SELECT project_id, 0, 1 FROM {_NICE} WHERE skill_id = ANY(%s)
            ) AS skill_rows GROUP BY project_id
        )
        SELECT {{select}}
        FROM hits
        JOIN {_PROJECT} ON {_PROJECT}.id = hits.project_id
        LEFT JOIN {_COUNTS} ON {_COUNTS}.project_id = hits.project_id
        WHERE {where_sql}
    """
    closure = list(student.skill_closure or ())
    return _Ranking(body, closure, score_sql, score_params, where_params)


def ranked_project_ids(
    *, student: StudentSide, student_pk: int, where: Q, now: dt.datetime, limit: int, offset: int = 0
) -> list[int]:
    """The ids of the projects matching `where` and sharing a skill with the student, best match first
    (then the nearest deadline, then the newest id), `limit` of them from `offset`; not applied to yet."""
    ranking = _ranking(student=student, student_pk=student_pk, where=where, now=now)
    sql = (
        ranking.body.replace("{select}", f"{_PROJECT}.id, {ranking.score_sql} AS match_score")
        + f" ORDER BY match_score DESC, {_PROJECT}.application_deadline ASC, {_PROJECT}.id DESC"
        + " LIMIT %s OFFSET %s"
    )
    params = [ranking.closure, ranking.closure, *ranking.score_params, *ranking.where_params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def ranked_project_count(*, student: StudentSide, student_pk: int, where: Q, now: dt.datetime) -> int:
    """How many projects `ranked_project_ids` ranks in all."""
    ranking = _ranking(student=student, student_pk=student_pk, where=where, now=now)
    with connection.cursor() as cursor:
        cursor.execute(
            ranking.body.replace("{select}", "count(*)"),
            [ranking.closure, ranking.closure, *ranking.where_params],
        )
        return cursor.fetchone()[0]
