"""Ranking walks each anchor skill's fully matched candidates soonest deadline first and stops early
(matching.ranking): whatever the walk's length, the page is the one ranking every candidate gives."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.utils import timezone

from matching import ranking
from matching.scoring import student_skill_closure
from matching.selectors import _recommendable_q, match_list_for_student
from projects.factories import ProjectFactory, SkillFactory
from projects.models import LocationType, SkillCategory
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

PAGES = [{"limit": 3}, {"limit": 4, "offset": 2}, {"limit": 20}]


def _open(required, days, nice=(), location_type=LocationType.REMOTE):
    return ProjectFactory(
        published=True,
        required_skills=required,
        nice_to_have_skills=nice,
        field=SkillCategory.DATA,
        location_type=location_type,
        location="Berlin" if location_type != LocationType.REMOTE else "",
        application_deadline=timezone.now() + dt.timedelta(days=days),
    )


def _pages(student) -> list[list[tuple[int, int]]]:
    return [
        [(project.pk, match.score) for project, match in match_list_for_student(student=student, **page)]
        for page in PAGES
    ]


def _short_walk(monkeypatch) -> None:
    monkeypatch.setattr(ranking, "WALK_PER_DEPTH", 0)
    monkeypatch.setattr(ranking, "WALK_MIN", 0)


def _whole_walk(monkeypatch) -> None:
    monkeypatch.setattr(ranking, "WALK_MIN", 1_000_000)


def _student_and_skills():
    first, second, missing = SkillFactory(name="Python"), SkillFactory(name="SQL"), SkillFactory(name="Rust")
    student = StudentProfileFactory(skills=[first, second], major="Economics", weekly_hours_available=30)
    return student, first, second, missing


def test_a_walk_cut_short_gives_the_page_of_the_whole_ranking(monkeypatch):
    """The first skill's projects all close before the second's: a walk of two per skill stops early on
    the first, reads on up to the page's last row, and misses nothing."""
    student, first, second, missing = _student_and_skills()
    for day in range(1, 7):
        _open([first], days=day)
        _open([second], days=10 + day)
    _open([first], days=0.5, nice=[missing])  # soonest, but not at the student's best score
    _open([first, second], days=3.5)

    _whole_walk(monkeypatch)
    whole = _pages(student)
    _short_walk(monkeypatch)

    assert _pages(student) == whole
    assert [len(page) for page in whole] == [3, 4, 14]
    assert whole[0][0][1] == 100


def test_a_page_below_the_best_score_is_ranked_from_every_candidate(monkeypatch):
    student, first, second, missing = _student_and_skills()
    _open([first], days=9)
    for day in range(1, 5):
        _open([first], days=day, nice=[missing])
        _open([second], days=day, location_type=LocationType.HYBRID)
    _open([missing], days=2, nice=[second])

    _whole_walk(monkeypatch)
    whole = _pages(student)
    _short_walk(monkeypatch)

    assert _pages(student) == whole
    assert whole[0][0][1] == 100 and whole[0][1][1] < 100


def _plan(student, *, limit: int) -> str:
    inputs = ranking.RankingInputs(
        student, student_skill_closure(student=student), timezone.now(), limit=limit
    )
    sql, params = ranking._statement(inputs, _recommendable_q)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(ranking.STATEMENT_SETTINGS)
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _scans_of(plan: str, cte: str) -> list[str]:
    """The scan lines of the plan's `cte` block."""
    block = plan.split(f"CTE {cte}\n", 1)[1].split("\n  CTE ", 1)[0]
    return [line for line in block.splitlines() if " Scan " in line]


def test_a_proven_walk_never_ranks_every_candidate(monkeypatch):
    student, first, second, _ = _student_and_skills()
    for day in range(1, 7):
        _open([first], days=day)
        _open([second], days=10 + day)
    _short_walk(monkeypatch)

    plan = _plan(student, limit=3)

    assert all("never executed" in line for line in _scans_of(plan, "anchored")), plan
    assert all("never executed" in line for line in _scans_of(plan, "every_match")), plan
