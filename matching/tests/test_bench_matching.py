"""`bench_matching`: the plan of the ranking statement a real call sends (--explain), on the test
database; the seed's project texts, and an old seed's rewritten in place."""

import random
from io import StringIO

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from employers.factories import EmployerFactory
from matching.management import bench_texts
from matching.management.commands.bench_matching import Command
from projects.factories import ProjectFactory, SkillFactory
from projects.models import Project
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


def test_seed_texts_say_data_in_about_a_third_and_geospatial_rarely():
    fields = [field for _ in range(3000) for field in sorted(bench_texts.VOCABULARY)]
    texts = bench_texts.texts_for(fields)

    def share(word: str) -> float:
        return sum(word in " ".join(text).lower().split(" ") or f"{word}." in " ".join(text).lower()
                   for text in texts) / len(texts)  # fmt: skip

    assert texts == bench_texts.texts_for(fields)  # deterministic
    assert 0.27 < share("data") < 0.33
    assert 0.0003 < share("geospatial") < 0.003
    assert len({title for title, _, _ in texts}) > 1000
    assert all(len(title) <= 200 and len(summary) <= 300 for title, summary, _ in texts)


def test_an_old_style_seed_gets_the_fresh_seeds_texts_in_place_and_the_search_finds_them():
    # Four skills a field: the seeder draws up to three distinct ones from a field and its neighbour.
    by_field = {
        field: SkillFactory.create_batch(4, category=field) for field in ("data", "software", "design")
    }
    employers = [EmployerFactory(slug=f"bench-employer-{n}") for n in range(3)]
    outsider = ProjectFactory(published=True, title="Bench project from elsewhere")
    command = Command(stdout=StringIO())
    command.seed_projects(random.Random(1), 300, employers, by_field, sorted(by_field))
    seeded = Project.objects.filter(employer__in=employers).order_by("pk")
    fresh = list(seeded.values_list("title", "summary", "description"))
    assert not bench_texts.has_old_texts() and not command.rewrite_old_texts()
    with connection.cursor() as cursor:  # what the first seeds wrote
        cursor.execute(
            "UPDATE projects_project SET title = 'Bench project ' || id, summary = 'A short piece of work.', "
            "description = '' WHERE employer_id = ANY(%s)",
            [[employer.pk for employer in employers]],
        )
    assert bench_texts.has_old_texts()
    assert not seeded.filter(search_vector=SearchQuery("data", config="english")).exists()

    assert command.rewrite_old_texts()

    assert list(seeded.values_list("title", "summary", "description")) == fresh
    assert not bench_texts.has_old_texts()
    with_data = seeded.filter(description__regex=r"\mdata\M").count()
    assert with_data > 0
    assert seeded.filter(search_vector=SearchQuery("data", config="english")).count() == with_data
    outsider.refresh_from_db()
    assert outsider.title == "Bench project from elsewhere"
