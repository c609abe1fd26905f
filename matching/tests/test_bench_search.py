"""`bench_search`: it times what the search page runs (the same projects, statement by statement), and prints
one row per search."""

from io import StringIO

import pytest

from matching.management.commands.bench_search import SEARCHES, Command, run_search, timed_statements
from projects.factories import ProjectFactory, SkillFactory
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_search_catalogue():
    python = SkillFactory(name="Python")
    for n in range(25):
        ProjectFactory(published=True, title=f"Clean the data of shop {n}", required_skills=[python])
    ProjectFactory(published=True, title="Map the geospatial routes")
    return python


def test_the_benchmark_runs_the_search_the_page_shows(client, bench_search_catalogue):
    student = StudentProfileFactory(skills=[bench_search_catalogue])
    client.force_login(student.user)
    shown = [project.pk for project in client.get("/projects/", {"q": "data"}).context["page"]]

    with timed_statements() as durations:
        count = run_search(student, {"query": "data"}, 1)

    assert count == len(shown) == 20
    # The exists() probe, the page with its count, the page's skills: each statement timed once.
    assert len(durations) == 3
    assert all(duration > 0 for duration in durations)


def test_the_table_has_a_row_a_search_with_its_statements_and_results(bench_search_catalogue):
    students = StudentProfileFactory.create_batch(2)
    command = Command(stdout=StringIO())
    searches = [*SEARCHES[:2]]

    timings = command.measure(searches, students)
    table = command.table(searches, timings, len(students))

    common, rare = (timings[label] for label, _arguments, _page in searches)
    assert len(common.db_ms) == len(common.total_ms) == 2
    assert common.statements == 3 and common.rows == 40
    assert rare.rows == 2
    assert "| a common word (q=data) | 3 |" in table
    assert "| a rare word (q=geospatial) | 3 |" in table
    assert table.count("\n|") == 4  # the header, its rule and a row a search
