"""Faculty profiles, courses, joining by code, and the roster: the rules, against the real database."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.factories import UserFactory
from courses.models import Course, CourseInvite, Enrolment, EnrolmentSource, RosterImport
from courses.services import (
    course_create,
    course_invites_claim,
    course_join,
    course_join_code_regenerate,
    course_update,
    faculty_confirm,
    faculty_profile_create,
    roster_import_confirm,
    roster_upload_stage,
)
from projects.factories import SkillFactory
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

TERM = {"term_start": dt.date(2027, 1, 10), "term_end": dt.date(2027, 4, 30)}


def _create(user, **changes) -> Course:
    values = {
        "code": "bus  301",
        "title": " Consulting   practicum ",
        "credits": Decimal("5"),
        "expected_hours": 40,
        "learning_outcomes": ["Scope a problem", "  ", "Present findings"],
        "soft_skills": ["problem_solving", "communication"],
        **TERM,
        **changes,
    }
    return course_create(by=user, **values)


def test_a_faculty_profile_is_made_at_the_university_of_the_address(north):
    user = UserFactory(faculty=True, email="new@cs.north.edu")
    profile = faculty_profile_create(user=user, department=" Computing ")
    assert profile.university == north
    assert profile.department == "Computing"
    assert profile.confirmed_at is None
    assert faculty_profile_create(user=user) == profile


def test_a_faculty_profile_needs_a_university_address(north):
    with pytest.raises(ValidationError) as error:
        faculty_profile_create(user=UserFactory(faculty=True, email="someone@gmail.com"))
    assert "email" in error.value.message_dict


def test_only_faculty_accounts_get_a_faculty_profile(north):
    with pytest.raises(ValidationError):
        faculty_profile_create(user=UserFactory(student=True, email="stu@north.edu"))


def test_the_career_office_confirms_its_own_faculty_once(carol, prof_waiting):
    confirmed = faculty_confirm(profile=prof_waiting, by=carol)
    assert confirmed.confirmed_by == carol
    first = confirmed.confirmed_at
    assert faculty_confirm(profile=prof_waiting, by=carol).confirmed_at == first


def test_another_university_may_not_confirm(carol, south):
    from courses.factories import FacultyProfileFactory

    waiting = FacultyProfileFactory(university=south, unconfirmed=True)
    with pytest.raises(PermissionDenied):
        faculty_confirm(profile=waiting, by=carol)
    waiting.refresh_from_db()
    assert waiting.confirmed_at is None


def test_confirmed_faculty_create_a_course_with_cleaned_values(prof_north):
    python = SkillFactory(name="Python")
    course = _create(prof_north.user, skills=[python])
    assert (course.code, course.title) == ("BUS 301", "Consulting practicum")
    assert course.learning_outcomes == ["Scope a problem", "Present findings"]
    assert course.soft_skills == ["communication", "problem_solving"]  # in the choices' order
    assert course.university == prof_north.university
    assert list(course.instructors.all()) == [prof_north]
    assert list(course.skills.all()) == [python]
    assert len(course.join_code) == 8


def test_unconfirmed_faculty_may_not_create_a_course(prof_waiting):
    with pytest.raises(PermissionDenied):
        _create(prof_waiting.user)
    assert not Course.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"term_end": dt.date(2027, 1, 1)}, "term_end"),
        ({"soft_skills": ["juggling"]}, "soft_skills"),
        ({"learning_outcomes": [f"Outcome {n}" for n in range(11)]}, "learning_outcomes"),
    ],
)
def test_bad_course_values_are_refused_by_field(prof_north, changes, field):
    with pytest.raises(ValidationError) as error:
        _create(prof_north.user, **changes)
    assert field in error.value.message_dict


def test_a_course_code_is_unique_per_term_at_a_university(prof_north):
    _create(prof_north.user)
    with pytest.raises(ValidationError) as error:
        _create(prof_north.user, code="BUS 301")
    assert "code" in error.value.message_dict
    assert Course.objects.count() == 1


def test_only_instructors_update_a_course(north_course, prof_north, prof_south):
    course_update(course=north_course, by=prof_north.user, title="Renamed", skills=[])
    north_course.refresh_from_db()
    assert north_course.title == "Renamed"
    with pytest.raises(ValidationError):
        course_update(course=north_course, by=prof_south.user, title="Taken over")


def test_a_student_joins_by_code_once(north_course):
    student = StudentProfileFactory()
    course, created = course_join(user=student.user, code=f" {north_course.join_code.lower()} ")
    assert (course, created) == (north_course, True)
    assert course_join(user=student.user, code=north_course.join_code) == (north_course, False)
    assert Enrolment.objects.get().source == EnrolmentSource.JOIN_CODE


def test_a_wrong_code_or_a_non_student_is_refused(north_course, prof_south):
    with pytest.raises(ValidationError):
        course_join(user=StudentProfileFactory().user, code="NOPE1234")
    with pytest.raises(ValidationError):
        course_join(user=prof_south.user, code=north_course.join_code)
    assert not Enrolment.objects.exists()


def test_a_new_code_stops_the_old_one(north_course, prof_north):
    old = north_course.join_code
    course_join_code_regenerate(course=north_course, by=prof_north.user)
    assert north_course.join_code != old
    with pytest.raises(ValidationError):
        course_join(user=StudentProfileFactory().user, code=old)


def _roster(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("class.csv", text.encode(), content_type="text/csv")


def test_a_roster_is_checked_row_by_row(
    north_course, prof_north, enrolled, south, django_assert_max_num_queries
):
    StudentProfileFactory(user=UserFactory(student=True, email="known@north.edu"))
    UserFactory(employer=True, email="boss@north.edu")
    CourseInvite.objects.create(course=north_course, email="pending@north.edu")
    text = (
        "Email;Full name\n"
        "Known@North.edu;Kim Known\n"
        "ella@north.edu;Ella\n"
        "newbie@north.edu;Nia New\n"
        "not-an-address;X\n"
        "known@north.edu;Again\n"
        "boss@north.edu;Boss\n"
        "someone@south.edu;Other\n"
        "pending@north.edu;P\n"
    )
    with django_assert_max_num_queries(12):
        roster = roster_upload_stage(course=north_course, by=prof_north.user, upload=_roster(text))
    outcome = {row["line"]: (row["action"], row["problem"]) for row in roster.rows}
    assert outcome[2] == ("enrol", "")
    assert outcome[3] == ("", "Already enrolled.")
    assert outcome[4] == ("invite", "")
    assert "not a valid email" in outcome[5][1]
    assert outcome[6][1] == "Duplicate of line 2."
    assert "not a student" in outcome[7][1]
    assert "another university (South University)" in outcome[8][1]
    assert "Already invited" in outcome[9][1]
    assert not Enrolment.objects.filter(student__user__email="known@north.edu").exists()  # nothing yet

    assert roster_import_confirm(roster=roster, by=prof_north.user) == {"enrolled": 1, "invited": 1}
    assert roster_import_confirm(roster=roster, by=prof_north.user) == {"enrolled": 0, "invited": 0}
    assert Enrolment.objects.filter(course=north_course).count() == 2
    assert CourseInvite.objects.filter(email="newbie@north.edu", course=north_course).exists()


def test_an_unreadable_roster_is_refused_whole(north_course, prof_north):
    with pytest.raises(ValidationError) as error:
        roster_upload_stage(course=north_course, by=prof_north.user, upload=_roster("name\nNia\n"))
    assert error.value.code == "bad_header"
    assert not RosterImport.objects.exists()


def test_faculty_of_another_course_cannot_stage_or_confirm(north_course, prof_north, prof_south):
    from django.http import Http404

    with pytest.raises(Http404):
        roster_upload_stage(course=north_course, by=prof_south.user, upload=_roster("email\na@north.edu\n"))
    roster = roster_upload_stage(
        course=north_course, by=prof_north.user, upload=_roster("email\na@north.edu\n")
    )
    with pytest.raises(Http404):
        roster_import_confirm(roster=roster, by=prof_south.user)
    assert not CourseInvite.objects.exists()


def test_an_invited_address_joins_when_confirmed(north_course):
    CourseInvite.objects.create(course=north_course, email="nia@north.edu")
    student = StudentProfileFactory(user=UserFactory(student=True, email="nia@north.edu"))
    assert course_invites_claim(user=student.user, email="NIA@north.edu") == 1
    assert course_invites_claim(user=student.user, email="nia@north.edu") == 0
    assert Enrolment.objects.get(course=north_course).student == student
