"""LMS launch (LTI 1.3), the happy and the refused paths by person: instructors link the LMS course to a
course they teach and land on it, learners are enrolled and land on the student's course page, and
whoever does not match (unlinked course, unknown or unconfirmed address, wrong role, staff, two-factor)
is told why. Also the link page's access rules and its query budget. The platform is simulated in
lti_world.py.
"""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from courses.factories import CourseFactory, FacultyProfileFactory
from courses.models import CourseInvite, Enrolment, EnrolmentSource, LtiContextLink, LtiUserLink
from courses.tests.lti_world import CONTEXT_ID, INSTRUCTOR, LEARNER, MENTOR, SYSTEM_USER, launch, signed_in_as
from students.factories import StudentProfileFactory

# --- Launch: instructors -------------------------------------------------------------------------------


def test_an_instructor_links_the_lms_course_and_lands_on_it(client, lti_platform, north_course, prof_north):
    response = launch(
        client, lti_platform, sub="lms-nora", roles=[INSTRUCTOR, SYSTEM_USER], email="nora@north.edu"
    )
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"] == reverse("lti:link")
    page = client.get(reverse("lti:link"))
    assert page.status_code == 200
    assert "Consulting practicum" in page.text and "BUS 301" in page.text
    response = client.post(reverse("lti:link"), {"course": str(north_course.public_id)})
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:detail", args=[north_course.public_id])
    link = LtiContextLink.objects.get(context_id=CONTEXT_ID)
    assert (link.course, link.memberships_url, link.linked_by) == (
        north_course,
        lti_platform.memberships_url(),
        prof_north.user,
    )
    assert LtiUserLink.objects.get(sub="lms-nora").user == prof_north.user
    detail = client.get(response["Location"])
    assert "Pull roster from your LMS" in detail.text
    assert "GET /jwks" in lti_platform.requests  # the signature was checked against the platform's keys

    # The next launch, even with another address in the LMS, finds Nora by her linked `sub`.
    client.logout()
    response = launch(client, lti_platform, sub="lms-nora", roles=[INSTRUCTOR], email="n.north@lms.example")
    response = client.get(response["Location"])
    assert response["Location"] == reverse("courses:detail", args=[north_course.public_id])
    assert signed_in_as(client) == prof_north.user


def test_an_instructor_without_courses_is_sent_to_create_one(client, lti_platform, prof_north):
    response = launch(client, lti_platform, sub="lms-nora", roles=[INSTRUCTOR], email="nora@north.edu")
    client.get(response["Location"])
    page = client.get(reverse("lti:link"))
    assert reverse("courses:new") in page.text and "no course here yet" in page.text


def test_an_instructor_cannot_link_the_lms_course_to_someone_elses_course(
    client, lti_platform, prof_north, prof_south
):
    south_course = CourseFactory(created_by=prof_south, code="ECO 101")
    response = launch(client, lti_platform, sub="lms-nora", roles=[INSTRUCTOR], email="nora@north.edu")
    client.get(response["Location"])
    response = client.post(reverse("lti:link"), {"course": str(south_course.public_id)})
    assert response.status_code == 400
    assert not LtiContextLink.objects.exists()


def test_an_instructor_who_does_not_teach_the_linked_course_is_refused(
    client, lti_platform, lti_linked_course, north
):
    FacultyProfileFactory(user=UserFactory(faculty=True, email="otto@north.edu"), university=north)
    response = launch(client, lti_platform, sub="lms-otto", roles=[INSTRUCTOR], email="otto@north.edu")
    assert response.status_code == 403
    assert "not an instructor" in response.text
    assert not signed_in_as(client).is_authenticated


def test_faculty_not_yet_confirmed_are_refused(client, lti_platform, prof_waiting):
    response = launch(client, lti_platform, sub="lms-walt", roles=[INSTRUCTOR], email="walt@north.edu")
    assert response.status_code == 403
    assert "career office" in response.text
    assert not signed_in_as(client).is_authenticated


# --- Launch: learners ----------------------------------------------------------------------------------


def test_a_learner_is_enrolled_and_lands_on_the_student_course_page(
    client, lti_platform, lti_linked_course, lti_student
):
    response = launch(
        client, lti_platform, sub="lms-stella", roles=[LEARNER, SYSTEM_USER], email="Stella@North.edu"
    )
    assert response.status_code == 302
    response = client.get(response["Location"])
    course = lti_linked_course.course
    assert response["Location"] == reverse("courses:student_course", args=[course.public_id])
    assert client.get(response["Location"]).status_code == 200
    enrolment = Enrolment.objects.get(course=course, student=lti_student)
    assert enrolment.source == EnrolmentSource.LMS
    assert signed_in_as(client) == lti_student.user


def test_a_learner_of_an_unlinked_lms_course_is_told_to_wait(client, lti_platform, lti_student):
    response = launch(client, lti_platform, sub="lms-stella", roles=[LEARNER], email="stella@north.edu")
    assert response.status_code == 403
    assert "not connected this LMS course" in response.text
    assert not Enrolment.objects.exists()


def test_an_unknown_learner_is_asked_to_sign_up_and_invited(client, lti_platform, lti_linked_course):
    response = launch(client, lti_platform, sub="lms-nina", roles=[LEARNER], email="nina@north.edu")
    assert response.status_code == 403
    assert "Sign up first" in response.text and "nina@north.edu" in response.text
    assert f"{reverse('account_signup')}?role=student" in response.text
    assert CourseInvite.objects.filter(course=lti_linked_course.course, email="nina@north.edu").exists()
    assert not LtiUserLink.objects.exists()


def test_an_address_not_yet_confirmed_is_not_matched(client, lti_platform, lti_linked_course, north):
    StudentProfileFactory(
        user=UserFactory(student=True, email="una@north.edu", email_address__verified=False), university=north
    )
    response = launch(client, lti_platform, sub="lms-una", roles=[LEARNER], email="una@north.edu")
    assert response.status_code == 403 and "Confirm your email address" in response.text
    assert not signed_in_as(client).is_authenticated


@pytest.mark.parametrize(
    ("roles", "email"),
    [
        ([INSTRUCTOR], "stella@north.edu"),  # a student's account launched as an instructor
        ([LEARNER], "nora@north.edu"),  # a faculty account launched as a learner
        ([MENTOR, SYSTEM_USER], "stella@north.edu"),  # neither role
    ],
)
def test_a_role_that_does_not_match_the_account_is_refused(
    client, lti_platform, lti_linked_course, lti_student, roles, email
):
    response = launch(client, lti_platform, sub="lms-someone", roles=roles, email=email)
    assert response.status_code == 403
    assert "This role cannot open the course here" in response.text
    assert not signed_in_as(client).is_authenticated
    assert not Enrolment.objects.filter(student=lti_student).exists()


def test_a_staff_account_is_never_matched_by_email(client, lti_platform, lti_linked_course, site_admin):
    response = launch(client, lti_platform, sub="lms-root", roles=[LEARNER], email="root@example.org")
    assert response.status_code == 403
    assert "cannot be opened from an LMS" in response.text
    assert not signed_in_as(client).is_authenticated


def test_an_account_with_two_factor_signs_in_before_the_course_opens(
    client, lti_platform, lti_linked_course, lti_student
):
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.factories import DEFAULT_TOTP_SECRET

    TOTP.activate(lti_student.user, DEFAULT_TOTP_SECRET)
    response = launch(client, lti_platform, sub="lms-stella", roles=[LEARNER], email="stella@north.edu")
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("account_login"))
    assert not signed_in_as(client).is_authenticated
    assert Enrolment.objects.filter(student=lti_student).exists()


def test_the_link_page_needs_a_launch_and_a_confirmed_faculty_member(
    client, prof_north, prof_waiting, lti_student
):
    url = reverse("lti:link")
    assert reverse("account_login") in client.get(url)["Location"]
    client.force_login(lti_student.user)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(employer=True))
    assert client.get(url).status_code == 404
    client.force_login(prof_waiting.user)
    assert client.get(url).status_code == 403
    client.force_login(prof_north.user)
    response = client.get(url)
    assert response.status_code == 404 and "No LMS course is waiting" in response.text


def test_the_link_page_lists_the_instructors_courses_in_constant_queries(
    client, lti_platform, prof_north, django_assert_num_queries
):
    CourseFactory(created_by=prof_north, code="BUS 100")
    response = launch(client, lti_platform, sub="lms-nora", roles=[INSTRUCTOR], email="nora@north.edu")
    client.get(response["Location"])
    url = reverse("lti:link")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    budget = len(one)
    for number in range(20):
        CourseFactory(created_by=prof_north, code=f"BUS {200 + number}")
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert len(response.context["courses"]) == 21
