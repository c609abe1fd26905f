"""The search page's filter fields are rendered once per variant and kept (search.html, under
`ProjectSearchForm.filters_cache_key`), and the employer list is kept per audience under a key written out
from what the visibility rule reads of the student (`employer_choices_cache_key`): what a student sees must
stay what they would see without either."""

import datetime as dt
import hashlib

import pytest
from django.core.cache import cache

from employers.factories import EmployerFactory
from employers.models import Employer
from projects.forms_search import PlainSelect, ProjectSearchForm
from projects.models import ProjectAudienceMember, Skill, SkillCategory, Visibility
from projects.selectors_search import employer_choices_cache_key, employer_list_for_search
from projects.tests.searching import open_project, search
from students.factories import StudentProfileFactory
from universities.factories import PartnershipFactory, UniversityFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db


def filter_fields(html: str) -> str:
    """The page's filter fields, the part kept in the cache."""
    start = html.index('<div class="search-filter-fields">')
    return html[start : html.index('<div class="form-actions">', start)]


@pytest.fixture
def counted_renders(monkeypatch) -> list[str]:
    """The names of the `PlainSelect`s rendered (sort, field, employer), in order."""
    names: list[str] = []
    render = PlainSelect.render

    def counting(self, name, *args, **kwargs):
        names.append(name)
        return render(self, name, *args, **kwargs)

    monkeypatch.setattr(PlainSelect, "render", counting)
    return names


def test_the_filter_fields_are_rendered_once_per_variant(client, searcher, counted_renders):
    open_project(employer=EmployerFactory(name="Acme", slug="acme"), title="Survey")

    first = search(client, q="survey").content.decode()
    again = search(client, q="data", sort="fee").content.decode()  # the text and the sort are not filters

    assert counted_renders.count("employer") == 1 and counted_renders.count("sort") == 2
    assert filter_fields(again) == filter_fields(first)
    assert '<option value="acme">Acme</option>' in filter_fields(again)


def test_each_variant_keeps_its_values_and_errors(client, searcher, counted_renders):
    open_project(employer=EmployerFactory(name="Acme", slug="acme"))

    chosen = filter_fields(search(client, employer="acme", hours_max="20").content.decode())
    wrong = filter_fields(search(client, hours_min="30", hours_max="20").content.decode())
    plain = filter_fields(search(client).content.decode())

    assert counted_renders.count("employer") == 3
    assert '<option value="acme" selected>Acme</option>' in chosen and 'value="20"' in chosen
    assert "The most hours must not be below the least hours." in wrong
    assert " selected>Acme" not in plain and "must not be below" not in plain
    assert filter_fields(search(client, employer="acme", hours_max="20").content.decode()) == chosen
    assert counted_renders.count("employer") == 3


def test_a_changed_employer_list_or_taxonomy_shows_at_once(client, searcher):
    open_project(employer=EmployerFactory(name="Acme", slug="acme"))
    search(client)

    open_project(employer=EmployerFactory(name="Newcomer Inc", slug="newcomer"))
    cache.delete(employer_choices_cache_key(student=searcher))  # the list's own minute is over
    Skill.objects.create(name="Zeppelin piloting", slug="zeppelin-piloting", category=SkillCategory.DATA)
    html = filter_fields(search(client).content.decode())

    assert '<option value="newcomer">Newcomer Inc</option>' in html
    assert "<li>Zeppelin piloting</li>" in html


def test_a_visitor_gets_the_fields_without_the_skills_filter(client, searcher):
    open_project(employer=EmployerFactory(name="Acme", slug="acme"))
    signed_in = filter_fields(search(client).content.decode())
    client.logout()
    visitor = filter_fields(search(client).content.decode())

    assert 'name="skills"' in signed_in and 'name="skills"' not in visitor
    assert '<option value="acme">Acme</option>' in visitor


def _sql_key(student) -> str:
    """The key the employer list had before it was written out: the SQL of its query at a fixed time."""
    at = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    query = employer_list_for_search(student=student, now=at).values_list("slug", "name").query
    return hashlib.sha256(repr(query.sql_with_params()).encode()).hexdigest()


def test_students_share_an_employer_list_key_exactly_when_the_rule_reads_them_alike():
    partner_university = UniversityFactory()
    project = open_project(visibility=Visibility.COURSE)
    in_course = StudentProfileFactory(university=partner_university)
    ProjectAudienceMember.objects.create(project=project, student=in_course)
    PartnershipFactory(university=partner_university, status=PartnershipStatus.ACTIVE)
    students = [
        None,
        StudentProfileFactory(unverified=True),
        StudentProfileFactory(unverified=True, university=partner_university),
        StudentProfileFactory(university=partner_university),
        StudentProfileFactory(university=partner_university),
        in_course,
        StudentProfileFactory(),
    ]

    for one in students:
        for other in students:
            same_sql = _sql_key(one) == _sql_key(other)
            same_key = employer_choices_cache_key(student=one) == employer_choices_cache_key(student=other)
            assert same_key == same_sql, (one, other)


def test_a_students_employer_list_key_changes_when_the_rule_reads_them_differently():
    student = StudentProfileFactory(unverified=True)
    seen = [(_sql_key(student), employer_choices_cache_key(student=student))]
    student.verified_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    seen.append((_sql_key(student), employer_choices_cache_key(student=student)))
    student.university = UniversityFactory()
    seen.append((_sql_key(student), employer_choices_cache_key(student=student)))

    assert len({sql for sql, _ in seen}) == len({key for _, key in seen}) == 3


def test_the_employer_query_is_built_only_when_an_employer_is_asked_for():
    built = []

    def employers():
        built.append(1)
        return Employer.objects.all()

    assert ProjectSearchForm({"q": "survey"}, employers=employers, employer_choices=list).is_valid()
    assert built == []
    asked = ProjectSearchForm({"employer": "nobody"}, employers=employers, employer_choices=list)
    assert not asked.is_valid() and built == [1]
    assert asked.errors["employer"] == ["That employer has no open projects right now."]
