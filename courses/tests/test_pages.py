"""The course pages for every kind of visitor, the faculty sign-up, the career office's confirmation in the
admin, and the pages' query budgets."""

import datetime as dt
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from applications.factories import ApplicationFactory
from courses.factories import CourseFactory, EnrolmentFactory
from courses.models import Course, CourseInvite, Enrolment, FacultyProfile
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import HoursLog, MilestoneStatus
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

FACULTY_PAGES = ["detail", "edit"]


def _visitor(name: str, *, north, south, prof_north, prof_waiting, prof_south, enrolled) -> User | None:
    others = {
        "anonymous": None,
        "instructor": prof_north.user,
        "unconfirmed_faculty": prof_waiting.user,
        "faculty_elsewhere": prof_south.user,
        "enrolled_student": enrolled.student.user,
        "student_not_enrolled": StudentProfileFactory(university=north).user,
        "employer": EmployerMemberFactory().user,
    }
    return others[name]


VISITORS = [
    "anonymous",
    "instructor",
    "unconfirmed_faculty",
    "faculty_elsewhere",
    "enrolled_student",
    "student_not_enrolled",
    "employer",
]
# What each visitor gets on a faculty page of BUS 301 (a 302 is the login page).
FACULTY_PAGE_STATUS = {
    "anonymous": 302,
    "instructor": 200,
    "unconfirmed_faculty": 403,
    "faculty_elsewhere": 404,
    "enrolled_student": 404,
    "student_not_enrolled": 404,
    "employer": 404,
}
STUDENT_PAGE_STATUS = {
    "anonymous": 302,
    "instructor": 404,
    "unconfirmed_faculty": 404,
    "faculty_elsewhere": 404,
    "enrolled_student": 200,
    "student_not_enrolled": 404,
    "employer": 404,
}


@pytest.fixture
def visitor_world(north, south, prof_north, prof_waiting, prof_south, enrolled) -> dict:
    return {
        "north": north,
        "south": south,
        "prof_north": prof_north,
        "prof_waiting": prof_waiting,
        "prof_south": prof_south,
        "enrolled": enrolled,
    }


def _as(client, visitor_world, name: str):
    user = _visitor(name, **visitor_world)
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize("name", VISITORS)
@pytest.mark.parametrize("page", FACULTY_PAGES)
def test_a_courses_faculty_pages_open_only_for_its_instructors(
    client, visitor_world, north_course, name, page
):
    _as(client, visitor_world, name)
    response = client.get(reverse(f"courses:{page}", args=[north_course.public_id]))
    assert response.status_code == FACULTY_PAGE_STATUS[name]
    if name == "unconfirmed_faculty":
        assert "waiting for confirmation" in response.text
    if response.status_code != 200:
        assert north_course.join_code not in response.text


@pytest.mark.parametrize("name", VISITORS)
@pytest.mark.parametrize("page", ["join_code_regenerate", "roster_upload"])
def test_a_courses_faculty_actions_refuse_everyone_else_and_change_nothing(
    client, visitor_world, north_course, name, page
):
    _as(client, visitor_world, name)
    code = north_course.join_code
    upload = SimpleUploadedFile("r.csv", b"email\nzed@north.edu\n", content_type="text/csv")
    response = client.post(reverse(f"courses:{page}", args=[north_course.public_id]), {"file": upload})
    north_course.refresh_from_db()
    if name == "instructor":
        assert response.status_code == 302
        return
    assert response.status_code == FACULTY_PAGE_STATUS[name]
    assert north_course.join_code == code
    assert not north_course.roster_imports.exists()


@pytest.mark.parametrize("name", VISITORS)
def test_a_roster_preview_opens_only_for_the_instructors(
    client, visitor_world, north_course, prof_north, name
):
    from courses.services import roster_upload_stage

    upload = SimpleUploadedFile("r.csv", b"email\nzed@north.edu\n", content_type="text/csv")
    roster = roster_upload_stage(course=north_course, by=prof_north.user, upload=upload)
    _as(client, visitor_world, name)
    url = reverse("courses:roster_preview", args=[north_course.public_id, roster.pk])
    assert client.get(url).status_code == FACULTY_PAGE_STATUS[name]
    response = client.post(url)
    assert response.status_code == (302 if name == "instructor" else FACULTY_PAGE_STATUS[name])
    assert CourseInvite.objects.exists() == (name == "instructor")


@pytest.mark.parametrize("name", VISITORS)
def test_the_faculty_dashboard_and_new_course_page(client, visitor_world, north_course, name):
    _as(client, visitor_world, name)
    dashboard = client.get(reverse("courses:dashboard"))
    new = client.get(reverse("courses:new"))
    if name in {"instructor", "faculty_elsewhere"}:
        assert (dashboard.status_code, new.status_code) == (200, 200)
        assert ("BUS 301" in dashboard.text) == (name == "instructor")
    elif name == "unconfirmed_faculty":
        assert dashboard.status_code == 200 and "waiting for confirmation" in dashboard.text
        assert "North University" in dashboard.text
        assert new.status_code == 403
    else:
        assert dashboard.status_code == new.status_code == FACULTY_PAGE_STATUS[name]


@pytest.mark.parametrize("name", VISITORS)
def test_a_students_course_page_opens_only_for_enrolled_students(client, visitor_world, north_course, name):
    _as(client, visitor_world, name)
    response = client.get(reverse("courses:student_course", args=[north_course.public_id]))
    assert response.status_code == STUDENT_PAGE_STATUS[name]
    mine = client.get(reverse("courses:mine"))
    if name in {"enrolled_student", "student_not_enrolled"}:
        assert mine.status_code == 200
        assert ("BUS 301" in mine.text) == (name == "enrolled_student")
    else:
        assert mine.status_code == STUDENT_PAGE_STATUS[name]


@pytest.mark.parametrize("name", VISITORS)
def test_only_students_join_by_code(client, visitor_world, north_course, name):
    user = _as(client, visitor_world, name)
    response = client.post(reverse("courses:join"), {"code": north_course.join_code})
    if name in {"enrolled_student", "student_not_enrolled"}:
        assert response.status_code == 302
        assert Enrolment.objects.filter(course=north_course, student__user=user).exists()
    else:
        assert response.status_code == STUDENT_PAGE_STATUS[name]
        assert Enrolment.objects.filter(course=north_course).count() == 1


def test_the_join_link_asks_before_joining(client, north_course):
    student = StudentProfileFactory()
    client.force_login(student.user)
    page = client.get(reverse("courses:join_link", args=[north_course.join_code]))
    assert page.status_code == 200
    assert f'value="{north_course.join_code}"' in page.text
    assert not Enrolment.objects.exists()
    wrong = client.post(reverse("courses:join"), {"code": "WRONG123"})
    assert wrong.status_code == 400
    assert "No course has this join code" in wrong.text


def test_faculty_create_and_edit_a_course_through_the_form(client, prof_north):
    client.force_login(prof_north.user)
    data = {
        "code": "ENG 210",
        "title": "Technical writing",
        "term_start": "2027-01-10",
        "term_end": "2027-04-30",
        "credits": "3",
        "expected_hours": "30",
        "learning_outcomes": "Write for a reader\n\nEdit a peer's draft",
        "soft_skills": ["communication", "time_management"],
        "skills": "",
    }
    response = client.post(reverse("courses:new"), data)
    course = Course.objects.get()
    assert response.url == reverse("courses:detail", args=[course.public_id])
    assert course.learning_outcomes == ["Write for a reader", "Edit a peer's draft"]
    bad = client.post(reverse("courses:edit", args=[course.public_id]), {**data, "term_end": "2026-01-01"})
    assert bad.status_code == 200
    assert "The term must end after it starts." in bad.text
    assert client.post(reverse("courses:new"), data).status_code == 200  # same code and term: refused inline
    assert Course.objects.count() == 1


def _busy_student(course: Course, today: dt.date) -> None:
    """An enrolled student with an application, an engagement, hours in and out of term, a late milestone."""
    enrolment = EnrolmentFactory(course=course)
    ApplicationFactory(student=enrolment.student)
    engagement = EngagementFactory(student=enrolment.student)
    HoursLog.objects.create(engagement=engagement, date=today, hours=Decimal("2.5"))
    HoursLog.objects.create(engagement=engagement, date=course.term_start - dt.timedelta(days=5), hours=4)
    MilestoneFactory(
        engagement=engagement, due_date=today - dt.timedelta(days=2), status=MilestoneStatus.PENDING
    )
    MilestoneFactory(
        engagement=engagement, due_date=today - dt.timedelta(days=2), status=MilestoneStatus.APPROVED
    )


def test_the_course_page_shows_each_students_work_in_constant_queries(
    client, north_course, prof_north, django_assert_num_queries
):
    today = timezone.localdate()
    client.force_login(prof_north.user)
    _busy_student(north_course, today)
    url = reverse("courses:detail", args=[north_course.public_id])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
    budget = len(one)  # read now: the next request clears the log it is a view of
    assert budget > 0
    row = response.context["rows"][0]
    assert (row.application_count, row.engagement_count, row.late_milestone_count) == (1, 1, 1)
    assert row.hours_logged == Decimal("2.5")  # the hours before the term do not count
    for _ in range(19):
        _busy_student(north_course, today)
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert len(response.context["rows"]) == 20


def test_the_course_page_names_each_students_column_and_wraps_emails_at_the_at(
    client, north_course, prof_north
):
    """On a phone the table stacks and each cell shows its data-label (courses.css), so every cell has one."""
    EnrolmentFactory(
        course=north_course,
        student=StudentProfileFactory(
            university=north_course.university, user__email="o'brien.featherstonehaugh@students.north.edu"
        ),
    )
    client.force_login(prof_north.user)
    page = client.get(reverse("courses:detail", args=[north_course.public_id])).text
    for label in ("Student", "Applications", "Engagements", "Hours", "Milestones late"):
        assert page.count(f'data-label="{label}"') == 1, label
    assert "o&#x27;brien.featherstonehaugh<wbr>@students.north.edu" in page


def test_the_students_pages_run_constant_queries(client, north, django_assert_num_queries):
    student = StudentProfileFactory(university=north)
    client.force_login(student.user)
    course = CourseFactory()
    EnrolmentFactory(course=course, student=student)
    engagement = EngagementFactory(student=student)
    HoursLog.objects.create(engagement=engagement, date=timezone.localdate(), hours=3)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("courses:mine"))
    with CaptureQueriesContext(connection) as one:
        page = client.get(reverse("courses:mine"))
    budget = len(one)
    assert budget > 0
    assert "3 of 40 hours logged" in page.text
    for _ in range(10):
        EnrolmentFactory(student=student)
    with django_assert_num_queries(budget):
        assert len(client.get(reverse("courses:mine")).context["progress"]) == 11
    detail = client.get(reverse("courses:student_course", args=[course.public_id]))
    assert "37 to go" in detail.text


# --- Sign-up and the career office's confirmation ----------------------------------------------------------


def _sign_up(client, *, email: str, role: str = "faculty"):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": "Fay Faculty",
            "email": email,
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "role": role,
            "department": "Economics",
        },
    )


def test_faculty_sign_up_with_their_university_address_and_wait(client, north):
    response = _sign_up(client, email="fay@north.edu")
    assert response.status_code == 302
    user = User.objects.get(email="fay@north.edu")
    assert user.role == Role.FACULTY
    profile = FacultyProfile.objects.get(user=user)
    assert (profile.university, profile.department, profile.confirmed_at) == (north, "Economics", None)
    assert len(mail.outbox) == 1  # the address confirmation, as for everyone
    EmailAddress.objects.filter(user=user).update(verified=True)
    client.force_login(user)
    page = client.get(reverse("dashboard"), follow=True)
    assert "waiting for confirmation" in page.text


def test_faculty_with_another_address_are_refused_inline(client, north):
    response = _sign_up(client, email="fay@gmail.com")
    assert response.status_code == 200
    assert "Faculty sign up with their university email address" in response.text
    assert not User.objects.filter(email="fay@gmail.com").exists()


def test_the_sign_up_page_offers_faculty(client):
    page = client.get(reverse("account_signup")).text
    assert 'value="faculty"' in page
    assert "I teach at a university" in page


def test_career_staff_see_and_confirm_only_their_own_faculty(client, carol, prof_waiting, south):
    from courses.factories import FacultyProfileFactory

    southern = FacultyProfileFactory(university=south, unconfirmed=True, user__email="x@south.edu")
    client.force_login(carol)
    changelist = client.get(reverse("admin:courses_facultyprofile_changelist"))
    assert changelist.status_code == 200
    assert "walt@north.edu" in changelist.text and "x@south.edu" not in changelist.text
    assert client.get(reverse("admin:courses_facultyprofile_change", args=[southern.pk])).status_code == 302
    client.post(
        reverse("admin:courses_facultyprofile_changelist"),
        {"action": "confirm_faculty", "_selected_action": [prof_waiting.pk, southern.pk]},
    )
    prof_waiting.refresh_from_db()
    southern.refresh_from_db()
    assert prof_waiting.confirmed_by == carol
    assert southern.confirmed_at is None


def test_a_roster_invitee_joins_when_they_confirm_their_address(client, north_course):
    CourseInvite.objects.create(course=north_course, email="nia@north.edu")
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Nia New",
            "email": "nia@north.edu",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "role": "student",
        },
    )
    user = User.objects.get(email="nia@north.edu")
    assert not Enrolment.objects.filter(student__user=user).exists()
    key = mail.outbox[-1].body.split("/accounts/confirm-email/")[1].split("/")[0]
    client.post(reverse("account_confirm_email", args=[key]))
    assert Enrolment.objects.filter(course=north_course, student__user=user).exists()


def test_site_staff_see_every_universitys_faculty_and_courses(
    client, site_admin, prof_waiting, prof_south, north_course
):
    client.force_login(site_admin)
    changelist = client.get(reverse("admin:courses_facultyprofile_changelist"))
    assert "walt@north.edu" in changelist.text and "sam@south.edu" in changelist.text
    assert client.get(reverse("admin:courses_facultyprofile_change", args=[prof_south.pk])).status_code == 200
    assert client.get(reverse("admin:courses_course_change", args=[north_course.pk])).status_code == 200
    assert client.get(reverse("admin:courses_facultyprofile_add")).status_code == 403


def test_career_staff_see_only_their_universitys_courses(client, carol, north_course, prof_south):
    southern = CourseFactory(created_by=prof_south, code="SOU 1")
    client.force_login(carol)
    changelist = client.get(reverse("admin:courses_course_changelist"))
    assert changelist.status_code == 200
    assert "BUS 301" in changelist.text and "SOU 1" not in changelist.text
    assert client.get(reverse("admin:courses_course_change", args=[southern.pk])).status_code == 302
