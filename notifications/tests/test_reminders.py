"""Reminder scans: each fires once, not before its time, only for what is still open, to the right people."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string
from django_celery_beat.models import PeriodicTask

from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationStatus
from employers.factories import EmployerMemberFactory
from employers.models import MemberRole
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import EngagementStatus, MilestoneStatus, Review, ReviewSide
from engagements.tests.conftest import make_engagement
from notifications import reminders
from notifications.models import Notification, NotificationKind
from projects.factories import ProjectFactory
from projects.models import ProjectStatus, SavedProject
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


def users_told(**filters) -> set[int]:
    return set(Notification.objects.filter(**filters).values_list("user_id", flat=True))


def later(hours: float = 0, days: float = 0) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours, days=days)


# Saved projects -----------------------------------------------------------------------------------


@pytest.fixture
def saved():
    project = ProjectFactory(published=True, application_deadline=later(days=10))
    savers = [StudentProfileFactory() for _ in range(3)]
    for student in savers:
        SavedProject.objects.create(student=student, project=project)
    return SimpleNamespace(project=project, savers=savers)


def test_savers_hear_once_when_the_deadline_is_48_hours_away(saved):
    now = saved.project.application_deadline - dt.timedelta(hours=47)
    assert reminders.saved_project_deadlines_remind(now=now) == 3
    assert reminders.saved_project_deadlines_remind(now=now + dt.timedelta(hours=1)) == 0
    assert users_told(kind=NotificationKind.DEADLINE) == {student.user_id for student in saved.savers}
    notice = Notification.objects.first()
    assert notice.key == f"deadline:project:{saved.project.pk}"
    assert saved.project.title in notice.title


def test_savers_hear_nothing_before_the_48_hours(saved):
    now = saved.project.application_deadline - dt.timedelta(hours=49)
    assert reminders.saved_project_deadlines_remind(now=now) == 0


def test_savers_who_applied_in_any_way_hear_nothing(saved):
    applied, withdrew, closed = saved.savers
    ApplicationFactory(project=saved.project, student=applied)
    ApplicationFactory(project=saved.project, student=withdrew, status=ApplicationStatus.WITHDRAWN)
    ApplicationFactory(project=saved.project, student=closed, status=ApplicationStatus.CLOSED)
    now = saved.project.application_deadline - dt.timedelta(hours=2)
    assert reminders.saved_project_deadlines_remind(now=now) == 0


@pytest.mark.parametrize("status", [ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED])
def test_a_project_no_longer_open_reminds_nobody(saved, status):
    saved.project.status = status
    saved.project.save(update_fields=["status"])
    now = saved.project.application_deadline - dt.timedelta(hours=2)
    assert reminders.saved_project_deadlines_remind(now=now) == 0


def test_a_passed_deadline_reminds_nobody(saved):
    now = saved.project.application_deadline + dt.timedelta(minutes=1)
    assert reminders.saved_project_deadlines_remind(now=now) == 0


def test_the_lead_time_follows_the_setting(saved, settings):
    settings.MARKETPLACE = {**settings.MARKETPLACE, "REMINDER_LEAD_HOURS": 24}
    now = saved.project.application_deadline - dt.timedelta(hours=30)
    assert reminders.saved_project_deadlines_remind(now=now) == 0
    assert reminders.saved_project_deadlines_remind(now=now + dt.timedelta(hours=7)) == 3


# Milestones and engagements -----------------------------------------------------------------------


@pytest.fixture
def w():
    world = make_engagement(milestones=1)
    world.teammate = EmployerMemberFactory(employer=world.engagement.employer, role=MemberRole.MEMBER).user
    world.members = {world.employer.pk, world.teammate.pk}
    world.milestone = world.milestones[0]
    return world


def due_in(milestone, days: int) -> None:
    milestone.due_date = timezone.localdate() + dt.timedelta(days=days)
    milestone.save(update_fields=["due_date"])


def test_a_milestone_due_within_48_hours_reminds_the_student_once(w):
    due_in(w.milestone, 1)
    now = timezone.now()
    assert reminders.milestone_deadlines_remind(now=now) == 1
    assert reminders.milestone_deadlines_remind(now=now + dt.timedelta(hours=1)) == 0
    assert users_told(key__startswith=f"milestone:{w.milestone.pk}:due") == {w.student.pk}


def test_a_milestone_due_later_is_not_reminded_yet(w):
    due_in(w.milestone, 3)
    assert reminders.milestone_deadlines_remind(now=timezone.now()) == 0


def test_an_overdue_milestone_tells_both_sides_once(w):
    due_in(w.milestone, -1)
    assert reminders.milestone_deadlines_remind(now=timezone.now()) == 3
    assert reminders.milestone_deadlines_remind(now=timezone.now()) == 0
    assert users_told(key__startswith=f"milestone:{w.milestone.pk}:overdue") == {w.student.pk, *w.members}
    assert not users_told(user_id__in=[w.outsider.pk, w.other_employer.pk])


def test_a_moved_due_date_is_reminded_again(w):
    due_in(w.milestone, 1)
    reminders.milestone_deadlines_remind(now=timezone.now())
    due_in(w.milestone, 2)
    assert reminders.milestone_deadlines_remind(now=timezone.now()) == 1


@pytest.mark.parametrize("status", [MilestoneStatus.SUBMITTED, MilestoneStatus.APPROVED])
def test_work_handed_in_or_approved_is_not_chased(w, status):
    due_in(w.milestone, -1)
    w.milestone.status = status
    w.milestone.save(update_fields=["status"])
    assert reminders.milestone_deadlines_remind(now=timezone.now()) == 0


@pytest.mark.parametrize("status", [EngagementStatus.COMPLETED, EngagementStatus.CANCELLED])
def test_milestones_of_finished_engagements_are_not_chased(w, status):
    due_in(w.milestone, -1)
    w.engagement.status = status
    w.engagement.save(update_fields=["status"])
    assert reminders.milestone_deadlines_remind(now=timezone.now()) == 0


def test_an_engagement_due_soon_reminds_the_student_and_overdue_tells_both_sides(w):
    w.engagement.due_date = timezone.localdate() + dt.timedelta(days=1)
    w.engagement.save(update_fields=["due_date"])
    assert reminders.engagement_deadlines_remind(now=timezone.now()) == 1
    assert users_told(key__contains=":due:") == {w.student.pk}
    assert reminders.engagement_deadlines_remind(now=timezone.now() + dt.timedelta(days=2)) == 3
    assert users_told(key__contains=":overdue:") == {w.student.pk, *w.members}
    assert reminders.engagement_deadlines_remind(now=timezone.now() + dt.timedelta(days=2)) == 0


def test_an_engagement_due_later_or_finished_is_not_reminded(w):
    w.engagement.due_date = timezone.localdate() + dt.timedelta(days=5)
    w.engagement.save(update_fields=["due_date"])
    assert reminders.engagement_deadlines_remind(now=timezone.now()) == 0
    finished = EngagementFactory(status=EngagementStatus.COMPLETED, due_date=timezone.localdate())
    MilestoneFactory(engagement=finished, due_date=timezone.localdate())
    assert reminders.engagement_deadlines_remind(now=timezone.now()) == 0


# No ghosting: the nudge ---------------------------------------------------------------------------


@pytest.fixture
def hiring():
    owner = EmployerMemberFactory()
    teammate = EmployerMemberFactory(employer=owner.employer, role=MemberRole.MEMBER)
    return SimpleNamespace(
        project=ProjectFactory(employer=owner.employer, published=True, openings=3),
        members={owner.user.pk, teammate.user.pk},
        other_employer=EmployerMemberFactory(),
    )


def applied(project, *, days_ago: float, status: str = ApplicationStatus.SUBMITTED) -> Application:
    application = ApplicationFactory(project=project, status=status)
    Application.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    application.refresh_from_db()
    return application


def test_employers_are_nudged_once_per_project_about_applicants_waiting_5_days(hiring):
    applied(hiring.project, days_ago=6)
    applied(hiring.project, days_ago=5.1, status=ApplicationStatus.SHORTLISTED)
    applied(hiring.project, days_ago=1)
    assert reminders.waiting_applicants_nudge(now=timezone.now()) == 2
    assert reminders.waiting_applicants_nudge(now=timezone.now()) == 0
    assert users_told(kind=NotificationKind.APPLICANTS_WAITING) == hiring.members
    nudge = Notification.objects.first()
    assert nudge.title.startswith("2 applicants waiting for your answer")
    assert "the oldest for 6 days" in nudge.body
    assert "applications unanswered for 14 days close with a polite note (the oldest in 8 days)" in nudge.body


def test_nobody_is_nudged_before_5_days_nor_about_answered_applicants(hiring):
    applied(hiring.project, days_ago=4.9)
    for status in (ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN):
        applied(hiring.project, days_ago=8, status=status)
    assert reminders.waiting_applicants_nudge(now=timezone.now()) == 0


def test_a_new_applicant_crossing_the_line_brings_one_new_nudge(hiring):
    applied(hiring.project, days_ago=7)
    reminders.waiting_applicants_nudge(now=timezone.now())
    applied(hiring.project, days_ago=5.5)
    assert reminders.waiting_applicants_nudge(now=timezone.now()) == 2
    assert "2 applicants" in Notification.objects.order_by("-id").first().title


def test_the_nudge_follows_the_setting(hiring, settings):
    settings.MARKETPLACE = {**settings.MARKETPLACE, "EMPLOYER_NUDGE_DAYS": 2}
    applied(hiring.project, days_ago=2.5)
    assert reminders.waiting_applicants_nudge(now=timezone.now()) == 2


# Reviews owed -------------------------------------------------------------------------------------


def finished(w, *, days_ago: float, status: str = EngagementStatus.COMPLETED) -> None:
    ended = timezone.now() - dt.timedelta(days=days_ago)
    w.engagement.status = status
    if status == EngagementStatus.COMPLETED:
        w.engagement.completed_at = ended
    else:
        w.engagement.cancelled_at = ended
    w.engagement.save()


def test_both_sides_owing_a_review_hear_3_days_after_completion_once(w):
    finished(w, days_ago=3.1)
    assert reminders.owed_reviews_remind(now=timezone.now()) == 3
    assert reminders.owed_reviews_remind(now=timezone.now()) == 0
    assert users_told(kind=NotificationKind.REVIEW_OWED) == {w.student.pk, *w.members}


def test_no_review_reminder_before_3_days(w):
    finished(w, days_ago=2.9)
    assert reminders.owed_reviews_remind(now=timezone.now()) == 0


def test_only_the_side_still_owing_is_reminded(w):
    finished(w, days_ago=4)
    Review.objects.create(engagement=w.engagement, side=ReviewSide.STUDENT, author=w.student, rating=5)
    assert reminders.owed_reviews_remind(now=timezone.now()) == 2
    assert users_told() == w.members


def test_nobody_is_reminded_once_both_have_reviewed_or_the_window_closed(w):
    finished(w, days_ago=15)
    assert reminders.owed_reviews_remind(now=timezone.now()) == 0
    finished(w, days_ago=4)
    Review.objects.create(engagement=w.engagement, side=ReviewSide.STUDENT, author=w.student, rating=5)
    Review.objects.create(engagement=w.engagement, side=ReviewSide.EMPLOYER, author=w.employer, rating=4)
    assert reminders.owed_reviews_remind(now=timezone.now()) == 0


def test_a_cancellation_is_reminded_only_when_approved_work_was_paid_for(w):
    finished(w, days_ago=4, status=EngagementStatus.CANCELLED)
    assert reminders.owed_reviews_remind(now=timezone.now()) == 0
    w.milestone.status = MilestoneStatus.APPROVED
    w.milestone.save(update_fields=["status"])
    assert reminders.owed_reviews_remind(now=timezone.now()) == 3


# The schedule -------------------------------------------------------------------------------------

SCHEDULED_TASKS = [
    "notifications.tasks.saved_project_deadlines_remind",
    "notifications.tasks.milestone_deadlines_remind",
    "notifications.tasks.engagement_deadlines_remind",
    "notifications.tasks.waiting_applicants_nudge",
    "notifications.tasks.unanswered_applications_close",
    "notifications.tasks.owed_reviews_remind",
    "notifications.tasks.notification_digests_send",
    "projects.tasks.projects_close_expired",
]


@pytest.mark.parametrize("path", SCHEDULED_TASKS)
def test_each_scan_is_scheduled_in_the_database_and_runs_as_a_task(path):
    scheduled = PeriodicTask.objects.get(task=path)
    assert scheduled.enabled and scheduled.description
    assert (scheduled.interval is None) != (scheduled.crontab is None)
    task = import_string(path)
    assert task.name == path
    assert (task.acks_late, task.reject_on_worker_lost, task.ignore_result) == (True, True, True)
    assert task.apply().get() == 0
