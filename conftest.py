import datetime as dt
import re
import threading
import uuid
from collections.abc import Callable
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from rest_framework.test import APIClient

from accounts.factories import UserFactory
from accounts.models import Role, User
from applications.factories import ApplicationFactory
from applications.models import Application
from employers.factories import EmployerFactory, EmployerMemberFactory
from employers.models import Employer, EmployerMember, MemberRole
from engagements.models import EngagementStatus
from notifications.models import EmailState, Notification
from projects.factories import ProjectFactory
from projects.models import Project
from students.factories import StudentProfileFactory
from students.models import StudentProfile
from tests.engagement_world import EngagementWorld, make_engagement_world
from universities.factories import UniversityFactory
from universities.models import University
from universities.services import career_staff_add


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits and sessions live in the cache: every test starts without anyone else's counters."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_folders(settings, tmp_path):
    """Each test uploads into folders of its own, deleted with it: tests never see each other's files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


# The shared cast: people, organisations, projects, applications and the engagement world -----------------
# One definition per name; a test module that needs someone different names them after the difference.


@pytest.fixture
def student(db) -> User:
    """Alice Student (alice@example.org), a student user with no profile yet (see `signup_profile`)."""
    return UserFactory(student=True, email="alice@example.org", full_name="Alice Student")


@pytest.fixture
def employer_user(db) -> User:
    """Bob Employer (bob@example.org), an employer user who belongs to no organisation yet."""
    return UserFactory(employer=True, email="bob@example.org", full_name="Bob Employer")


@pytest.fixture
def career_staff_user(db) -> User:
    """Carol Career (carol@example.org), a career-staff user of no university."""
    return UserFactory(career_staff=True, email="carol@example.org", full_name="Carol Career")


@pytest.fixture
def api() -> APIClient:
    """An API client signed in as nobody (``api.force_login(user)`` to act as someone)."""
    return APIClient()


@pytest.fixture
def membership(db) -> EmployerMember:
    """The owner's membership of a fresh organisation: the employer side most tests act as."""
    return EmployerMemberFactory()


@pytest.fixture
def member(membership) -> User:
    """The user of `membership`: an owner of `employer`."""
    return membership.user


@pytest.fixture
def employer(membership) -> Employer:
    """The organisation of `membership`."""
    return membership.employer


@pytest.fixture
def other_member(db) -> User:
    """A member of another organisation than `employer`: someone who must not see its projects."""
    return EmployerMemberFactory().user


@pytest.fixture
def visitors(db) -> dict[str, User]:
    """People with no business on an organisation's pages, by what they are."""
    return {
        "other_employer": EmployerMemberFactory().user,
        "student": StudentProfileFactory().user,
        "career_staff": UserFactory(career_staff=True),
    }


@pytest.fixture
def brightlane(db) -> Employer:
    """Brightlane (slug brightlane), an organisation with a description and a website of its own."""
    return EmployerFactory(
        name="Brightlane",
        slug="brightlane",
        description="We make maps.",
        website="https://brightlane.example",
    )


@pytest.fixture
def owner(brightlane) -> EmployerMember:
    """The owner's membership of Brightlane."""
    return EmployerMemberFactory(employer=brightlane, role=MemberRole.OWNER)


@pytest.fixture
def student_profile(db) -> StudentProfile:
    """A verified student of a fresh university, free 15 hours a week."""
    return StudentProfileFactory()


@pytest.fixture
def unverified_student_profile(db) -> StudentProfile:
    """A student whose university has not verified them yet."""
    return StudentProfileFactory(unverified=True)


@pytest.fixture
def signup_profile(student) -> StudentProfile:
    """Alice's profile as sign-up leaves it: unverified, without university, major or graduation year."""
    return StudentProfileFactory(
        user=student, unverified=True, university=None, major="", graduation_year=None
    )


@pytest.fixture
def project(employer) -> Project:
    """A published project of `employer` with two openings and no screening question."""
    return ProjectFactory(employer=employer, published=True, openings=2)


@pytest.fixture
def screened_project(employer) -> Project:
    """A published project of `employer` with two openings that asks "Which tools would you use?"."""
    return ProjectFactory(
        employer=employer, published=True, openings=2, screening_questions=["Which tools would you use?"]
    )


@pytest.fixture
def application(project) -> Application:
    """A submitted application to `project` from a fresh student."""
    return ApplicationFactory(project=project)


@pytest.fixture
def dana(db) -> StudentProfile:
    """Dana Applicant, a verified student with a bio, a portfolio link and the Europe/Paris time zone."""
    return StudentProfileFactory(
        user=UserFactory(student=True, full_name="Dana Applicant"),
        bio="I like tidy data.",
        links=["https://portfolio.example.org/dana"],
        time_zone="Europe/Paris",
    )


@pytest.fixture
def dana_application(screened_project, dana) -> Application:
    """Dana's submitted application to `screened_project`, with a cover note and her answer."""
    return ApplicationFactory(
        project=screened_project,
        student=dana,
        cover_note="I cleaned data for my student union.",
        answers=[{"question": "Which tools would you use?", "answer": "Python and pandas."}],
    )


@pytest.fixture
def w(request, db) -> EngagementWorld:
    """The engagement world (tests/engagement_world.py): an active engagement with two milestones, its
    student, a member of its organisation and two people with no part in it. The short name is kept
    because about a thousand lines read ``w.engagement``, ``w.student``...

    A module or a test builds it differently with ``@pytest.mark.engagement_world(**kwargs)``, the keyword
    arguments of `make_engagement_world` (e.g. ``milestones=1, teammate=True``)."""
    marker = request.node.get_closest_marker("engagement_world")
    return make_engagement_world(**(marker.kwargs if marker else {}))


@pytest.fixture
def kickoff(db) -> EngagementWorld:
    """The engagement world before the work starts: the engagement waits for both sides at kickoff."""
    return make_engagement_world(status=EngagementStatus.KICKOFF)


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """A real Celery worker process on the Redis broker, writing to this test's database.

    Tasks queued by the test (``.delay()``, or ``transaction.on_commit`` after a real commit) go to a queue
    only this worker reads. The test needs committed data, hence ``transactional_db``. Wait for results with
    ``worker.wait_for(lambda: <condition>)``. (A module needing a worker set up differently uses
    ``tests.celery_worker.worker_running`` with its own environment, under a fixture name of its own.)
    """
    from tests.celery_worker import worker_running

    with worker_running(tmp_path) as worker:
        yield worker


# Notices and the domain's scans (applications, engagements, projects) ------------------------------------


@pytest.fixture
def hiring(db):
    """An organisation with two members, its open project, a student, and people who must hear nothing."""
    owner = EmployerMemberFactory()
    teammate = EmployerMemberFactory(employer=owner.employer, role=MemberRole.MEMBER)
    project = ProjectFactory(employer=owner.employer, published=True, openings=2)
    return SimpleNamespace(
        owner=owner.user,
        teammate=teammate.user,
        members={owner.user.pk, teammate.user.pk},
        project=project,
        student=StudentProfileFactory(),
        other_student=StudentProfileFactory(),
        other_employer=EmployerMemberFactory().user,
    )


@pytest.fixture
def run_overlapping(transactional_db) -> Callable[..., list]:
    """Run a scan twice at once, as two beat processes (or a redelivered task beside the original) would:
    ``run_overlapping(scan, now)`` returns [first's count, second's count].

    The first run records its work and holds its transaction open; the second runs meanwhile on its own
    connection, so its inserts of the same (user, key), or its locks on the same rows, wait for the first to
    commit."""

    def run(scan: Callable[..., object], now: dt.datetime) -> list:
        first_done = threading.Event()
        counts: dict[str, object] = {}

        def first() -> None:
            try:
                with transaction.atomic():
                    counts["first"] = scan(now=now)
                    first_done.set()
                    threading.Event().wait(0.5)  # hold the transaction while the second scan runs
            finally:
                first_done.set()
                connection.close()

        def second() -> None:
            try:
                first_done.wait(10)
                counts["second"] = scan(now=now)
            finally:
                connection.close()

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        return [counts.get("first"), counts.get("second")]

    return run


@pytest.fixture
def deliver_twice_and_wait(celery_worker_process) -> Callable[..., str]:
    """``deliver_twice_and_wait(worker, task, expected_emails)``: send `task` with one id, wait for its
    emails, then deliver the same message again (as the broker does after a lost acknowledgement) and wait
    until the worker has run it a second time; returns the task id."""

    def deliver(worker, task, expected_emails: int) -> str:
        task_id = str(uuid.uuid4())
        task.apply_async(task_id=task_id)
        worker.wait_for(lambda: len(worker.sent_emails()) >= expected_emails, timeout=60, what="the emails")
        task.apply_async(task_id=task_id)
        finished = re.compile(rf"{re.escape(task.name)}\[{task_id}\] succeeded")
        worker.wait_for(
            lambda: len(finished.findall(worker.log())) == 2, timeout=60, what="the second delivery"
        )
        unsent = Notification.objects.filter(email_state__in=[EmailState.PENDING, EmailState.SENDING])
        worker.wait_for(lambda: not unsent.exists(), timeout=30, what="no email left to send")
        return task_id

    return deliver


# The career office's world: North and South, Carol (North's career staff), a site admin ---------------------


@pytest.fixture
def north(db) -> University:
    """North University (slug north, email domain north.edu)."""
    return UniversityFactory(name="North University", slug="north", domain="north.edu")


@pytest.fixture
def south(db) -> University:
    """South University (slug south, email domain south.edu): the other career office, never to be seen."""
    return UniversityFactory(name="South University", slug="south", domain="south.edu")


@pytest.fixture
def carol(north) -> User:
    """Carol Career, career staff of North (enrolled in MFA, as the admin requires)."""
    user = UserFactory(role=Role.CAREER_STAFF, email="carol@north.edu", full_name="Carol Career", mfa=True)
    career_staff_add(user=user, university=north)
    return user


@pytest.fixture
def site_admin(db) -> User:
    """A superuser (root@example.org) with MFA: sees every university."""
    return UserFactory(email="root@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (tests/smtp_server.py) that Django's mail goes to for the test: it refuses addresses
    starting with "refused" (550) and "later" (451)."""
    from tests.smtp_server import RefusingSmtpServer

    server = RefusingSmtpServer()
    server.controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    yield server
    server.controller.stop()
