"""The courses' world: North (carol's university) and South, a confirmed and a waiting faculty member at
North, one at South, and a North course with a verified North student enrolled."""

import pytest

from accounts.factories import UserFactory
from courses.factories import CourseFactory, EnrolmentFactory, FacultyProfileFactory
from courses.models import Course, CourseProject, Enrolment, FacultyProfile
from courses.services import course_project_accept, course_project_propose
from students.factories import StudentProfileFactory
from students.models import StudentProfile


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


# --- Course-linked projects (courses/tests/test_course_projects*.py) ----------------------------------------


@pytest.fixture
def course_proposal(north_course, project, member) -> CourseProject:
    """`member` proposed `project` to BUS 301."""
    return course_project_propose(by=member, course=north_course, project=project, message="Hi class")


@pytest.fixture
def course_link_accepted(course_proposal, prof_north, enrolled) -> CourseProject:
    """Nora accepted the proposal: the project is BUS 301's only."""
    return course_project_accept(by=prof_north.user, link=course_proposal)


@pytest.fixture
def north_student_unenrolled(north) -> StudentProfile:
    """A verified North student in no course."""
    return StudentProfileFactory(university=north)
