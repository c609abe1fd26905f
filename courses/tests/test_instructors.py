"""Co-instructors on the course's edit page and through the API: who may be added (confirmed faculty of the
course's university), who may be removed (never the last; the creator only by themselves), and that nobody
else reaches either."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.factories import UserFactory
from courses.factories import FacultyProfileFactory
from courses.models import FacultyProfile
from employers.factories import EmployerMemberFactory
from notifications.models import Notification, NotificationKind
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def prof_colleague(north) -> FacultyProfile:
    """Cora Colleague, confirmed faculty of North who does not teach BUS 301 (cora@north.edu)."""
    return FacultyProfileFactory(
        user=UserFactory(faculty=True, email="cora@north.edu", full_name="Cora Colleague"), university=north
    )


@pytest.fixture
def instructor_callers(north, prof_north, prof_waiting, prof_south, prof_colleague, enrolled) -> dict:
    return {
        "anonymous": None,
        "instructor": prof_north.user,
        "unconfirmed_faculty": prof_waiting.user,
        "faculty_elsewhere": prof_south.user,
        "faculty_not_teaching_it": prof_colleague.user,
        "enrolled_student": enrolled.student.user,
        "student_not_enrolled": StudentProfileFactory(university=north).user,
        "employer": EmployerMemberFactory().user,
    }


PAGE_STATUS = {
    "anonymous": 302,
    "unconfirmed_faculty": 403,
    "faculty_elsewhere": 404,
    "faculty_not_teaching_it": 404,
    "enrolled_student": 404,
    "student_not_enrolled": 404,
    "employer": 404,
}
API_STATUS = {
    "anonymous": 401,
    "unconfirmed_faculty": 403,
    "faculty_elsewhere": 404,
    "faculty_not_teaching_it": 404,
    "enrolled_student": 403,
    "student_not_enrolled": 403,
    "employer": 403,
}


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def _add(client, course, email: str):
    return client.post(reverse("courses:instructor_add", args=[course.public_id]), {"email": email})


def _remove(client, course, profile: FacultyProfile):
    return client.post(reverse("courses:instructor_remove", args=[course.public_id, profile.pk]))


def _teachers(course) -> set[str]:
    return set(course.instructors.values_list("user__email", flat=True))


# --- The page ----------------------------------------------------------------------------------------------


def test_an_instructor_adds_a_confirmed_colleague_who_then_sees_the_course(
    client, north_course, prof_north, prof_colleague
):
    client.force_login(prof_north.user)
    edit = client.get(reverse("courses:edit", args=[north_course.public_id]))
    assert 'id="instructors"' in edit.text and "Colleague&#x27;s email address" in edit.text
    response = _add(client, north_course, " Cora@North.edu ")
    assert response.status_code == 302 and response["Location"].endswith("/edit/#instructors")
    assert _messages(response) == ["Cora Colleague now teaches BUS 301 with you."]
    assert _teachers(north_course) == {"nora@north.edu", "cora@north.edu"}
    [told] = Notification.objects.filter(user=prof_colleague.user)
    assert told.kind == NotificationKind.FACULTY
    assert told.title == "Nora North made you an instructor of BUS 301 Consulting practicum"
    again = _add(client, north_course, "cora@north.edu")
    assert _messages(again)[-1] == "Cora Colleague already teaches BUS 301."
    assert Notification.objects.filter(user=prof_colleague.user).count() == 1
    client.force_login(prof_colleague.user)
    assert client.get(reverse("courses:detail", args=[north_course.public_id])).status_code == 200
    edit = client.get(reverse("courses:edit", args=[north_course.public_id])).text
    assert "nora@north.edu · created the course" in edit
    assert "Step down" in edit
    assert f"/instructors/{prof_north.pk}/remove/" not in edit  # the creator removes only themselves


@pytest.mark.parametrize(
    ("email", "error"),
    [
        ("sam@south.edu", "No faculty member of North University has signed up with this address."),
        ("walt@north.edu", "Walt Waiting has signed up, but North University&#x27;s career office"),
        ("ella@north.edu", "No faculty member of North University has signed up with this address."),
        ("nobody@north.edu", "No faculty member of North University has signed up with this address."),
        ("not-an-address", "Enter a valid email address."),
    ],
)
def test_only_confirmed_faculty_of_the_courses_university_can_be_added(
    client, north_course, prof_north, prof_south, prof_waiting, enrolled, email, error
):
    client.force_login(prof_north.user)
    response = _add(client, north_course, email)
    assert response.status_code == 400
    assert error in response.text
    assert 'id="instructors"' in response.text and 'name="code"' in response.text  # the whole edit page
    assert _teachers(north_course) == {"nora@north.edu"}


def test_a_co_instructor_is_removed_and_the_creator_may_step_down_but_not_be_removed(
    client, north_course, prof_north, prof_colleague, prof_waiting
):
    third = FacultyProfileFactory(university=north_course.university, user__email="tom@north.edu")
    north_course.instructors.add(prof_colleague, third)
    client.force_login(prof_colleague.user)
    refused = _remove(client, north_course, prof_north)
    assert _messages(refused)[-1] == "Nora North created this course: only they may remove themselves."
    removed = _remove(client, north_course, third)
    assert removed.status_code == 302
    assert _teachers(north_course) == {"nora@north.edu", "cora@north.edu"}
    assert _remove(client, north_course, prof_waiting).status_code == 404  # not an instructor of it

    client.force_login(prof_north.user)
    stepped_down = _remove(client, north_course, prof_north)
    assert stepped_down["Location"] == reverse("courses:dashboard")
    assert _teachers(north_course) == {"cora@north.edu"}
    assert client.get(reverse("courses:detail", args=[north_course.public_id])).status_code == 404

    client.force_login(prof_colleague.user)
    assert "Step down" not in client.get(reverse("courses:edit", args=[north_course.public_id])).text
    last = _remove(client, north_course, prof_colleague)
    assert _messages(last) == [
        "A course keeps at least one instructor: add a colleague before you step down."
    ]
    assert _teachers(north_course) == {"cora@north.edu"}


@pytest.mark.parametrize("name", list(PAGE_STATUS))
def test_nobody_but_the_instructors_adds_or_removes(client, instructor_callers, north_course, north, name):
    tom = FacultyProfileFactory(university=north, user__email="tom@north.edu")
    north_course.instructors.add(tom)
    user = instructor_callers[name]
    if user is not None:
        client.force_login(user)
    assert _add(client, north_course, "cora@north.edu").status_code == PAGE_STATUS[name]
    assert _remove(client, north_course, tom).status_code == PAGE_STATUS[name]
    assert _teachers(north_course) == {"nora@north.edu", "tom@north.edu"}


# --- The API -----------------------------------------------------------------------------------------------


def _api(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.mark.parametrize("name", list(API_STATUS))
def test_the_instructors_endpoints_answer_only_the_instructors(
    instructor_callers, north_course, prof_colleague, name
):
    client = _api(instructor_callers[name])
    url = reverse("api-course-instructors", args=[north_course.public_id])
    assert client.get(url).status_code == API_STATUS[name]
    assert client.post(url, {"email": "cora@north.edu"}, format="json").status_code == API_STATUS[name]
    one = reverse("api-course-instructor", args=[north_course.public_id, north_course.created_by_id])
    assert client.delete(one).status_code == API_STATUS[name]
    assert _teachers(north_course) == {"nora@north.edu"}


def test_instructors_list_add_and_remove_through_the_api(
    north_course, prof_north, prof_colleague, prof_south, django_assert_max_num_queries
):
    client = _api(prof_north.user)
    url = reverse("api-course-instructors", args=[north_course.public_id])
    added = client.post(url, {"email": "cora@north.edu"}, format="json")
    assert added.status_code == 201
    assert added.json() == {
        "id": prof_colleague.pk,
        "email": "cora@north.edu",
        "full_name": "Cora Colleague",
        "department": "Business School",
        "created_course": False,
    }
    assert client.post(url, {"email": "cora@north.edu"}, format="json").status_code == 200
    elsewhere = client.post(url, {"email": "sam@south.edu"}, format="json")
    assert elsewhere.status_code == 400 and "email" in elsewhere.json()["errors"]
    for _ in range(10):
        north_course.instructors.add(FacultyProfileFactory(university=north_course.university))
    with django_assert_max_num_queries(4):
        listed = client.get(url)
    assert len(listed.json()) == 12
    assert [row["created_course"] for row in listed.json()].count(True) == 1

    one = reverse("api-course-instructor", args=[north_course.public_id, prof_colleague.pk])
    assert client.delete(one).status_code == 204
    assert client.delete(one).status_code == 404
    client = _api(prof_colleague.user)
    assert client.get(url).status_code == 404  # no longer teaches it


def test_the_last_instructor_cannot_leave_through_the_api(north_course, prof_north):
    one = reverse("api-course-instructor", args=[north_course.public_id, prof_north.pk])
    response = _api(prof_north.user).delete(one)
    assert response.status_code == 400
    assert "at least one instructor" in response.json()["detail"] + str(response.json().get("errors"))
    assert _teachers(north_course) == {"nora@north.edu"}


def test_the_schema_documents_the_instructors_endpoints(client):
    schema = client.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/v1/courses/{public_id}/instructors/" in schema["paths"]
    assert "delete" in schema["paths"]["/api/v1/courses/{public_id}/instructors/{faculty_id}/"]
