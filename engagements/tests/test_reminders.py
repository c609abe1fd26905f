"""Reminders about the work: each fires once, not before its time, only for what is still open, to the right
people (milestone and engagement deadlines, reviews still owed)."""

import datetime as dt

import pytest
from django.utils import timezone

from engagements import reminders
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import EngagementStatus, MilestoneStatus, Review, ReviewSide
from notifications.models import Notification, NotificationKind

# One milestone, and a second member of the organisation: both members hear the employer's side.
pytestmark = [pytest.mark.django_db, pytest.mark.engagement_world(milestones=1, teammate=True)]


def users_told(**filters) -> set[int]:
    return set(Notification.objects.filter(**filters).values_list("user_id", flat=True))


# Milestones and engagements -----------------------------------------------------------------------


def due_in(milestone, days: int) -> None:
    milestone.due_date = timezone.localdate() + dt.timedelta(days=days)
    milestone.save(update_fields=["due_date"])


def test_a_milestone_due_within_48_hours_reminds_the_student_once(w):
    due_in(w.milestones[0], 1)
    now = timezone.now()
    assert reminders.milestone_deadlines_remind(now=now) == 1
    assert reminders.milestone_deadlines_remind(now=now + dt.timedelta(hours=1)) == 0
    assert users_told(key__startswith=f"milestone:{w.milestones[0].pk}:due") == {w.student.pk}


def test_a_milestone_due_later_is_not_reminded_yet(w):
    due_in(w.milestones[0], 3)
    assert reminders.milestone_deadlines_remind(now=timezone.now()) == 0


def test_an_overdue_milestone_tells_both_sides_once(w):
    due_in(w.milestones[0], -1)
    assert reminders.milestone_deadlines_remind(now=timezone.now()) == 3
    assert reminders.milestone_deadlines_remind(now=timezone.now()) == 0
    assert users_told(key__startswith=f"milestone:{w.milestones[0].pk}:overdue") == {w.student.pk, *w.members}
    assert not users_told(user_id__in=[w.outsider.pk, w.other_employer.pk])


def test_a_moved_due_date_is_reminded_again(w):
    due_in(w.milestones[0], 1)
    reminders.milestone_deadlines_remind(now=timezone.now())
    due_in(w.milestones[0], 2)
    assert reminders.milestone_deadlines_remind(now=timezone.now()) == 1


@pytest.mark.parametrize("status", [MilestoneStatus.SUBMITTED, MilestoneStatus.APPROVED])
def test_work_handed_in_or_approved_is_not_chased(w, status):
    due_in(w.milestones[0], -1)
    w.milestones[0].status = status
    w.milestones[0].save(update_fields=["status"])
    assert reminders.milestone_deadlines_remind(now=timezone.now()) == 0


@pytest.mark.parametrize("status", [EngagementStatus.COMPLETED, EngagementStatus.CANCELLED])
def test_milestones_of_finished_engagements_are_not_chased(w, status):
    due_in(w.milestones[0], -1)
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
    w.milestones[0].status = MilestoneStatus.APPROVED
    w.milestones[0].save(update_fields=["status"])
    assert reminders.owed_reviews_remind(now=timezone.now()) == 3
