"""The courses API: every endpoint for every kind of caller, the faculty's CRUD, joining by code, and the
schema."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from courses.models import Course, Enrolment
from employers.factories import EmployerMemberFactory
from projects.factories import SkillFactory
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

BODY = {
    "code": "ENG 210",
    "title": "Technical writing",
    "term_start": "2027-01-10",
    "term_end": "2027-04-30",
    "credits": "3.0",
    "expected_hours": 30,
    "learning_outcomes": ["Write for a reader"],
    "soft_skills": ["communication"],
}


@pytest.fixture
def api_callers(north, prof_north, prof_waiting, prof_south, enrolled) -> dict:
    return {
        "anonymous": None,
        "instructor": prof_north.user,
        "unconfirmed_faculty": prof_waiting.user,
        "faculty_elsewhere": prof_south.user,
        "enrolled_student": enrolled.student.user,
        "student_not_enrolled": StudentProfileFactory(university=north).user,
        "employer": EmployerMemberFactory().user,
    }


def _client(api_callers, name: str) -> APIClient:
    client = APIClient()
    if api_callers[name] is not None:
        client.force_authenticate(api_callers[name])
    return client


# (method, url name, needs the course, body) -> status per caller
FACULTY = {
    "anonymous": 401,
    "instructor": 200,
    "unconfirmed_faculty": 403,
    "faculty_elsewhere": 404,
    "enrolled_student": 403,
    "student_not_enrolled": 403,
    "employer": 403,
}
STUDENT = {
    "anonymous": 401,
    "instructor": 403,
    "unconfirmed_faculty": 403,
    "faculty_elsewhere": 403,
    "enrolled_student": 200,
    "student_not_enrolled": 200,
    "employer": 403,
}


@pytest.mark.parametrize("name", list(FACULTY))
@pytest.mark.parametrize("url_name", ["api-course", "api-course-students"])
def test_a_courses_endpoints_answer_only_its_instructors(api_callers, north_course, name, url_name):
    response = _client(api_callers, name).get(reverse(url_name, args=[north_course.public_id]))
    assert response.status_code == FACULTY[name]
    assert (north_course.join_code in response.content.decode()) == (
        response.status_code == 200 and url_name == "api-course"
    )


@pytest.mark.parametrize("name", list(FACULTY))
def test_only_instructors_change_a_course(api_callers, north_course, name):
    response = _client(api_callers, name).patch(
        reverse("api-course", args=[north_course.public_id]), {"title": "Taken"}, format="json"
    )
    assert response.status_code == FACULTY[name]
    north_course.refresh_from_db()
    assert (north_course.title == "Taken") == (name == "instructor")


@pytest.mark.parametrize("name", list(FACULTY))
def test_the_course_list_is_the_callers_own(api_callers, north_course, name):
    response = _client(api_callers, name).get(reverse("api-courses"))
    expected = 200 if name in {"instructor", "faculty_elsewhere"} else FACULTY[name]
    assert response.status_code == expected
    if expected == 200:
        codes = [row["code"] for row in response.json()["results"]]
        assert codes == (["BUS 301"] if name == "instructor" else [])


@pytest.mark.parametrize("name", list(FACULTY))
def test_only_confirmed_faculty_create_courses(api_callers, name):
    response = _client(api_callers, name).post(reverse("api-courses"), BODY, format="json")
    expected = 201 if name in {"instructor", "faculty_elsewhere"} else FACULTY[name]
    assert response.status_code == expected
    assert Course.objects.filter(code="ENG 210").exists() == (expected == 201)


@pytest.mark.parametrize("name", list(STUDENT))
def test_students_list_their_courses_and_join_by_code(api_callers, north_course, name):
    client = _client(api_callers, name)
    listed = client.get(reverse("api-my-courses"))
    assert listed.status_code == STUDENT[name]
    if listed.status_code == 200:
        codes = [row["code"] for row in listed.json()["results"]]
        assert codes == (["BUS 301"] if name == "enrolled_student" else [])
        assert "join_code" not in listed.content.decode()
    joined = client.post(reverse("api-my-courses-join"), {"code": north_course.join_code}, format="json")
    expected = {"enrolled_student": 200, "student_not_enrolled": 201}.get(name, STUDENT[name])
    assert joined.status_code == expected
    assert Enrolment.objects.filter(course=north_course).count() == (2 if expected == 201 else 1)


def test_faculty_create_with_skills_and_get_field_errors(api_callers):
    SkillFactory(name="Technical writing", slug="technical-writing")
    client = _client(api_callers, "instructor")
    created = client.post(reverse("api-courses"), {**BODY, "skills": ["technical-writing"]}, format="json")
    assert created.status_code == 201
    assert created.json()["skills"] == ["technical-writing"]
    assert len(created.json()["join_code"]) == 8
    bad = client.post(
        reverse("api-courses"),
        {**BODY, "code": "X 1", "term_end": "2026-01-01", "skills": ["no-such-skill"]},
        format="json",
    )
    assert bad.status_code == 400
    assert "skills" in bad.json()["errors"]
    order = client.post(
        reverse("api-courses"), {**BODY, "code": "X 2", "term_end": "2026-01-01"}, format="json"
    )
    assert order.status_code == 400
    assert "term_end" in order.json()["errors"]
    duplicate = client.post(reverse("api-courses"), BODY, format="json")
    assert duplicate.status_code == 400
    assert "code" in duplicate.json()["errors"]


def test_a_wrong_join_code_is_a_field_error(api_callers):
    response = _client(api_callers, "student_not_enrolled").post(
        reverse("api-my-courses-join"), {"code": "NOPE1234"}, format="json"
    )
    assert response.status_code == 400
    assert "code" in response.json()["errors"]


def test_the_students_endpoint_shows_the_terms_work(
    api_callers, north_course, enrolled, django_assert_max_num_queries
):
    client = _client(api_callers, "instructor")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("api-course-students", args=[north_course.public_id]))
    [row] = response.json()["results"]
    assert row["email"] == "ella@north.edu"
    assert row["hours_logged"] == "0.00"


def test_the_schema_documents_the_courses_endpoints(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    for path in ["/api/v1/courses/", "/api/v1/courses/{public_id}/", "/api/v1/me/courses/join/"]:
        assert path in schema["paths"], path
    assert schema["paths"]["/api/v1/courses/"]["post"]["tags"] == ["courses"]
