"""Who hears of a newly published project, in what order, and that nobody hears of it twice."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.factories import ApplicationFactory
from employers.factories import EmployerMemberFactory
from matching.fanout import (
    match_notice_key,
    match_notify_batch,
    match_recipient_batches,
    match_recipients_for_project,
    match_whys_for_students,
)
from matching.scoring import project_student_scores
from matching.tasks import project_match_fanout, project_match_notify_batch
from notifications.models import Delivery, EmailState, Notification, NotificationKind, NotificationPreference
from projects.factories import ProjectFactory, SkillFactory
from projects.models import ProjectStatus, Visibility
from projects.services import project_close, project_publish
from students.factories import StudentProfileFactory
from universities.factories import PartnershipFactory, UniversityFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fanout_settings(settings):
    settings.MARKETPLACE = settings.MARKETPLACE | {
        "MATCH_NOTIFY_THRESHOLD": 60,
        "MATCH_NOTIFY_MAX_PER_PROJECT": 2000,
        "MATCH_FANOUT_BATCH": 1000,
    }


@pytest.fixture
def fanout_skills():
    """The skills every project here requires: Python, SQL and Data analysis."""
    return [SkillFactory(name=name) for name in ("Python", "SQL", "Data analysis")]


@pytest.fixture
def university():
    return UniversityFactory()


@pytest.fixture
def make_project(fanout_skills):
    def make(**kwargs):
        kwargs.setdefault("published", True)
        kwargs.setdefault("estimated_hours", 10)
        kwargs.setdefault("required_skills", fanout_skills)
        return ProjectFactory(**kwargs)

    return make


@pytest.fixture
def fanout_project(make_project):
    """A published project requiring `fanout_skills`, ten hours of work."""
    return make_project()


@pytest.fixture
def make_student(fanout_skills, university):
    """A verified student with every required skill and time to spare: a strong match for `project`."""

    def make(**kwargs):
        kwargs.setdefault("skills", fanout_skills)
        kwargs.setdefault("university", university)
        kwargs.setdefault("weekly_hours_available", 20)
        return StudentProfileFactory(**kwargs)

    return make


def score_of(project, student) -> int:
    return project_student_scores(project=project).get(pk=student.pk).match_score


# --- who is told -------------------------------------------------------------------------------------------


def test_strong_matches_are_told_and_weak_ones_are_not(settings, fanout_project, make_student, fanout_skills):
    strong = make_student()
    weak = make_student(skills=fanout_skills[:1])
    assert score_of(fanout_project, strong) > score_of(fanout_project, weak)
    settings.MARKETPLACE["MATCH_NOTIFY_THRESHOLD"] = score_of(fanout_project, strong)

    assert match_recipients_for_project(project=fanout_project) == [strong.user_id]


def test_students_who_turned_match_notices_off_are_skipped(fanout_project, make_student):
    told, silent = make_student(), make_student()
    NotificationPreference.objects.create(
        user=silent.user, kind=NotificationKind.NEW_MATCH, delivery=Delivery.OFF
    )

    assert match_recipients_for_project(project=fanout_project) == [told.user_id]


def test_students_who_already_applied_are_skipped(fanout_project, make_student):
    told, applied = make_student(), make_student()
    ApplicationFactory(project=fanout_project, student=applied)

    assert match_recipients_for_project(project=fanout_project) == [told.user_id]


def test_unverified_and_deactivated_students_are_skipped(fanout_project, make_student):
    told = make_student()
    make_student(unverified=True)
    inactive = make_student()
    inactive.user.is_active = False
    inactive.user.save(update_fields=["is_active"])

    assert match_recipients_for_project(project=fanout_project) == [told.user_id]


def test_partners_only_projects_reach_only_students_of_active_partners(make_project, make_student):
    project = make_project(visibility=Visibility.PARTNERS)
    partner, requested, ended = UniversityFactory(), UniversityFactory(), UniversityFactory()
    PartnershipFactory(employer=project.employer, university=partner, status=PartnershipStatus.ACTIVE)
    PartnershipFactory(employer=project.employer, university=requested, status=PartnershipStatus.REQUESTED)
    PartnershipFactory(employer=project.employer, university=ended, status=PartnershipStatus.ENDED)
    insider = make_student(university=partner)
    make_student(university=requested)
    make_student(university=ended)
    make_student(university=UniversityFactory())
    make_student(university=partner, unverified=True)

    assert match_recipients_for_project(project=project) == [insider.user_id]


def test_the_cap_limits_how_many_are_told(settings, fanout_project, make_student):
    for _ in range(4):
        make_student()
    settings.MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] = 3
    assert len(match_recipients_for_project(project=fanout_project)) == 3

    settings.MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] = 0
    assert len(match_recipients_for_project(project=fanout_project)) == 4


# --- fair exposure -----------------------------------------------------------------------------------------


def test_equally_good_students_take_turns_everyone_before_anyone_twice(settings, make_project, make_student):
    cap = 5
    settings.MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] = cap
    students = [make_student() for _ in range(3 * cap)]
    assert len({score_of(make_project(), student) for student in students}) == 1

    reached = []
    for days_ago in (3, 2, 1):
        project = make_project()
        recipients = match_recipients_for_project(project=project)
        assert match_notify_batch(project=project, user_ids=recipients) == cap
        # The notices of one test share a transaction, hence a timestamp: spread them out as days would.
        Notification.objects.filter(key=match_notice_key(project=project)).update(
            created_at=timezone.now() - dt.timedelta(days=days_ago)
        )
        reached.append(set(recipients))

    assert set.union(*reached) == {student.user_id for student in students}
    assert sum(len(group) for group in reached) == 3 * cap
    # The next turn goes to those told longest ago.
    assert set(match_recipients_for_project(project=make_project())) == reached[0]


def test_a_better_match_comes_before_rotation(settings, fanout_project, make_student, fanout_skills):
    settings.MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] = 1
    best = make_student()
    make_student(skills=fanout_skills[:2])
    settings.MARKETPLACE["MATCH_NOTIFY_THRESHOLD"] = 1
    earlier = ProjectFactory(published=True, required_skills=fanout_skills)
    match_notify_batch(project=earlier, user_ids=[best.user_id])

    assert match_recipients_for_project(project=fanout_project) == [best.user_id]


def test_a_repeated_fanout_picks_the_same_students(settings, fanout_project, make_student):
    settings.MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] = 3
    for _ in range(6):
        make_student()
    first = match_recipients_for_project(project=fanout_project)
    match_notify_batch(project=fanout_project, user_ids=first)

    assert match_recipients_for_project(project=fanout_project) == first


# --- batches and tasks -------------------------------------------------------------------------------------


def test_recipients_are_cut_into_batches_of_the_configured_size(settings, fanout_project, make_student):
    settings.MARKETPLACE["MATCH_FANOUT_BATCH"] = 3
    for _ in range(7):
        make_student()

    assert [len(batch) for batch in match_recipient_batches(project=fanout_project)] == [3, 3, 1]


def test_the_notice_names_the_project_and_links_to_it(fanout_project, make_student):
    student = make_student()
    assert match_notify_batch(project=fanout_project, user_ids=[student.user_id]) == 1

    notice = Notification.objects.get(user=student.user)
    assert notice.kind == NotificationKind.NEW_MATCH
    assert notice.key == f"match:project:{fanout_project.public_id}"
    assert notice.title == f"New project matching your skills: {fanout_project.title}"
    assert notice.url == reverse("projects:detail", kwargs={"public_id": fanout_project.public_id})
    assert fanout_project.employer.name in notice.body
    # Each student's own why, from the scoring's reasons: the skills they have.
    assert (
        notice.body.split(".")[0]
        == match_whys_for_students(project=fanout_project, user_ids=[student.user_id])[student.user_id]
    )
    assert "Python" in notice.body
    assert notice.email_state == EmailState.DIGEST


def test_a_batch_run_twice_tells_each_student_once(
    fanout_project, make_student, django_capture_on_commit_callbacks
):
    instant = make_student()
    NotificationPreference.objects.create(
        user=instant.user, kind=NotificationKind.NEW_MATCH, delivery=Delivery.INSTANT
    )
    user_ids = [instant.user_id, make_student().user_id]

    with django_capture_on_commit_callbacks() as first:
        assert project_match_notify_batch(fanout_project.pk, user_ids) == 2
    with django_capture_on_commit_callbacks() as second:
        assert project_match_notify_batch(fanout_project.pk, user_ids) == 0

    assert Notification.objects.filter(key=match_notice_key(project=fanout_project)).count() == 2
    assert len(first) == 1  # the instant email, queued once
    assert second == []


def test_nothing_is_told_about_a_project_no_longer_open(fanout_project, make_student):
    student = make_student()
    member = EmployerMemberFactory(employer=fanout_project.employer).user
    project_close(project=fanout_project, user=member)

    assert project_match_fanout(fanout_project.pk) == 0
    assert project_match_notify_batch(fanout_project.pk, [student.user_id]) == 0
    assert not Notification.objects.exists()


def test_nothing_is_told_once_the_deadline_has_passed(make_project, make_student):
    project = make_project()
    student = make_student()
    project.application_deadline = timezone.now() - dt.timedelta(minutes=1)
    project.save(update_fields=["application_deadline"])

    assert project_match_notify_batch(project.pk, [student.user_id]) == 0


def test_publishing_queues_one_fanout_after_commit_and_publishing_again_none(
    make_project, make_student, django_capture_on_commit_callbacks
):
    project = make_project(published=False)
    member = EmployerMemberFactory(employer=project.employer).user

    with django_capture_on_commit_callbacks() as published:
        project_publish(project=project, user=member)
    with django_capture_on_commit_callbacks() as published_again:
        project_publish(project=project, user=member)

    project.refresh_from_db()
    assert project.status == ProjectStatus.OPEN
    assert len(published) == 1
    assert published_again == []


# --- query budgets -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 50])
def test_recipients_take_two_queries_however_many(
    count, fanout_project, make_student, django_assert_num_queries
):
    for _ in range(count):
        make_student()

    # The project's skill ids, then the recipients.
    with django_assert_num_queries(2):
        assert len(match_recipients_for_project(project=fanout_project)) == count


@pytest.mark.parametrize("count", [1, 50])
def test_a_batch_takes_three_queries_however_large(
    count, fanout_project, make_student, django_assert_num_queries
):
    user_ids = [make_student().user_id for _ in range(count)]

    # The project's skill ids, every student's why, then one INSERT … SELECT for the whole batch.
    with django_assert_num_queries(3):
        assert match_notify_batch(project=fanout_project, user_ids=user_ids) == count
