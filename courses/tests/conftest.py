"""The courses' world: North (carol's university) and South, a confirmed and a waiting faculty member at
North, one at South, and a North course with a verified North student enrolled."""

import json
import threading
from http.server import ThreadingHTTPServer

import pytest
from pylti1p3.contrib.django.lti1p3_tool_config.models import LtiTool, LtiToolKey

from accounts.factories import UserFactory
from courses.factories import CourseFactory, EnrolmentFactory, FacultyProfileFactory
from courses.models import Course, CourseProject, Enrolment, FacultyProfile, LtiContextLink
from courses.services import course_project_accept, course_project_propose
from courses.tests.credit_world import CreditWorld, make_credit_world
from courses.tests.lti_world import (
    CLIENT_ID,
    CONTEXT_ID,
    DEPLOYMENT_ID,
    ISSUER,
    SimulatedPlatform,
    platform_handler,
)
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


# --- Academic credit (courses/tests/test_credit_rules.py, test_credit_pages.py) -------------------------


@pytest.fixture
def credit_case(north_course, prof_north, prof_waiting, prof_south) -> CreditWorld:
    """The credit world of credit_world.py around BUS 301 (courses/tests/test_credit_*.py)."""
    return make_credit_world(
        north_course=north_course, prof_north=prof_north, prof_waiting=prof_waiting, prof_south=prof_south
    )


# --- LTI: the simulated LMS (courses/tests/test_lti_*.py, helpers in lti_world.py) -------------------


@pytest.fixture(scope="module")
def lti_platform_server():
    """The simulated LMS, listening on the first free port of 8150-8159."""
    for port in range(8150, 8160):
        platform = SimulatedPlatform(port)
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), platform_handler(platform))
        except OSError:
            continue
        break
    else:
        pytest.fail("No free port in 8150-8159 for the simulated LMS")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield platform
    server.shutdown()
    server.server_close()


@pytest.fixture
def lti_platform(lti_platform_server, db) -> SimulatedPlatform:
    """The LMS registered in the admin's tables (LtiTool with our LtiToolKey), with no members yet."""
    platform = lti_platform_server
    platform.members = []
    platform.access_tokens.clear()
    platform.requests.clear()
    key = LtiToolKey.objects.create(
        name="north-lms", private_key=platform.tool_private_pem, public_key=platform.tool_public_pem
    )
    LtiTool.objects.create(
        title="North Canvas",
        issuer=ISSUER,
        client_id=CLIENT_ID,
        auth_login_url=f"{platform.base}/authorize",
        auth_token_url=f"{platform.base}/token",
        key_set_url=f"{platform.base}/jwks",
        tool_key=key,
        deployment_ids=json.dumps([DEPLOYMENT_ID]),
    )
    return platform


@pytest.fixture
def lti_linked_course(lti_platform, north_course, prof_north) -> LtiContextLink:
    """The LMS course CONTEXT_ID linked to BUS 301, with its memberships URL."""
    return LtiContextLink.objects.create(
        tool=LtiTool.objects.get(client_id=CLIENT_ID),
        context_id=CONTEXT_ID,
        context_title="Consulting practicum",
        course=north_course,
        memberships_url=lti_platform.memberships_url(),
        linked_by=prof_north.user,
    )


@pytest.fixture
def lti_student(north):
    """Stella Student, a North student with an account, not enrolled anywhere."""
    return StudentProfileFactory(
        user=UserFactory(student=True, email="stella@north.edu", full_name="Stella Student"), university=north
    )
