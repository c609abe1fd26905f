"""The employer's applicants ranked by match: the list's percentage, reasons and sort, the applicant page."""

import pytest
from django.urls import reverse

from applications.factories import ApplicationFactory
from employers.factories import EmployerMemberFactory
from matching.selectors import match_by_application
from projects.factories import ProjectFactory, SkillFactory
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership():
    return EmployerMemberFactory()


@pytest.fixture
def skills():
    return [SkillFactory(name=name) for name in ("Python", "SQL", "Docker")]


@pytest.fixture
def project(membership, skills):
    return ProjectFactory(employer=membership.employer, published=True, required_skills=skills[:2])


def _applicant(project, skills, name):
    student = StudentProfileFactory(skills=skills, user__full_name=name)
    return ApplicationFactory(project=project, student=student)


def _url(project, **query):
    url = reverse("manage:applicants", args=[project.public_id])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def test_the_list_shows_each_applicants_match_and_why(client, membership, project, skills):
    _applicant(project, skills[:1], "Half Match")
    client.force_login(membership.user)

    body = client.get(_url(project)).content.decode()

    assert "% match" in body or '<span class="visually-hidden"> match</span>' in body
    assert "1 of 2 required skills: Python · fits their week" in body
    assert "missing: SQL" in body


def test_best_match_first_orders_applicants_by_score(client, membership, project, skills):
    _applicant(project, skills[2:], "No Match")
    _applicant(project, skills[:2], "Full Match")
    _applicant(project, skills[:1], "Half Match")
    client.force_login(membership.user)

    applied_order = [
        row.application.student.user.full_name for row in client.get(_url(project)).context["rows"]
    ]
    ranked = client.get(_url(project, sort="match")).context["rows"]

    assert applied_order == ["No Match", "Full Match", "Half Match"]
    assert [row.application.student.user.full_name for row in ranked] == [
        "Full Match",
        "Half Match",
        "No Match",
    ]
    assert [row.match.score for row in ranked] == sorted((row.match.score for row in ranked), reverse=True)
    assert ranked[-1].match.score == 0


def test_the_list_runs_the_same_queries_for_1_or_50_applicants_sorted_by_match(
    client, membership, project, skills, django_assert_num_queries
):
    _applicant(project, skills[:1], "First")
    client.force_login(membership.user)
    url = _url(project, sort="match")
    client.get(url)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["rows"]) == 1
    for n in range(49):
        _applicant(project, skills[: n % 3 + 1], f"Applicant {n}")
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["rows"]) == 25
    assert all(row.match is not None for row in response.context["rows"])


def test_the_applicant_page_shows_the_match_and_its_reasons(client, membership, project, skills):
    application = _applicant(project, skills[:1], "Half Match")
    client.force_login(membership.user)

    body = client.get(reverse("manage:applicant", args=[application.public_id])).content.decode()

    assert "How well they match" in body
    assert "1 of 2 required skills (Python); missing: SQL" in body


def test_match_by_application_reads_a_page_in_one_query(project, skills, django_assert_num_queries):
    applications = [_applicant(project, skills[: n % 3 + 1], f"A {n}") for n in range(5)]

    with django_assert_num_queries(2):  # the project's skills, then every applicant at once
        matches = match_by_application(project=project, applications=applications)

    assert set(matches) == {application.pk for application in applications}


def test_other_organisations_members_cannot_see_the_ranked_list(client, project):
    client.force_login(EmployerMemberFactory().user)

    assert client.get(_url(project, sort="match")).status_code == 404
