"""Course-linked projects' pages: who may open each one and act, the flows through them, and the query
budgets of the lists (the world of courses/tests/conftest.py)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import UserFactory
from courses.factories import CourseFactory, CourseProjectFactory
from courses.models import CourseProject, CourseProjectOrigin, CourseProjectStatus
from courses.services import course_project_accept
from employers.factories import EmployerMemberFactory
from projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


# --- Pages: access -----------------------------------------------------------------------------------------


@pytest.fixture
def course_page_callers(
    north, prof_north, prof_waiting, prof_south, enrolled, member, north_student_unenrolled
) -> dict:
    return {
        "anonymous": None,
        "instructor": prof_north.user,
        "unconfirmed_faculty": prof_waiting.user,
        "faculty_elsewhere": prof_south.user,
        "enrolled_student": enrolled.student.user,
        "student_not_enrolled": north_student_unenrolled.user,
        "employer": member,
        "other_employer": EmployerMemberFactory().user,
    }


def _status(client, user, method: str, url: str, data: dict | None = None) -> int:
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(url) if method == "get" else client.post(url, data or {})
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return 401
    return response.status_code


def test_the_employers_pages_open_to_employers_only(
    client, course_page_callers, course_proposal, north_course
):
    pages = [
        ("get", reverse("courses:browse")),
        ("get", reverse("courses:propose", args=[north_course.public_id])),
        ("get", reverse("courses:proposals")),
    ]
    for name, user in course_page_callers.items():
        for method, url in pages:
            expected = {"anonymous": 401, "employer": 200, "other_employer": 200}.get(name, 404)
            assert _status(client, user, method, url) == expected, (name, url)


def test_only_the_proposing_organisation_withdraws(client, course_page_callers, course_proposal):
    url = reverse("courses:proposal_withdraw", args=[course_proposal.pk])
    for name in ("anonymous", "instructor", "enrolled_student", "other_employer"):
        assert _status(client, course_page_callers[name], "post", url) in (401, 404), name
    course_proposal.refresh_from_db()
    assert course_proposal.status == CourseProjectStatus.PROPOSED
    assert _status(client, course_page_callers["employer"], "post", url) == 302
    course_proposal.refresh_from_db()
    assert course_proposal.status == CourseProjectStatus.WITHDRAWN


def test_only_the_courses_instructor_acts_on_its_links(
    client, course_page_callers, course_proposal, north_course, project
):
    accept = reverse("courses:link_accept", args=[north_course.public_id, course_proposal.pk])
    decline = reverse("courses:link_decline", args=[north_course.public_id, course_proposal.pk])
    adopt = reverse("courses:project_adopt", args=[north_course.public_id])
    for name, user in course_page_callers.items():
        if name == "instructor":
            continue
        expected = {"anonymous": {401}, "unconfirmed_faculty": {403}}.get(name, {404})
        for url, data in (
            (accept, {}),
            (decline, {"reason": "No"}),
            (adopt, {"project": str(project.public_id)}),
        ):
            assert _status(client, user, "post", url, data) in expected, (name, url)
    course_proposal.refresh_from_db()
    assert course_proposal.status == CourseProjectStatus.PROPOSED


def test_the_faculty_decide_from_the_course_page(
    client, course_proposal, prof_north, north_course, enrolled, project
):
    client.force_login(prof_north.user)
    detail = reverse("courses:detail", args=[north_course.public_id])
    page = client.get(detail)
    assert project.title in page.text and "Proposals waiting for you (1)" in page.text
    response = client.post(
        reverse("courses:link_decline", args=[north_course.public_id, course_proposal.pk]), {"reason": ""}
    )
    assert response.status_code == 302
    course_proposal.refresh_from_db()
    assert course_proposal.status == CourseProjectStatus.PROPOSED
    client.post(reverse("courses:link_accept", args=[north_course.public_id, course_proposal.pk]))
    course_proposal.refresh_from_db()
    assert course_proposal.status == CourseProjectStatus.ACCEPTED
    assert len(client.get(detail).context["course_projects"]) == 1
    client.post(
        reverse("courses:link_remove", args=[north_course.public_id, course_proposal.pk]), {"reason": ""}
    )
    course_proposal.refresh_from_db()
    assert course_proposal.status == CourseProjectStatus.DECLINED


def test_the_faculty_adopt_from_the_course_page(client, prof_north, north_course, employer):
    wanted = ProjectFactory(employer=employer, published=True, title="Harbour footfall study")
    ProjectFactory(employer=employer, published=True, title="Unrelated brief")
    client.force_login(prof_north.user)
    page = client.get(reverse("courses:detail", args=[north_course.public_id]) + "?adopt=harbour")
    assert [project.title for project in page.context["adoptable"]] == ["Harbour footfall study"]
    client.post(
        reverse("courses:project_adopt", args=[north_course.public_id]), {"project": str(wanted.public_id)}
    )
    assert CourseProject.objects.get(project=wanted).origin == CourseProjectOrigin.ADOPTION
    bad = client.post(reverse("courses:project_adopt", args=[north_course.public_id]), {"project": "nope"})
    assert bad.status_code == 404


def test_the_adopt_section_lists_projects_only_once_searched(client, prof_north, north_course, employer):
    ProjectFactory(
        employer=employer, published=True, title="Harbour footfall study", description="Count the visitors."
    )
    ProjectFactory(employer=employer, published=True, title="Unrelated brief")
    client.force_login(prof_north.user)
    detail = reverse("courses:detail", args=[north_course.public_id])
    before = client.get(detail)
    assert before.context["adoptable"] == []
    assert 'id="adoptable-projects"' not in before.text and "Harbour footfall study" not in before.text
    assert 'id="adoptable-none"' not in before.text
    assert "Words from a project's title or description" in before.text
    # Full-text search, as the students' search: stemmed words, from the description too.
    for query in ("harbours", "counting visitors", "  footfall  "):
        found = client.get(detail, {"adopt": query})
        assert [project.title for project in found.context["adoptable"]] == ["Harbour footfall study"], query
        assert 'id="adoptable-projects"' in found.text
    none = client.get(detail, {"adopt": "lighthouse"})
    assert none.context["adoptable"] == []
    assert "No open project within the term matches “lighthouse”" in none.text


def test_the_employer_proposes_through_the_form(client, member, north_course, project, employer):
    client.force_login(member)
    url = reverse("courses:propose", args=[north_course.public_id])
    out_of_term = ProjectFactory(employer=employer, due_date=north_course.term_end + dt.timedelta(days=2))
    refused = client.post(url, {"project": out_of_term.pk, "message": ""})
    assert refused.status_code == 400
    assert "within the course" in refused.text
    assert client.post(url, {"project": project.pk, "message": "Hello"}).status_code == 302
    listing = client.get(reverse("courses:proposals"))
    assert project.title in listing.text and "Withdraw" in listing.text
    foreign = ProjectFactory(published=True)
    assert client.post(url, {"project": foreign.pk}).status_code == 400
    assert not CourseProject.objects.filter(project=foreign).exists()


def test_the_student_course_page_lists_the_courses_projects(
    client, course_link_accepted, enrolled, north_course, project
):
    client.force_login(enrolled.student.user)
    page = client.get(reverse("courses:student_course", args=[north_course.public_id]))
    assert project.title in page.text
    assert reverse("projects:detail", args=[project.public_id]) in page.text


def test_the_nav_offers_employers_the_courses(client, member):
    client.force_login(member)
    assert reverse("courses:browse") in client.get(reverse("courses:proposals")).text


# --- Query budgets -----------------------------------------------------------------------------------------


def _budget(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_the_lists_run_constant_queries(
    client, member, employer, prof_north, north_course, django_assert_num_queries
):
    CourseFactory()
    CourseProjectFactory(course=north_course, project=ProjectFactory(employer=employer, published=True))
    client.force_login(member)
    browse, proposals = reverse("courses:browse"), reverse("courses:proposals")
    budgets = {url: _budget(client, url) for url in (browse, proposals)}
    for _ in range(15):
        CourseFactory()
        CourseProjectFactory(
            course=CourseFactory(), project=ProjectFactory(employer=employer, published=True)
        )
    for url, budget in budgets.items():
        with django_assert_num_queries(budget):
            client.get(url)
    client.force_login(prof_north.user)
    detail = reverse("courses:detail", args=[north_course.public_id])
    budget = _budget(client, detail)
    for _ in range(10):
        CourseProjectFactory(course=north_course, project=ProjectFactory(published=True))
        ProjectFactory(published=True)
    with django_assert_num_queries(budget):
        assert len(client.get(detail).context["proposals"]) == 11


def test_the_adopt_search_runs_constant_queries(
    client, employer, prof_north, north_course, django_assert_num_queries
):
    ProjectFactory(employer=employer, published=True, title="Harbour footfall study")
    client.force_login(prof_north.user)
    detail = reverse("courses:detail", args=[north_course.public_id])
    searched = f"{detail}?adopt=harbour"
    plain_budget, search_budget = _budget(client, detail), _budget(client, searched)
    assert search_budget == plain_budget + 1, "the adoptable projects are read only once searched"
    for number in range(12):
        ProjectFactory(employer=employer, published=True, title=f"Harbour study {number}")
    with django_assert_num_queries(search_budget):
        assert len(client.get(searched).context["adoptable"]) == 13


def test_the_student_course_page_runs_constant_queries(
    client, enrolled, north_course, prof_north, django_assert_num_queries
):
    def add_one():
        link = CourseProjectFactory(course=north_course)
        course_project_accept(by=prof_north.user, link=link)

    add_one()
    client.force_login(enrolled.student.user)
    url = reverse("courses:student_course", args=[north_course.public_id])
    budget = _budget(client, url)
    for _ in range(8):
        add_one()
    with django_assert_num_queries(budget):
        assert len(client.get(url).context["course_projects"]) == 9


def test_a_course_of_another_university_stays_hidden_from_others(client, prof_south, north_course):
    client.force_login(prof_south.user)
    assert client.get(reverse("courses:detail", args=[north_course.public_id])).status_code == 404
    other = UserFactory(student=True)
    client.force_login(other)
    assert client.get(reverse("courses:student_course", args=[north_course.public_id])).status_code == 404
