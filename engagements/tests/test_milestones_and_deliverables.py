"""Milestones, deliverable submission and review, and auto-approval."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.utils import timezone

from engagements.factories import MilestoneFactory
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementStatus,
    Milestone,
    MilestoneStatus,
    PaymentKind,
    PaymentStatus,
    SubmissionStatus,
)
from engagements.selectors import milestone_overview
from engagements.services import (
    deliverable_approve,
    deliverable_auto_approve_overdue,
    deliverable_request_changes,
    deliverable_submit,
    milestone_add,
    milestone_remove,
    milestone_update,
)
from tests.engagement_world import LINK, EngagementWorld, make_engagement_world, submit
from tests.errors import refused

pytestmark = pytest.mark.django_db


def approve_all_but_last(w: EngagementWorld) -> None:
    Milestone.objects.filter(pk__in=[m.pk for m in w.milestones[:-1]]).update(
        status=MilestoneStatus.APPROVED, approved_at=timezone.now()
    )


# Milestones ---------------------------------------------------------------------------------------


def test_the_employer_adds_a_milestone_after_the_others(w):
    due = timezone.localdate() + dt.timedelta(days=5)
    milestone = milestone_add(engagement=w.engagement, by=w.employer, title="  Draft outline ", due_date=due)
    assert milestone.title == "Draft outline"
    assert milestone.due_date == due
    assert milestone.status == MilestoneStatus.PENDING
    assert milestone.position > max(m.position for m in w.milestones)


def test_adding_the_same_milestone_twice_creates_it_once(kickoff):
    due = timezone.localdate() + dt.timedelta(days=5)
    first = milestone_add(engagement=kickoff.engagement, by=kickoff.employer, title="Outline", due_date=due)
    again = milestone_add(engagement=kickoff.engagement, by=kickoff.employer, title="Outline", due_date=due)
    assert again.pk == first.pk
    assert kickoff.engagement.milestones.filter(title="Outline").count() == 1


def test_only_the_employer_adds_milestones(w):
    due = timezone.localdate()
    for user in (w.student, w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            milestone_add(engagement=w.engagement, by=user, title="Extra", due_date=due)


def test_a_milestone_needs_a_title_and_a_due_date_not_in_the_past(w):
    with refused("title_required", field="title"):
        milestone_add(engagement=w.engagement, by=w.employer, title="  ", due_date=timezone.localdate())
    with refused("title_too_long", field="title"):
        milestone_add(engagement=w.engagement, by=w.employer, title="x" * 301, due_date=timezone.localdate())
    with refused("due_date_in_past", field="due_date"):
        milestone_add(
            engagement=w.engagement,
            by=w.employer,
            title="Late",
            due_date=timezone.localdate() - dt.timedelta(days=1),
        )


@pytest.mark.parametrize("status", [EngagementStatus.COMPLETED, EngagementStatus.CANCELLED])
def test_milestones_cannot_be_added_to_a_finished_engagement(status):
    w = make_engagement_world(status=status)
    with refused("engagement_closed"):
        milestone_add(engagement=w.engagement, by=w.employer, title="More", due_date=timezone.localdate())


def test_the_employer_updates_a_milestone(w):
    due = timezone.localdate() + dt.timedelta(days=20)
    milestone = milestone_update(milestone=w.milestones[0], by=w.employer, title="Brief v2", due_date=due)
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_date) == ("Brief v2", due)


def test_updating_a_milestone_with_the_same_values_changes_nothing(w):
    milestone = w.milestones[0]
    same = milestone_update(
        milestone=milestone, by=w.employer, title=milestone.title, due_date=milestone.due_date
    )
    assert same.updated_at == milestone.updated_at


def test_an_approved_milestone_can_no_longer_change(w):
    Milestone.objects.filter(pk=w.milestones[0].pk).update(status=MilestoneStatus.APPROVED)
    with refused("milestone_approved"):
        milestone_update(milestone=w.milestones[0], by=w.employer, title="Rewritten")


def test_a_milestone_cannot_be_moved_into_the_past(w):
    with refused("due_date_in_past", field="due_date"):
        milestone_update(
            milestone=w.milestones[0], by=w.employer, due_date=timezone.localdate() - dt.timedelta(days=1)
        )


def test_milestones_of_a_finished_engagement_cannot_change():
    w = make_engagement_world(status=EngagementStatus.CANCELLED)
    with refused("engagement_closed"):
        milestone_update(milestone=w.milestones[0], by=w.employer, title="Rewritten")


def test_only_the_employer_updates_milestones(w):
    for user in (w.student, w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            milestone_update(milestone=w.milestones[0], by=user, title="Mine now")


def test_the_employer_removes_an_untouched_milestone_and_removing_it_again_does_nothing(w):
    milestone_remove(milestone=w.milestones[1], by=w.employer)
    assert not Milestone.objects.filter(pk=w.milestones[1].pk).exists()
    milestone_remove(milestone=w.milestones[1], by=w.employer)
    assert w.engagement.milestones.count() == 1


def test_a_milestone_with_work_submitted_cannot_be_removed(w):
    submission = submit(w)
    with refused("milestone_has_work"):
        milestone_remove(milestone=w.milestones[0], by=w.employer)
    deliverable_request_changes(submission=submission, by=w.employer, comment="Needs sources")
    with refused("milestone_has_work"):
        milestone_remove(milestone=w.milestones[0], by=w.employer)


def test_the_last_milestone_cannot_be_removed():
    w = make_engagement_world(milestones=1)
    with refused("last_milestone"):
        milestone_remove(milestone=w.milestones[0], by=w.employer)


def test_milestones_of_a_finished_engagement_cannot_be_removed():
    w = make_engagement_world(status=EngagementStatus.COMPLETED)
    with refused("engagement_closed"):
        milestone_remove(milestone=w.milestones[0], by=w.employer)


def test_only_the_employer_removes_milestones(w):
    for user in (w.student, w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            milestone_remove(milestone=w.milestones[0], by=user)


def test_milestone_overview_says_what_is_done_due_and_late():
    w = make_engagement_world(milestones=0)
    today = timezone.localdate()
    done = MilestoneFactory(
        engagement=w.engagement, status=MilestoneStatus.APPROVED, due_date=today - dt.timedelta(days=9)
    )
    late = MilestoneFactory(
        engagement=w.engagement, status=MilestoneStatus.SUBMITTED, due_date=today - dt.timedelta(days=2)
    )
    due_today = MilestoneFactory(engagement=w.engagement, due_date=today)
    undated = MilestoneFactory(engagement=w.engagement, due_date=None)
    rows = milestone_overview(engagement=w.engagement, today=today)
    assert [(r.milestone.pk, r.state, r.days_late) for r in rows] == [
        (done.pk, "done", 0),
        (late.pk, "late", 2),
        (due_today.pk, "due", 0),
        (undated.pk, "due", 0),
    ]


# Deliverables -------------------------------------------------------------------------------------


def test_the_student_submits_a_link_and_the_milestone_awaits_review(w):
    submission = deliverable_submit(milestone=w.milestones[0], by=w.student, link=f" {LINK} ", note=" Done ")
    assert (submission.link, submission.note, submission.status) == (LINK, "Done", SubmissionStatus.SUBMITTED)
    assert submission.submitted_by == w.student
    w.milestones[0].refresh_from_db()
    assert w.milestones[0].status == MilestoneStatus.SUBMITTED


def test_the_student_submits_a_file(w, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief\n%%EOF\n", content_type="application/pdf")
    submission = deliverable_submit(milestone=w.milestones[0], by=w.student, file=upload)
    assert submission.file.name.endswith("brief.pdf")
    assert submission.link == ""


def test_submitting_the_same_work_twice_keeps_one_submission(w):
    first = submit(w)
    again = submit(w)
    assert again.pk == first.pk
    assert DeliverableSubmission.objects.filter(milestone=w.milestones[0]).count() == 1


def test_different_work_cannot_be_sent_while_the_first_awaits_review(w):
    submit(w)
    with refused("already_submitted"):
        deliverable_submit(milestone=w.milestones[0], by=w.student, link="https://docs.example.com/other")


def test_a_submission_needs_a_link_or_a_file(w):
    with refused("link_or_file_required"):
        deliverable_submit(milestone=w.milestones[0], by=w.student, note="Trust me")


def test_a_submission_link_must_be_a_web_address(w):
    with refused("invalid_link", field="link"):
        deliverable_submit(milestone=w.milestones[0], by=w.student, link="javascript:alert(1)")


def test_work_cannot_be_submitted_before_kickoff(kickoff):
    with refused("engagement_not_active"):
        submit(kickoff, kickoff.milestones[0])


def test_an_approved_milestone_takes_no_more_work(w):
    deliverable_approve(submission=submit(w), by=w.employer)
    with refused("milestone_approved"):
        deliverable_submit(milestone=w.milestones[0], by=w.student, link="https://docs.example.com/v2")


def test_only_the_student_submits_work(w):
    for user in (w.employer, w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            deliverable_submit(milestone=w.milestones[0], by=user, link=LINK)


def test_the_employer_approves_a_submission(w):
    submission = deliverable_approve(submission=submit(w), by=w.employer)
    assert submission.status == SubmissionStatus.APPROVED
    assert submission.reviewed_by == w.employer
    assert submission.reviewed_at is not None
    assert not submission.auto_approved
    milestone = Milestone.objects.get(pk=w.milestones[0].pk)
    assert milestone.status == MilestoneStatus.APPROVED
    assert milestone.approved_at is not None
    assert Engagement.objects.get(pk=w.engagement.pk).status == EngagementStatus.ACTIVE


def test_approving_twice_changes_nothing(w):
    first = deliverable_approve(submission=submit(w), by=w.employer)
    again = deliverable_approve(submission=first, by=w.employer)
    assert again.reviewed_at == first.reviewed_at


def test_work_sent_back_cannot_then_be_approved(w):
    submission = submit(w)
    deliverable_request_changes(submission=submission, by=w.employer, comment="Add sources")
    with refused("submission_not_awaiting_review"):
        deliverable_approve(submission=submission, by=w.employer)


def test_work_on_a_cancelled_engagement_cannot_be_approved(w):
    submission = submit(w)
    Engagement.objects.filter(pk=w.engagement.pk).update(status=EngagementStatus.CANCELLED)
    with refused("engagement_not_active"):
        deliverable_approve(submission=submission, by=w.employer)


def test_only_the_employer_approves_work(w):
    submission = submit(w)
    for user in (w.student, w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            deliverable_approve(submission=submission, by=user)


def test_approving_the_last_milestone_completes_the_engagement_and_records_the_fee(w):
    approve_all_but_last(w)
    deliverable_approve(submission=submit(w, w.milestones[-1]), by=w.employer)
    engagement = Engagement.objects.get(pk=w.engagement.pk)
    assert engagement.status == EngagementStatus.COMPLETED
    assert engagement.completed_at is not None
    payment = engagement.payment
    assert (payment.kind, payment.amount, payment.status) == (
        PaymentKind.FULL,
        Decimal("600.00"),
        PaymentStatus.PENDING,
    )
    assert payment.currency == engagement.currency


def test_the_employer_asks_for_changes_and_the_student_resubmits(w):
    submission = deliverable_request_changes(submission=submit(w), by=w.employer, comment=" Add sources ")
    assert (submission.status, submission.review_comment) == (
        SubmissionStatus.CHANGES_REQUESTED,
        "Add sources",
    )
    assert Milestone.objects.get(pk=w.milestones[0].pk).status == MilestoneStatus.CHANGES_REQUESTED
    second = deliverable_submit(milestone=w.milestones[0], by=w.student, link="https://docs.example.com/v2")
    assert second.pk != submission.pk
    assert Milestone.objects.get(pk=w.milestones[0].pk).status == MilestoneStatus.SUBMITTED


def test_asking_for_changes_needs_a_comment(w):
    submission = submit(w)
    with refused("comment_required", field="comment"):
        deliverable_request_changes(submission=submission, by=w.employer, comment="   ")


def test_asking_for_changes_twice_changes_nothing(w):
    first = deliverable_request_changes(submission=submit(w), by=w.employer, comment="Add sources")
    again = deliverable_request_changes(submission=first, by=w.employer, comment="Something else")
    assert (again.review_comment, again.reviewed_at) == ("Add sources", first.reviewed_at)


def test_approved_work_cannot_be_sent_back(w):
    submission = deliverable_approve(submission=submit(w), by=w.employer)
    with refused("submission_already_approved"):
        deliverable_request_changes(submission=submission, by=w.employer, comment="Changed my mind")


def test_changes_cannot_be_requested_on_a_cancelled_engagement(w):
    submission = submit(w)
    Engagement.objects.filter(pk=w.engagement.pk).update(status=EngagementStatus.CANCELLED)
    with refused("engagement_not_active"):
        deliverable_request_changes(submission=submission, by=w.employer, comment="Add sources")


def test_only_the_employer_asks_for_changes(w):
    submission = submit(w)
    for user in (w.student, w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            deliverable_request_changes(submission=submission, by=user, comment="Redo it")


# Auto-approval ------------------------------------------------------------------------------------


def test_work_is_not_approved_automatically_before_the_deadline(w):
    submit(w)
    assert deliverable_auto_approve_overdue(now=timezone.now() + dt.timedelta(days=6, hours=23)) == 0
    assert DeliverableSubmission.objects.get().status == SubmissionStatus.SUBMITTED


def test_work_left_unanswered_is_approved_automatically_with_a_reason(w):
    submit(w)
    now = timezone.now() + dt.timedelta(days=7, minutes=1)
    assert deliverable_auto_approve_overdue(now=now) == 1
    submission = DeliverableSubmission.objects.get()
    assert submission.status == SubmissionStatus.APPROVED
    assert submission.auto_approved
    assert submission.reviewed_at == now
    assert submission.reviewed_by is None
    assert "automatically" in submission.review_comment
    assert "7 days" in submission.review_comment
    assert Milestone.objects.get(pk=w.milestones[0].pk).status == MilestoneStatus.APPROVED


def test_a_silent_employer_does_not_leave_the_student_unpaid(w):
    approve_all_but_last(w)
    submit(w, w.milestones[-1])
    now = timezone.now() + dt.timedelta(days=8)
    deliverable_auto_approve_overdue(now=now)
    engagement = Engagement.objects.get(pk=w.engagement.pk)
    assert (engagement.status, engagement.completed_at) == (EngagementStatus.COMPLETED, now)
    assert engagement.payment.amount == Decimal("600.00")


def test_running_auto_approval_twice_approves_once(w):
    submit(w)
    now = timezone.now() + dt.timedelta(days=8)
    assert deliverable_auto_approve_overdue(now=now) == 1
    assert deliverable_auto_approve_overdue(now=now) == 0


def test_answered_work_and_cancelled_engagements_are_not_auto_approved(w):
    deliverable_request_changes(submission=submit(w), by=w.employer, comment="Add sources")
    other = make_engagement_world()
    submit(other)
    Engagement.objects.filter(pk=other.engagement.pk).update(status=EngagementStatus.CANCELLED)
    assert deliverable_auto_approve_overdue(now=timezone.now() + dt.timedelta(days=30)) == 0


@pytest.mark.django_db(transaction=True)
def test_auto_approval_skips_an_engagement_another_worker_holds_and_takes_it_next_run():
    w = make_engagement_world()
    submit(w)
    now = timezone.now() + dt.timedelta(days=8)
    locked, release = threading.Event(), threading.Event()

    def other_worker() -> None:
        try:
            with transaction.atomic():
                Engagement.objects.select_for_update().get(pk=w.engagement.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(timeout=10)
        assert deliverable_auto_approve_overdue(now=now) == 0
    finally:
        release.set()
        thread.join()
    assert deliverable_auto_approve_overdue(now=now) == 1
