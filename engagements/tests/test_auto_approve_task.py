"""The hourly job that approves deliverables the employer left unanswered, and how both sides learn why."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementStatus,
    Message,
    MilestoneStatus,
    Payment,
    SubmissionStatus,
)
from engagements.tasks import deliverables_auto_approve_overdue
from tests.engagement_world import make_engagement_world, submit

pytestmark = pytest.mark.django_db


def submitted_days_ago(submission: DeliverableSubmission, days: float) -> DeliverableSubmission:
    DeliverableSubmission.objects.filter(pk=submission.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days)
    )
    submission.refresh_from_db()
    return submission


def test_work_left_unanswered_is_approved_and_both_sides_are_told_why():
    w = make_engagement_world()
    submission = submitted_days_ago(submit(w), 7.5)
    assert deliverables_auto_approve_overdue.apply().get() == 1
    submission.refresh_from_db()
    assert (submission.status, submission.auto_approved) == (SubmissionStatus.APPROVED, True)
    assert submission.milestone.status == MilestoneStatus.APPROVED
    notice = Message.objects.get(engagement=w.engagement)
    assert notice.sender is None
    submitted_on = timezone.localtime(submission.created_at)
    assert notice.body == (
        f"\N{LEFT SINGLE QUOTATION MARK}{w.milestones[0].title}\N{RIGHT SINGLE QUOTATION MARK} was "
        f"approved automatically: it was submitted on {submitted_on.day} {submitted_on:%b} and not answered "
        "within 7 days."
    )


def test_running_the_task_twice_approves_and_tells_once():
    w = make_engagement_world()
    submitted_days_ago(submit(w), 8)
    assert deliverables_auto_approve_overdue.apply().get() == 1
    assert deliverables_auto_approve_overdue.apply().get() == 0
    assert Message.objects.filter(engagement=w.engagement).count() == 1
    assert DeliverableSubmission.objects.get().status == SubmissionStatus.APPROVED


def test_work_still_within_the_answer_window_is_left_alone():
    w = make_engagement_world()
    submitted_days_ago(submit(w), 6.9)
    assert deliverables_auto_approve_overdue() == 0
    assert DeliverableSubmission.objects.get().status == SubmissionStatus.SUBMITTED
    assert not Message.objects.exists()


def test_the_answer_window_follows_the_setting(settings):
    settings.MARKETPLACE = {**settings.MARKETPLACE, "AUTO_APPROVE_DAYS": 3}
    w = make_engagement_world()
    submitted_days_ago(submit(w), 3.1)
    assert deliverables_auto_approve_overdue() == 1
    assert "within 3 days" in Message.objects.get().body


def test_auto_approving_the_last_milestone_completes_the_engagement_and_records_the_fee():
    w = make_engagement_world(milestones=1, fee="300.00")
    submitted_days_ago(submit(w), 10)
    deliverables_auto_approve_overdue()
    engagement = Engagement.objects.get(pk=w.engagement.pk)
    assert engagement.status == EngagementStatus.COMPLETED
    assert Payment.objects.get(engagement=engagement).amount == 300


def test_both_sides_see_the_notice_and_the_automatic_approval_on_the_page(client):
    w = make_engagement_world()
    submitted_days_ago(submit(w), 8)
    deliverables_auto_approve_overdue()
    page = reverse("engagements:detail", args=[w.engagement.public_id])
    for user in (w.student, w.employer):
        client.force_login(user)
        content = client.get(page).content.decode()
        assert "was approved automatically: it was submitted on" in content
        assert "Approved automatically" in content


def test_the_task_is_scheduled_hourly_in_the_database():
    task = PeriodicTask.objects.get(task="engagements.tasks.deliverables_auto_approve_overdue")
    assert task.enabled
    assert (task.interval.every, task.interval.period) == (1, "hours")


def test_the_task_acknowledges_only_after_it_ran():
    assert deliverables_auto_approve_overdue.acks_late
    assert deliverables_auto_approve_overdue.reject_on_worker_lost
