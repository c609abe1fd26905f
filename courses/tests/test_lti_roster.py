"""The roster from the LMS (LTI Names and Role Provisioning Service): pulling it enrols students and
invites the others, paged and with one service token, a refusal by the platform is reported, the pull
button shows only for a linked course, and only the course's faculty may pull. The platform is simulated
in lti_world.py.
"""

import secrets

from django.urls import reverse
from pylti1p3.contrib.django.lti1p3_tool_config.models import LtiToolKey

from accounts.factories import UserFactory
from courses.models import CourseInvite, Enrolment, EnrolmentSource, RosterImport
from courses.tests.lti_world import CONTEXT_ID, INSTRUCTOR, LEARNER, rsa_pem_pair

# --- The roster from the LMS (NRPS) --------------------------------------------------------------------


def _member(email: str | None, roles: list[str], status: str = "Active", name: str = "") -> dict:
    member = {"user_id": secrets.token_hex(4), "roles": roles, "status": status, "name": name or "A Person"}
    if email:
        member["email"] = email
    return member


def test_pulling_the_roster_enrols_students_and_invites_the_others(
    client, lti_platform, lti_linked_course, lti_student, prof_north, enrolled
):
    lti_platform.members = [
        _member("nora@north.edu", [INSTRUCTOR]),
        _member("stella@north.edu", [LEARNER], name="Stella Student"),
        _member("ella@north.edu", ["Learner"]),  # already enrolled
        _member("newbie@north.edu", [LEARNER], name="New Bie"),
        _member(None, [LEARNER]),  # the platform withholds the address
        _member("gone@north.edu", [LEARNER], status="Inactive"),
        _member("ta@north.edu", ["http://purl.imsglobal.org/vocab/lis/v2/membership#TeachingAssistant"]),
    ]
    client.force_login(prof_north.user)
    course = lti_linked_course.course
    response = client.post(reverse("lti:roster_pull", args=[course.public_id]), follow=True)
    assert response.status_code == 200
    assert "From your LMS: 1 enrolled, 1 invited, 1 already here or not eligible, 1 without an email" in (
        response.text
    )
    assert Enrolment.objects.filter(
        course=course, student=lti_student, source=EnrolmentSource.ROSTER
    ).exists()
    assert list(CourseInvite.objects.filter(course=course).values_list("email", "full_name")) == [
        ("newbie@north.edu", "New Bie")
    ]
    assert RosterImport.objects.get(course=course).confirmed_at is not None
    assert lti_platform.requests.count("POST /token") == 1  # one service token for both pages
    assert [r for r in lti_platform.requests if r.startswith("GET /nrps/")] == [
        f"GET /nrps/{CONTEXT_ID}",
        f"GET /nrps/{CONTEXT_ID}",
    ]
    # Pulling again changes nothing.
    client.post(reverse("lti:roster_pull", args=[course.public_id]))
    assert Enrolment.objects.filter(course=course).count() == 2
    assert CourseInvite.objects.filter(course=course).count() == 1


def test_a_roster_pull_the_platform_refuses_is_reported(client, lti_platform, lti_linked_course, prof_north):
    LtiToolKey.objects.update(private_key=rsa_pem_pair()[0])  # the platform no longer knows our key
    client.force_login(prof_north.user)
    course = lti_linked_course.course
    response = client.post(reverse("lti:roster_pull", args=[course.public_id]), follow=True)
    assert "did not give the roster" in response.text
    assert not RosterImport.objects.exists()


def test_the_pull_button_shows_only_for_a_course_with_an_lms_roster(client, prof_north, north_course):
    client.force_login(prof_north.user)
    detail = client.get(reverse("courses:detail", args=[north_course.public_id]))
    assert "Pull roster from your LMS" not in detail.text
    response = client.post(reverse("lti:roster_pull", args=[north_course.public_id]), follow=True)
    assert "no LMS roster" in response.text


def test_only_the_courses_faculty_may_pull_its_roster(
    client, lti_linked_course, prof_south, lti_student, prof_waiting
):
    url = reverse("lti:roster_pull", args=[lti_linked_course.course.public_id])
    response = client.post(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(prof_south.user)
    assert client.post(url).status_code == 404
    client.force_login(lti_student.user)
    assert client.post(url).status_code == 404
    client.force_login(prof_waiting.user)
    assert client.post(url).status_code == 403
    client.force_login(UserFactory(employer=True))
    assert client.post(url).status_code == 404
    assert not RosterImport.objects.exists()
