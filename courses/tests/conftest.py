"""The courses' world: North (carol's university) and South, a confirmed and a waiting faculty member at
North, one at South, and a North course with a verified North student enrolled."""

import pytest

from accounts.factories import UserFactory
from courses.factories import CourseFactory, EnrolmentFactory, FacultyProfileFactory
from courses.models import Course, Enrolment, FacultyProfile
from students.factories import StudentProfileFactory


@pytest.fixture
def prof_north(north) -> FacultyProfile:
    """Professor Nora North, confirmed faculty of North (nora@north.edu)."""
    return FacultyProfileFactory(
        user=UserFactory(faculty=True, email="nora@north.edu", full_name="Nora North"), university=north
    )


@pytest.fixture
def prof_waiting(north) -> FacultyProfile:
    """Walt Waiting, faculty of North not yet confirmed by its career office."""
    return FacultyProfileFactory(
        user=UserFactory(faculty=True, email="walt@north.edu", full_name="Walt Waiting"),
        university=north,
        unconfirmed=True,
    )


@pytest.fixture
def prof_south(south) -> FacultyProfile:
    """Sam South, confirmed faculty of South."""
    return FacultyProfileFactory(
        user=UserFactory(faculty=True, email="sam@south.edu", full_name="Sam South"), university=south
    )


@pytest.fixture
def north_course(prof_north) -> Course:
    """BUS 301 Consulting practicum at North, taught by Nora."""
    return CourseFactory(created_by=prof_north, code="BUS 301")


@pytest.fixture
def enrolled(north_course, north) -> Enrolment:
    """Ella Enrolled, a verified North student, in BUS 301."""
    student = StudentProfileFactory(
        user=UserFactory(student=True, email="ella@north.edu", full_name="Ella Enrolled"), university=north
    )
    return EnrolmentFactory(course=north_course, student=student)
