"""The course-linked projects API: every endpoint for every kind of caller, the flows, field errors and the
lists' query budgets (the world of courses/tests/conftest.py and the root conftest's `member`/`project`)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from courses.factories import CourseFactory, CourseProjectFactory
from courses.models import CourseProjectOrigin, CourseProjectStatus
from courses.services import course_project_accept, course_project_propose
from employers.factories import EmployerMemberFactory
from projects.factories import ProjectFactory
from projects.models import Visibility
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def link_api_callers(north, prof_north, prof_waiting, prof_south, enrolled, member) -> dict:
    return {
        "anonymous": None,
        "instructor": prof_north.user,
        "unconfirmed_faculty": prof_waiting.user,
        "faculty_elsewhere": prof_south.user,
        "enrolled_student": enrolled.student.user,
        "student_not_enrolled": StudentProfileFactory(university=north).user,
        "employer": member,
        "other_employer": EmployerMemberFactory().user,
    }


def _as(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


EMPLOYER_ONLY = {
    "anonymous": 401,
    "instructor": 403,
    "unconfirmed_faculty": 403,
    "faculty_elsewhere": 403,
    "enrolled_student": 403,
    "student_not_enrolled": 403,
    "employer": 200,
    "other_employer": 200,
}
FACULTY_OF_THE_COURSE = {
    "anonymous": 401,
    "instructor": 200,
    "unconfirmed_faculty": 403,
    "faculty_elsewhere": 404,
    "enrolled_student": 403,
    "student_not_enrolled": 403,
    "employer": 403,
    "other_employer": 403,
}


def test_the_employer_lists_answer_employers_only(link_api_callers, course_proposal):
    for url in (reverse("api-course-proposal-courses"), reverse("api-course-proposals")):
        for name, user in link_api_callers.items():
            assert _as(user).get(url).status_code == EMPLOYER_ONLY[name], (name, url)
    own = _as(link_api_callers["employer"]).get(reverse("api-course-proposals")).json()
    assert [row["id"] for row in own["results"]] == [course_proposal.pk]
    other = _as(link_api_callers["other_employer"]).get(reverse("api-course-proposals")).json()
    assert other["results"] == []


def test_the_faculty_endpoints_answer_the_courses_instructor_only(
    link_api_callers, course_proposal, north_course
):
    course = north_course.public_id
    for url in (
        reverse("api-course-projects", args=[course]),
        reverse("api-course-adoptable", args=[course]),
    ):
        for name, user in link_api_callers.items():
            assert _as(user).get(url).status_code == FACULTY_OF_THE_COURSE[name], (name, url)
    actions = [
        (reverse("api-course-project-accept", args=[course, course_proposal.pk]), {}),
        (reverse("api-course-project-decline", args=[course, course_proposal.pk]), {"reason": "No"}),
        (reverse("api-course-project-remove", args=[course, course_proposal.pk]), {}),
        (
            reverse("api-course-adopt", args=[course]),
            {"project": str(ProjectFactory(published=True).public_id)},
        ),
    ]
    for name, user in link_api_callers.items():
        if name == "instructor":
            continue
        for url, body in actions:
            assert _as(user).post(url, body, format="json").status_code == FACULTY_OF_THE_COURSE[name], (
                name,
                url,
            )
    course_proposal.refresh_from_db()
    assert course_proposal.status == CourseProjectStatus.PROPOSED


def test_an_employer_proposes_and_withdraws(member, north_course, project, employer, prof_north):
    client = _as(member)
    courses = client.get(reverse("api-course-proposal-courses"), {"q": "bus 301"}).json()["results"]
    assert [row["code"] for row in courses] == ["BUS 301"]
    late = ProjectFactory(employer=employer, due_date=north_course.term_end + dt.timedelta(days=3))
    refused = client.post(
        reverse("api-course-proposals"),
        {"course": str(north_course.public_id), "project": str(late.public_id)},
        format="json",
    )
    assert refused.status_code == 400 and "due_date" in refused.json()["errors"]
    foreign = ProjectFactory(published=True)
    refused = client.post(
        reverse("api-course-proposals"),
        {"course": str(north_course.public_id), "project": str(foreign.public_id)},
        format="json",
    )
    assert refused.status_code == 400 and "project" in refused.json()["errors"]
    created = client.post(
        reverse("api-course-proposals"),
        {"course": str(north_course.public_id), "project": str(project.public_id), "message": "Hi"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["course"]["code"], body["project"]["title"]) == (
        "proposed",
        "BUS 301",
        project.title,
    )
    outsider = _as(EmployerMemberFactory().user).post(
        reverse("api-course-proposal-withdraw", args=[body["id"]])
    )
    assert outsider.status_code == 404
    withdrawn = client.post(reverse("api-course-proposal-withdraw", args=[body["id"]]))
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"


def test_the_faculty_accept_decline_adopt_and_remove(
    prof_north, north_course, course_proposal, employer, member
):
    client = _as(prof_north.user)
    course = north_course.public_id
    listed = client.get(reverse("api-course-projects", args=[course])).json()["results"]
    assert [row["id"] for row in listed] == [course_proposal.pk]
    accepted = client.post(reverse("api-course-project-accept", args=[course, course_proposal.pk]))
    assert accepted.status_code == 200 and accepted.json()["project"]["visibility"] == Visibility.COURSE
    other = course_project_propose(by=member, course=north_course, project=ProjectFactory(employer=employer))
    no_reason = client.post(reverse("api-course-project-decline", args=[course, other.pk]), {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    declined = client.post(
        reverse("api-course-project-decline", args=[course, other.pk]), {"reason": "Not now"}, format="json"
    )
    assert declined.status_code == 200 and declined.json()["decline_reason"] == "Not now"
    open_project = ProjectFactory(published=True, title="Open data audit")
    adoptable = client.get(reverse("api-course-adoptable", args=[course]), {"q": "data audit"}).json()
    assert [row["title"] for row in adoptable] == ["Open data audit"]
    adopted = client.post(
        reverse("api-course-adopt", args=[course]), {"project": str(open_project.public_id)}, format="json"
    )
    assert adopted.status_code == 201 and adopted.json()["origin"] == CourseProjectOrigin.ADOPTION
    again = client.post(
        reverse("api-course-adopt", args=[course]), {"project": str(open_project.public_id)}, format="json"
    )
    assert again.status_code == 400
    removed = client.post(
        reverse("api-course-project-remove", args=[course, course_proposal.pk]), {}, format="json"
    )
    assert removed.status_code == 200 and removed.json()["project"]["visibility"] == Visibility.PUBLIC
    gone = client.post(
        reverse("api-course-project-remove", args=[course, course_proposal.pk]), {}, format="json"
    )
    assert gone.status_code == 404


def test_removing_with_an_accepted_student_is_a_400(prof_north, north_course, course_proposal, project):
    course_project_accept(by=prof_north.user, link=course_proposal)
    project.refresh_from_db()
    project.accepted_count = 1
    project.save(update_fields=["accepted_count"])
    response = _as(prof_north.user).post(
        reverse("api-course-project-remove", args=[north_course.public_id, course_proposal.pk]),
        {},
        format="json",
    )
    assert response.status_code == 400


def _queries(client: APIClient, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_api_lists_run_constant_queries(
    member, employer, prof_north, north_course, django_assert_num_queries
):
    CourseProjectFactory(course=north_course, project=ProjectFactory(employer=employer, published=True))
    employer_client, faculty_client = _as(member), _as(prof_north.user)
    urls = {
        reverse("api-course-proposal-courses"): employer_client,
        reverse("api-course-proposals"): employer_client,
        reverse("api-course-projects", args=[north_course.public_id]): faculty_client,
        reverse("api-course-adoptable", args=[north_course.public_id]): faculty_client,
    }
    budgets = {url: _queries(client, url) for url, client in urls.items()}
    for _ in range(12):
        CourseProjectFactory(course=north_course, project=ProjectFactory(employer=employer, published=True))
        CourseProjectFactory(
            course=CourseFactory(), project=ProjectFactory(employer=employer, published=True)
        )
        ProjectFactory(published=True)
    for url, client in urls.items():
        with django_assert_num_queries(budgets[url]):
            client.get(url)
