"""The project templates teach good scoping: each one is complete, uses real skills and can be published."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from employers.factories import EmployerFactory
from projects.blueprints import BLANK, BLUEPRINTS, blueprint_get
from projects.models import Project, SkillCategory
from projects.selectors import project_publish_checks
from projects.skills_taxonomy import SKILLS

TAXONOMY_SLUGS = {slugify(name) for name, _category, _synonyms in SKILLS}


def test_there_are_at_least_six_templates_with_unique_slugs():
    slugs = [blueprint.slug for blueprint in BLUEPRINTS]
    assert len(slugs) >= 6
    assert len(set(slugs)) == len(slugs)
    assert BLANK not in slugs
    assert all(slug == slugify(slug) for slug in slugs)


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda blueprint: blueprint.slug)
def test_each_template_is_a_complete_lesson_in_scoping(blueprint):
    rules = settings.MARKETPLACE
    assert blueprint.name and blueprint.good_for and blueprint.title and blueprint.summary
    for heading in ("Goal", "Context", "What good looks like"):
        assert heading in blueprint.description
    assert 3 <= len(blueprint.deliverables) <= 5
    assert rules["MIN_PROJECT_HOURS"] <= blueprint.estimated_hours <= rules["MAX_PROJECT_HOURS"]
    assert blueprint.fee_per_hour_hint >= rules["MIN_FEE_PER_HOUR"]
    assert blueprint.field in SkillCategory.values
    assert 1 <= len(blueprint.screening_questions) <= 2
    assert blueprint.tips
    assert len(blueprint.summary) <= Project._meta.get_field("summary").max_length
    assert len(blueprint.title) <= Project._meta.get_field("title").max_length


@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda blueprint: blueprint.slug)
def test_each_template_names_skills_of_the_taxonomy(blueprint):
    assert blueprint.required_skills
    assert set(blueprint.required_skills) <= TAXONOMY_SLUGS
    assert set(blueprint.nice_to_have_skills) <= TAXONOMY_SLUGS
    assert not set(blueprint.required_skills) & set(blueprint.nice_to_have_skills)


@pytest.mark.django_db
@pytest.mark.parametrize("blueprint", BLUEPRINTS, ids=lambda blueprint: blueprint.slug)
def test_each_template_passes_the_publishing_checks_once_dates_are_set(blueprint):
    initial = blueprint.initial()
    assert [skill.slug for skill in initial["required_skills"]] == list(blueprint.required_skills)
    assert [skill.slug for skill in initial["nice_to_have_skills"]] == list(blueprint.nice_to_have_skills)
    project = Project(
        employer=EmployerFactory(),
        title=initial["title"],
        summary=initial["summary"],
        description=initial["description"],
        deliverables=list(blueprint.deliverables),
        field=initial["field"],
        estimated_hours=initial["estimated_hours"],
        fee=initial["fee"],
        currency=settings.MARKETPLACE["DEFAULT_CURRENCY"],
        screening_questions=list(blueprint.screening_questions),
        application_deadline=timezone.now() + dt.timedelta(days=14),
        due_date=timezone.localdate() + dt.timedelta(days=40),
    )
    project.full_clean(exclude=["employer", "created_by"], validate_unique=False, validate_constraints=False)
    assert project_publish_checks(project=project) == []
    assert project.fee == blueprint.fee_per_hour_hint * blueprint.estimated_hours


def test_blueprint_get_finds_a_template_by_slug_and_nothing_else():
    assert blueprint_get(BLUEPRINTS[0].slug) is BLUEPRINTS[0]
    assert blueprint_get("no-such-template") is None
    assert blueprint_get(BLANK) is None
    assert BLUEPRINTS[0].suggested_fee == (BLUEPRINTS[0].fee_per_hour_hint * BLUEPRINTS[0].estimated_hours)
    assert isinstance(BLUEPRINTS[0].suggested_fee, Decimal)
