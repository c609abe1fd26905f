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
def python_sql_docker():
    return [SkillFactory(name=name) for name in ("Python", "SQL", "Docker")]


@pytest.fixture
def python_sql_project(employer, python_sql_docker):
    """A published project of `employer` that requires Python and SQL (not Docker)."""
    return ProjectFactory(employer=employer, published=True, required_skills=python_sql_docker[:2])


def _applicant(project, skills, name):
    student = StudentProfileFactory(skills=skills, user__full_name=name)
    return ApplicationFactory(project=project, student=student)


def _url(project, **query):
    url = reverse("manage:applicants", args=[project.public_id])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def test_the_list_shows_each_applicants_match_and_why(
    client, membership, python_sql_project, python_sql_docker
):
    _applicant(python_sql_project, python_sql_docker[:1], "Half Match")
    client.force_login(membership.user)

    body = client.get(_url(python_sql_project)).content.decode()

    assert "% match" in body or '<span class="visually-hidden"> match</span>' in body
    assert "1 of 2 required skills: Python · fits their week" in body
    assert "missing: SQL" in body


def test_best_match_first_orders_applicants_by_score(
    client, membership, python_sql_project, python_sql_docker
):
    _applicant(python_sql_project, python_sql_docker[2:], "No Match")
    _applicant(python_sql_project, python_sql_docker[:2], "Full Match")
    _applicant(python_sql_project, python_sql_docker[:1], "Half Match")
    client.force_login(membership.user)

    applied_order = [
        row.application.student.user.full_name for row in client.get(_url(python_sql_project)).context["rows"]
    ]
    ranked = client.get(_url(python_sql_project, sort="match")).context["rows"]

    assert applied_order == ["No Match", "Full Match", "Half Match"]
    assert [row.application.student.user.full_name for row in ranked] == [
        "Full Match",
        "Half Match",
        "No Match",
    ]
    assert [row.match.score for row in ranked] == sorted((row.match.score for row in ranked), reverse=True)
    assert ranked[-1].match.score == 0


def test_the_list_runs_the_same_queries_for_1_or_50_applicants_sorted_by_match(
    client, membership, python_sql_project, python_sql_docker, django_assert_num_queries
):
    _applicant(python_sql_project, python_sql_docker[:1], "First")
    client.force_login(membership.user)
    url = _url(python_sql_project, sort="match")
    client.get(url)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["rows"]) == 1
    for n in range(49):
        _applicant(python_sql_project, python_sql_docker[: n % 3 + 1], f"Applicant {n}")
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["rows"]) == 25
    assert all(row.match is not None for row in response.context["rows"])


def test_the_applicant_page_shows_the_match_and_its_reasons(
    client, membership, python_sql_project, python_sql_docker
):
    application = _applicant(python_sql_project, python_sql_docker[:1], "Half Match")
    client.force_login(membership.user)

    body = client.get(reverse("manage:applicant", args=[application.public_id])).content.decode()

    assert "How well they match" in body
    assert "1 of 2 required skills (Python); missing: SQL" in body


def test_match_by_application_reads_a_page_in_one_query(
    python_sql_project, python_sql_docker, django_assert_num_queries
):
    applications = [
        _applicant(python_sql_project, python_sql_docker[: n % 3 + 1], f"A {n}") for n in range(5)
    ]

    with django_assert_num_queries(2):  # the project's skills, then every applicant at once
        matches = match_by_application(project=python_sql_project, applications=applications)

    assert set(matches) == {application.pk for application in applications}


def test_other_organisations_members_cannot_see_the_ranked_list(client, python_sql_project):
    client.force_login(EmployerMemberFactory().user)

    assert client.get(_url(python_sql_project, sort="match")).status_code == 404
