"""`bench_matching --explain`: the plan of the ranking statement a real call sends, on the test database."""

from io import StringIO

import pytest

from matching.management.commands.bench_matching import Command
from projects.factories import ProjectFactory, SkillFactory
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


def test_explain_prints_the_plan_of_the_ranking_statement():
    python, sql = SkillFactory(name="Python"), SkillFactory(name="SQL")
    student = StudentProfileFactory(skills=[python, sql])
    ProjectFactory(published=True, required_skills=[python])
    ProjectFactory(published=True, required_skills=[sql], nice_to_have_skills=[python])
    out = StringIO()

    Command(stdout=out).explain(student)

    plan = out.getvalue()
    assert "CTE full_match" in plan
    assert "Execution Time" in plan
