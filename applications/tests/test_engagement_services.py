import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory, EngagementFactory, MilestoneFactory
from applications.models import (
    ApplicationStatus,
    DeliverableSubmission,
    Engagement,
    EngagementStatus,
    Milestone,
    MilestoneStatus,
    Payment,
    PaymentKind,
    PaymentStatus,
    SubmissionStatus,
)
from applications.selectors_engagements import (
    engagement_get_for_party,
    engagement_list_for_user,
    hours_summary,
    milestone_overview,
    unread_message_count,
)
from applications.services.engagements import (
    deliverable_approve,
    deliverable_auto_approve_overdue,
    deliverable_request_changes,
    deliverable_submit,
    engagement_cancel,
    engagement_complete,
    engagement_confirm_kickoff,
    engagement_mark_read,
    hours_log_add,
    message_send,
    milestone_add,
    milestone_remove,
    milestone_update,
    payment_mark_paid,
)
from employers.factories import EmployerMemberFactory
from projects.factories import ProjectFactory
from projects.models import ProjectStatus

pytestmark = pytest.mark.django_db

LINK = "https://docs.example.com/brief"


@contextmanager
def refused(code: str) -> Iterator[None]:
    with pytest.raises(ValidationError) as excinfo:
        yield
    assert excinfo.value.code == code, excinfo.value


def make_engagement(
    *,
    status: str = EngagementStatus.ACTIVE,
    milestones: int = 2,
    fee: str = "600.00",
    project=None,
) -> SimpleNamespace:
    """An engagement, its student's user, a member of its employer, an outsider, another employer's member."""
    extra = {"application__project": project} if project is not None else {}
    started_at = timezone.now() - dt.timedelta(days=3) if status != EngagementStatus.KICKOFF else None
    engagement = EngagementFactory(status=status, fee=Decimal(fee), started_at=started_at, **extra)
    for _ in range(milestones):
        MilestoneFactory(engagement=engagement, due_date=timezone.localdate() + dt.timedelta(days=10))
    return SimpleNamespace(
        engagement=engagement,
        student=engagement.student.user,
        employer=EmployerMemberFactory(employer=engagement.employer).user,
        outsider=UserFactory(),
        other_employer=EmployerMemberFactory().user,
        milestones=list(engagement.milestones.order_by("position")),
    )


@pytest.fixture
def w() -> SimpleNamespace:
    return make_engagement()


@pytest.fixture
def kickoff() -> SimpleNamespace:
    return make_engagement(status=EngagementStatus.KICKOFF)


def approve_all_but_last(w: SimpleNamespace) -> None:
    Milestone.objects.filter(pk__in=[m.pk for m in w.milestones[:-1]]).update(
        status=MilestoneStatus.APPROVED, approved_at=timezone.now()
    )


def submit(w: SimpleNamespace, milestone: Milestone | None = None) -> DeliverableSubmission:
    return deliverable_submit(milestone=milestone or w.milestones[0], by=w.student, link=LINK)


# Kickoff ------------------------------------------------------------------------------------------


def test_kickoff_starts_the_work_only_once_both_sides_confirm(kickoff):
    engagement = engagement_confirm_kickoff(engagement=kickoff.engagement, by=kickoff.student)
    assert engagement.student_confirmed_at is not None
    assert engagement.status == EngagementStatus.KICKOFF
    assert engagement.started_at is None

    engagement = engagement_confirm_kickoff(engagement=kickoff.engagement, by=kickoff.employer)
    assert engagement.employer_confirmed_at is not None
    assert engagement.status == EngagementStatus.ACTIVE
    assert engagement.started_at is not None


def test_confirming_kickoff_again_changes_nothing(kickoff):
    first = engagement_confirm_kickoff(engagement=kickoff.engagement, by=kickoff.student)
    again = engagement_confirm_kickoff(engagement=kickoff.engagement, by=kickoff.student)
    assert again.student_confirmed_at == first.student_confirmed_at
    engagement_confirm_kickoff(engagement=kickoff.engagement, by=kickoff.employer)
    started = Engagement.objects.get(pk=kickoff.engagement.pk)
    after = engagement_confirm_kickoff(engagement=kickoff.engagement, by=kickoff.employer)
    assert (after.status, after.started_at) == (EngagementStatus.ACTIVE, started.started_at)


def test_kickoff_cannot_be_confirmed_once_cancelled():
    w = make_engagement(status=EngagementStatus.CANCELLED)
    with refused("engagement_not_in_kickoff"):
        engagement_confirm_kickoff(engagement=w.engagement, by=w.student)


def test_work_does_not_start_without_a_milestone():
    w = make_engagement(status=EngagementStatus.KICKOFF, milestones=0)
    engagement_confirm_kickoff(engagement=w.engagement, by=w.student)
    with refused("no_milestones"):
        engagement_confirm_kickoff(engagement=w.engagement, by=w.employer)
    assert Engagement.objects.get(pk=w.engagement.pk).status == EngagementStatus.KICKOFF


def test_outsiders_cannot_confirm_kickoff(kickoff):
    for user in (kickoff.outsider, kickoff.other_employer):
        with pytest.raises(PermissionDenied):
            engagement_confirm_kickoff(engagement=kickoff.engagement, by=user)


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
    with refused("title_required"):
        milestone_add(engagement=w.engagement, by=w.employer, title="  ", due_date=timezone.localdate())
    with refused("title_too_long"):
        milestone_add(engagement=w.engagement, by=w.employer, title="x" * 301, due_date=timezone.localdate())
    with refused("due_date_in_past"):
        milestone_add(
            engagement=w.engagement,
            by=w.employer,
            title="Late",
            due_date=timezone.localdate() - dt.timedelta(days=1),
        )


@pytest.mark.parametrize("status", [EngagementStatus.COMPLETED, EngagementStatus.CANCELLED])
def test_milestones_cannot_be_added_to_a_finished_engagement(status):
    w = make_engagement(status=status)
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
    with refused("due_date_in_past"):
        milestone_update(
            milestone=w.milestones[0], by=w.employer, due_date=timezone.localdate() - dt.timedelta(days=1)
        )


def test_milestones_of_a_finished_engagement_cannot_change():
    w = make_engagement(status=EngagementStatus.CANCELLED)
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
    w = make_engagement(milestones=1)
    with refused("last_milestone"):
        milestone_remove(milestone=w.milestones[0], by=w.employer)


def test_milestones_of_a_finished_engagement_cannot_be_removed():
    w = make_engagement(status=EngagementStatus.COMPLETED)
    with refused("engagement_closed"):
        milestone_remove(milestone=w.milestones[0], by=w.employer)


def test_only_the_employer_removes_milestones(w):
    for user in (w.student, w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            milestone_remove(milestone=w.milestones[0], by=user)


def test_milestone_overview_says_what_is_done_due_and_late():
    w = make_engagement(milestones=0)
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
    upload = SimpleUploadedFile("brief.pdf", b"%PDF-1.4 brief", content_type="application/pdf")
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
    with refused("invalid_link"):
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
    with refused("comment_required"):
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
    other = make_engagement()
    submit(other)
    Engagement.objects.filter(pk=other.engagement.pk).update(status=EngagementStatus.CANCELLED)
    assert deliverable_auto_approve_overdue(now=timezone.now() + dt.timedelta(days=30)) == 0


@pytest.mark.django_db(transaction=True)
def test_auto_approval_skips_an_engagement_another_worker_holds_and_takes_it_next_run():
    w = make_engagement()
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


# Completion and payment ---------------------------------------------------------------------------


def all_approved(**kwargs) -> SimpleNamespace:
    w = make_engagement(**kwargs)
    w.engagement.milestones.update(status=MilestoneStatus.APPROVED, approved_at=timezone.now())
    return w


def test_the_employer_completes_approved_work_and_the_full_fee_is_owed():
    w = all_approved()
    engagement = engagement_complete(engagement=w.engagement, by=w.employer)
    assert engagement.status == EngagementStatus.COMPLETED
    assert engagement.completed_at is not None
    payment = Payment.objects.get(engagement=engagement)
    assert (payment.kind, payment.amount, payment.status) == (
        PaymentKind.FULL,
        Decimal("600.00"),
        PaymentStatus.PENDING,
    )


def test_the_platform_completes_an_engagement_without_an_actor():
    w = all_approved()
    assert engagement_complete(engagement=w.engagement).status == EngagementStatus.COMPLETED


def test_completing_twice_records_one_payment():
    w = all_approved()
    first = engagement_complete(engagement=w.engagement, by=w.employer)
    again = engagement_complete(engagement=w.engagement, by=w.employer)
    assert again.completed_at == first.completed_at
    assert Payment.objects.filter(engagement=w.engagement).count() == 1


def test_an_engagement_with_unapproved_milestones_cannot_be_completed(w):
    with refused("milestones_outstanding"):
        engagement_complete(engagement=w.engagement, by=w.employer)
    assert not Payment.objects.exists()


@pytest.mark.parametrize("status", [EngagementStatus.KICKOFF, EngagementStatus.CANCELLED])
def test_only_active_work_can_be_completed(status):
    w = all_approved(status=status)
    with refused("engagement_not_active"):
        engagement_complete(engagement=w.engagement, by=w.employer)


def test_only_the_employer_completes_the_engagement():
    w = all_approved()
    for user in (w.student, w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            engagement_complete(engagement=w.engagement, by=user)


def test_the_project_is_completed_when_its_last_engagement_completes():
    project = ProjectFactory(status=ProjectStatus.IN_PROGRESS, openings=2, accepted_count=2)
    first = all_approved(project=project)
    second = all_approved(project=project)
    engagement_complete(engagement=first.engagement, by=first.employer)
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS
    engagement_complete(engagement=second.engagement, by=second.employer)
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED
    assert project.completed_at is not None


def test_a_project_still_taking_applications_stays_open_when_an_engagement_completes():
    project = ProjectFactory(published=True, openings=2, accepted_count=1)
    w = all_approved(project=project)
    engagement_complete(engagement=w.engagement, by=w.employer)
    project.refresh_from_db()
    assert project.status == ProjectStatus.OPEN


def test_a_project_with_an_opening_and_applicants_waiting_is_not_completed():
    project = ProjectFactory(status=ProjectStatus.IN_PROGRESS, openings=2, accepted_count=1)
    ApplicationFactory(project=project, status=ApplicationStatus.SHORTLISTED)
    w = all_approved(project=project)
    engagement_complete(engagement=w.engagement, by=w.employer)
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_PROGRESS


def test_the_employer_marks_the_payment_paid():
    w = all_approved()
    engagement_complete(engagement=w.engagement, by=w.employer)
    payment = payment_mark_paid(payment=Payment.objects.get(), by=w.employer, reference=" TX-42 ")
    assert (payment.status, payment.reference, payment.marked_paid_by) == (
        PaymentStatus.PAID,
        "TX-42",
        w.employer,
    )
    assert payment.paid_at is not None
    again = payment_mark_paid(payment=payment, by=w.employer, reference="other")
    assert (again.paid_at, again.reference) == (payment.paid_at, "TX-42")


def test_a_payment_reference_has_a_length_limit():
    w = all_approved()
    engagement_complete(engagement=w.engagement, by=w.employer)
    with refused("reference_too_long"):
        payment_mark_paid(payment=Payment.objects.get(), by=w.employer, reference="x" * 201)


def test_only_the_employer_marks_the_payment_paid():
    w = all_approved()
    engagement_complete(engagement=w.engagement, by=w.employer)
    payment = Payment.objects.get()
    for user in (w.student, w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            payment_mark_paid(payment=payment, by=user)
    assert Payment.objects.get().status == PaymentStatus.PENDING


# Cancellation -------------------------------------------------------------------------------------


def test_cancelling_at_kickoff_costs_nothing(kickoff):
    engagement = engagement_cancel(engagement=kickoff.engagement, by=kickoff.employer, reason=" Budget cut ")
    assert engagement.status == EngagementStatus.CANCELLED
    assert (engagement.cancelled_by, engagement.cancellation_reason) == (kickoff.employer, "Budget cut")
    assert engagement.cancelled_at is not None
    assert not Payment.objects.exists()


def test_cancelling_before_any_milestone_is_approved_costs_nothing(w):
    deliverable_request_changes(submission=submit(w), by=w.employer, comment="Add sources")
    engagement_cancel(engagement=w.engagement, by=w.employer, reason="Not a fit")
    assert not Payment.objects.exists()


def test_an_employer_who_cancels_after_work_was_approved_owes_it_pro_rata():
    w = make_engagement(milestones=3, fee="600.00")
    deliverable_approve(submission=submit(w), by=w.employer)
    engagement_cancel(engagement=w.engagement, by=w.employer, reason="Priorities changed")
    payment = Payment.objects.get(engagement=w.engagement)
    assert (payment.kind, payment.amount, payment.status) == (
        PaymentKind.PRO_RATA,
        Decimal("200.00"),
        PaymentStatus.PENDING,
    )


def test_pro_rata_is_rounded_to_the_cent_whoever_cancels():
    w = make_engagement(milestones=3, fee="500.00")
    w.engagement.milestones.filter(pk__in=[m.pk for m in w.milestones[:2]]).update(
        status=MilestoneStatus.APPROVED
    )
    engagement_cancel(engagement=w.engagement, by=w.student, reason="Exams")
    assert Payment.objects.get().amount == Decimal("333.33")


def test_cancelling_twice_changes_nothing(w):
    first = engagement_cancel(engagement=w.engagement, by=w.employer, reason="Budget cut")
    again = engagement_cancel(engagement=w.engagement, by=w.student, reason="")
    assert (again.cancelled_at, again.cancelled_by) == (first.cancelled_at, w.employer)


def test_a_completed_engagement_cannot_be_cancelled():
    w = make_engagement(status=EngagementStatus.COMPLETED)
    with refused("engagement_completed"):
        engagement_cancel(engagement=w.engagement, by=w.employer, reason="Changed my mind")


def test_cancelling_needs_a_reason(w):
    with refused("reason_required"):
        engagement_cancel(engagement=w.engagement, by=w.employer, reason="  ")


def test_outsiders_cannot_cancel(w):
    for user in (w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            engagement_cancel(engagement=w.engagement, by=user, reason="Mischief")


def test_cancelling_the_last_running_engagement_completes_a_project_with_completed_work():
    project = ProjectFactory(status=ProjectStatus.IN_PROGRESS, openings=2, accepted_count=2)
    done = all_approved(project=project)
    running = make_engagement(project=project)
    engagement_complete(engagement=done.engagement, by=done.employer)
    engagement_cancel(engagement=running.engagement, by=running.student, reason="Illness")
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED


# Hours --------------------------------------------------------------------------------------------


def test_the_student_logs_hours(w):
    log = hours_log_add(
        engagement=w.engagement, by=w.student, date=timezone.localdate(), hours=Decimal("2.5")
    )
    assert (log.hours, log.date) == (Decimal("2.5"), timezone.localdate())


def test_hours_cannot_be_logged_for_a_future_day(w):
    with refused("date_in_future"):
        hours_log_add(
            engagement=w.engagement,
            by=w.student,
            date=timezone.localdate() + dt.timedelta(days=1),
            hours=Decimal(1),
        )


def test_hours_cannot_be_logged_before_the_work_started(w):
    with refused("date_before_start"):
        hours_log_add(
            engagement=w.engagement,
            by=w.student,
            date=timezone.localdate() - dt.timedelta(days=30),
            hours=Decimal(1),
        )


@pytest.mark.parametrize("hours", [Decimal(0), Decimal("0.1"), Decimal("24.5"), Decimal("1.234"), "lots"])
def test_hours_must_be_a_sensible_amount(w, hours):
    with refused("invalid_hours"):
        hours_log_add(engagement=w.engagement, by=w.student, date=timezone.localdate(), hours=hours)


def test_a_day_holds_at_most_24_hours(w):
    today = timezone.localdate()
    hours_log_add(engagement=w.engagement, by=w.student, date=today, hours=Decimal(20))
    with refused("day_over_24_hours"):
        hours_log_add(engagement=w.engagement, by=w.student, date=today, hours=Decimal(5))


def test_hours_are_logged_only_while_the_work_is_on(kickoff):
    with refused("engagement_not_active"):
        hours_log_add(engagement=kickoff.engagement, by=kickoff.student, date=timezone.localdate(), hours=1)


def test_only_the_student_logs_hours(w):
    for user in (w.employer, w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            hours_log_add(engagement=w.engagement, by=user, date=timezone.localdate(), hours=Decimal(1))


def test_hours_summary_flags_scope_creep(w):
    assert w.engagement.estimated_hours == 20
    summary = hours_summary(engagement=w.engagement)
    assert (summary.logged, summary.over_estimate, summary.over_by) == (Decimal(0), False, Decimal(0))
    for days_ago in range(3):
        hours_log_add(
            engagement=w.engagement,
            by=w.student,
            date=timezone.localdate() - dt.timedelta(days=days_ago),
            hours=Decimal("7.50"),
        )
    summary = hours_summary(engagement=w.engagement)
    assert (summary.logged, summary.estimated) == (Decimal("22.50"), Decimal(20))
    assert summary.over_estimate
    assert summary.over_by == Decimal("2.50")


# Messages -----------------------------------------------------------------------------------------


def test_either_side_sends_a_trimmed_message(w):
    message = message_send(engagement=w.engagement, by=w.student, body="  Hello!  ")
    assert (message.body, message.sender) == ("Hello!", w.student)
    assert message_send(engagement=w.engagement, by=w.employer, body="Hi").sender == w.employer


def test_a_message_cannot_be_empty(w):
    with refused("message_empty"):
        message_send(engagement=w.engagement, by=w.student, body=" \n ")


def test_a_message_holds_at_most_5000_characters(w):
    assert len(message_send(engagement=w.engagement, by=w.student, body="x" * 5000).body) == 5000
    with refused("message_too_long"):
        message_send(engagement=w.engagement, by=w.student, body="x" * 5001)


def test_outsiders_cannot_send_or_read_messages(w):
    for user in (w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            message_send(engagement=w.engagement, by=user, body="Hello")
        with pytest.raises(PermissionDenied):
            engagement_mark_read(engagement=w.engagement, user=user)


def test_each_side_sees_the_other_sides_new_messages_as_unread_until_read(w):
    message_send(engagement=w.engagement, by=w.student, body="One")
    message_send(engagement=w.engagement, by=w.student, body="Two")
    assert unread_message_count(engagement=w.engagement, user=w.employer) == 2
    assert unread_message_count(engagement=w.engagement, user=w.student) == 0

    engagement_mark_read(engagement=w.engagement, user=w.employer)
    engagement_mark_read(engagement=w.engagement, user=w.employer)
    assert unread_message_count(engagement=w.engagement, user=w.employer) == 0

    message_send(engagement=w.engagement, by=w.student, body="Three")
    assert unread_message_count(engagement=w.engagement, user=w.employer) == 1


def test_marking_an_empty_thread_read_is_harmless(w):
    engagement_mark_read(engagement=w.engagement, user=w.student)
    assert unread_message_count(engagement=w.engagement, user=w.student) == 0


# Access and lists ---------------------------------------------------------------------------------


def test_each_party_gets_the_engagement_by_its_public_id(w):
    for user in (w.student, w.employer):
        assert engagement_get_for_party(user=user, public_id=w.engagement.public_id) == w.engagement
    assert engagement_get_for_party(user=w.student, public_id=str(w.engagement.public_id)) == w.engagement


def test_outsiders_get_a_404_for_someone_elses_engagement(w):
    for user in (w.outsider, w.other_employer):
        with pytest.raises(Http404):
            engagement_get_for_party(user=user, public_id=w.engagement.public_id)
    with pytest.raises(Http404):
        engagement_get_for_party(user=w.student, public_id="not-a-uuid")


def test_each_user_lists_only_their_engagements(w):
    make_engagement()
    assert list(engagement_list_for_user(user=w.student)) == [w.engagement]
    assert list(engagement_list_for_user(user=w.employer)) == [w.engagement]
    assert list(engagement_list_for_user(user=w.outsider)) == []


def _render_list(user) -> list:
    return [
        (e.project.title, e.employer.name, e.student.user.email, e.unread_count, hasattr(e, "payment"))
        for e in engagement_list_for_user(user=user)
    ]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_student_list_runs_a_constant_number_of_queries(rows, django_assert_num_queries):
    first = make_engagement()
    for _ in range(rows - 1):
        EngagementFactory(application__student=first.engagement.student)
    message_send(engagement=first.engagement, by=first.employer, body="Welcome")
    with django_assert_num_queries(1):
        listed = _render_list(first.student)
    assert len(listed) == rows
    assert sum(row[3] for row in listed) == 1


@pytest.mark.parametrize("rows", [1, 50])
def test_the_employer_list_runs_a_constant_number_of_queries(rows, django_assert_num_queries):
    first = make_engagement()
    for _ in range(rows - 1):
        EngagementFactory(application__project=first.engagement.project)
    with django_assert_num_queries(1):
        listed = _render_list(first.employer)
    assert len(listed) == rows
