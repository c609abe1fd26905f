"""Who hears of a newly published project, in what order, and that nobody hears of it twice."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from employers.factories import EmployerMemberFactory
from matching.fanout import (
    match_notice_key,
    match_notify_batch,
    match_notify_range,
    match_recipient_batches,
    match_recipient_ranges,
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


def test_each_cap_tells_the_first_students_of_the_whole_ranking(
    settings, fanout_project, make_student, fanout_skills
):
    """The capped ranking orders only the students at or above the cap-th best score; whatever the cap, it
    names the first students of the uncapped ranking, ties at that score included."""
    settings.MARKETPLACE["MATCH_NOTIFY_THRESHOLD"] = 1
    python, sql, _ = fanout_skills
    for skills in [fanout_skills, fanout_skills, [python, sql], [python, sql], [python], [sql]]:
        make_student(skills=skills)
    settings.MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] = 0
    ranking = match_recipients_for_project(project=fanout_project)
    assert len(ranking) == 6

    for cap in range(1, 8):
        settings.MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] = cap
        assert match_recipients_for_project(project=fanout_project) == ranking[:cap], cap


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

    # The project's skills, SET LOCAL jit = off, then one INSERT … SELECT that scores and writes the batch.
    with django_assert_num_queries(3):
        assert match_notify_batch(project=fanout_project, user_ids=user_ids) == count


# --- the batch statement: whys in SQL, ranges, retries, preferences -----------------------------------------


def _why_of(notice: Notification) -> str:
    return notice.body.split(". ")[0]


def test_the_batch_statement_writes_the_same_why_as_the_scoring_reasons(
    make_project, make_student, fanout_skills
):
    """Every branch of `match_from_row`'s why, written by the batch statement in SQL, word for word."""
    python, sql, data = fanout_skills
    design = SkillFactory(name="Design")
    project = make_project(required_skills=[python, sql, data], nice_to_have_skills=[design])
    one_required = make_project(required_skills=[sql])
    nice_only = make_project(required_skills=[], nice_to_have_skills=[design, python])
    students = [
        make_student(),  # all required
        make_student(skills=[sql, python]),  # two of three
        make_student(skills=[design]),  # only a nice-to-have
        make_student(skills=[SkillFactory(name="Welding")]),  # nothing asked for
        make_student(skills=[design, python]),  # two nice-to-haves
        make_student(weekly_hours_available=1),  # more hours than their week has left
    ]
    user_ids = [student.user_id for student in students]
    seen = set()
    for each in (project, one_required, nice_only):
        assert match_notify_batch(project=each, user_ids=user_ids) == len(user_ids)
        expected = match_whys_for_students(project=each, user_ids=user_ids)
        notices = Notification.objects.filter(key=match_notice_key(project=each))
        assert {notice.user_id: _why_of(notice) for notice in notices} == expected
        seen |= set(expected.values())
    for start in ("All 3 required", "2 of 3 required", "The required skill: SQL", "Nice-to-have skill:",
                  "Nice-to-have skills:", "Few of the skills"):  # fmt: skip
        assert any(why.startswith(start) for why in seen), start
    assert any(why.endswith("more hours than your week has left") for why in seen)


def test_a_user_without_a_student_profile_gets_the_notice_without_a_why(fanout_project):
    user = UserFactory()
    assert match_notify_batch(project=fanout_project, user_ids=[user.pk]) == 1

    assert Notification.objects.get(user=user).body.startswith(fanout_project.employer.name)


def _range_notices(project):
    return Notification.objects.filter(key=match_notice_key(project=project))


def _notify_all_ranges(project) -> int:
    return sum(
        match_notify_range(project=project, students=students)
        for page in match_recipient_ranges(project=project)
        for students in page
    )


def test_ranges_reach_exactly_the_ranked_recipients_with_the_same_texts(
    settings, make_project, make_student, fanout_skills
):
    settings.MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] = 0
    settings.MARKETPLACE["MATCH_FANOUT_BATCH"] = 2
    project = make_project()
    strong = [make_student() for _ in range(4)]
    make_student(skills=fanout_skills[:1])  # below the threshold
    make_student(unverified=True)
    applied = make_student()
    ApplicationFactory(project=project, student=applied)
    silent = make_student()
    NotificationPreference.objects.create(
        user=silent.user, kind=NotificationKind.NEW_MATCH, delivery=Delivery.OFF
    )
    ranked = match_recipients_for_project(project=project)

    assert _notify_all_ranges(project) == len(ranked) == 4
    told = _range_notices(project)
    assert set(told.values_list("user_id", flat=True)) == set(ranked) == {s.user_id for s in strong}
    expected = match_whys_for_students(project=project, user_ids=ranked)
    assert {notice.user_id: _why_of(notice) for notice in told} == expected


def test_ranges_cover_every_candidate_once_across_pages(settings, monkeypatch, fanout_project, make_student):
    settings.MARKETPLACE["MATCH_FANOUT_BATCH"] = 3
    monkeypatch.setattr("matching.fanout.recipients.RANGE_PAGE_BATCHES", 2)
    students = sorted(make_student().pk for _ in range(14))

    pages = list(match_recipient_ranges(project=fanout_project))

    assert [len(page) for page in pages] == [2, 2, 1]
    ranges = [students_range for page in pages for students_range in page]
    covered = [[pk for pk in students if r["after"] < pk <= r["upto"]] for r in ranges]
    assert [len(group) for group in covered] == [3, 3, 3, 3, 2]
    assert [pk for group in covered for pk in group] == students


def test_a_retried_range_writes_and_emails_nothing_twice(
    settings, fanout_project, make_student, django_capture_on_commit_callbacks
):
    settings.MARKETPLACE["MATCH_FANOUT_BATCH"] = 10
    instant = make_student()
    NotificationPreference.objects.create(
        user=instant.user, kind=NotificationKind.NEW_MATCH, delivery=Delivery.INSTANT
    )
    make_student()
    [[students]] = list(match_recipient_ranges(project=fanout_project))

    with django_capture_on_commit_callbacks() as first:
        assert project_match_notify_batch(fanout_project.pk, students) == 2
    with django_capture_on_commit_callbacks() as second:
        assert project_match_notify_batch(fanout_project.pk, students) == 0

    assert _range_notices(fanout_project).count() == 2
    assert len(first) == 1  # the instant email, queued once
    assert second == []


def test_the_range_batch_honours_each_students_preference(settings, fanout_project, make_student):
    settings.MARKETPLACE["MATCH_FANOUT_BATCH"] = 10
    default, instant, digest, off = (make_student() for _ in range(4))
    for student, delivery in ((instant, Delivery.INSTANT), (digest, Delivery.DIGEST), (off, Delivery.OFF)):
        NotificationPreference.objects.create(
            user=student.user, kind=NotificationKind.NEW_MATCH, delivery=delivery
        )

    assert _notify_all_ranges(fanout_project) == 3

    states = dict(_range_notices(fanout_project).values_list("user_id", "email_state"))
    assert states == {
        default.user_id: EmailState.DIGEST,
        instant.user_id: EmailState.PENDING,
        digest.user_id: EmailState.DIGEST,
    }


def test_the_uncapped_fanout_queues_one_batch_per_range_after_commit(
    settings, fanout_project, make_student, django_capture_on_commit_callbacks
):
    settings.MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] = 0
    settings.MARKETPLACE["MATCH_FANOUT_BATCH"] = 3
    for _ in range(7):
        make_student()

    with django_capture_on_commit_callbacks() as queued:
        assert project_match_fanout(fanout_project.pk) == 3
    assert len(queued) == 3


@pytest.mark.parametrize("count", [1, 50])
def test_a_range_takes_three_queries_however_large(
    count, settings, fanout_project, make_student, django_assert_num_queries
):
    settings.MARKETPLACE["MATCH_FANOUT_BATCH"] = 100
    for _ in range(count):
        make_student()
    [[students]] = list(match_recipient_ranges(project=fanout_project))

    # The project's skills, SET LOCAL jit = off, then one INSERT … SELECT that scores and writes the batch.
    with django_assert_num_queries(3):
        assert match_notify_range(project=fanout_project, students=students) == count
