"""Engagement kickoff, completion, payment and cancellation."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import ApplicationStatus
from engagements.models import (
    Engagement,
    EngagementStatus,
    MilestoneStatus,
    Payment,
    PaymentKind,
    PaymentStatus,
)
from engagements.services import (
    deliverable_approve,
    deliverable_request_changes,
    engagement_cancel,
    engagement_complete,
    engagement_confirm_kickoff,
    payment_mark_paid,
)
from projects.factories import ProjectFactory
from projects.models import ProjectStatus
from tests.engagement_world import EngagementWorld, make_engagement_world, submit
from tests.errors import refused

pytestmark = pytest.mark.django_db


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
    w = make_engagement_world(status=EngagementStatus.CANCELLED)
    with refused("engagement_not_in_kickoff"):
        engagement_confirm_kickoff(engagement=w.engagement, by=w.student)


def test_work_does_not_start_without_a_milestone():
    w = make_engagement_world(status=EngagementStatus.KICKOFF, milestones=0)
    engagement_confirm_kickoff(engagement=w.engagement, by=w.student)
    with refused("no_milestones"):
        engagement_confirm_kickoff(engagement=w.engagement, by=w.employer)
    assert Engagement.objects.get(pk=w.engagement.pk).status == EngagementStatus.KICKOFF


def test_outsiders_cannot_confirm_kickoff(kickoff):
    for user in (kickoff.outsider, kickoff.other_employer):
        with pytest.raises(PermissionDenied):
            engagement_confirm_kickoff(engagement=kickoff.engagement, by=user)


# Completion and payment ---------------------------------------------------------------------------


def all_approved(**kwargs) -> EngagementWorld:
    w = make_engagement_world(**kwargs)
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
    with refused("reference_too_long", field="reference"):
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
    w = make_engagement_world(milestones=3, fee="600.00")
    deliverable_approve(submission=submit(w), by=w.employer)
    engagement_cancel(engagement=w.engagement, by=w.employer, reason="Priorities changed")
    payment = Payment.objects.get(engagement=w.engagement)
    assert (payment.kind, payment.amount, payment.status) == (
        PaymentKind.PRO_RATA,
        Decimal("200.00"),
        PaymentStatus.PENDING,
    )


def test_pro_rata_is_rounded_to_the_cent_whoever_cancels():
    w = make_engagement_world(milestones=3, fee="500.00")
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
    w = make_engagement_world(status=EngagementStatus.COMPLETED)
    with refused("engagement_completed"):
        engagement_cancel(engagement=w.engagement, by=w.employer, reason="Changed my mind")


def test_cancelling_needs_a_reason(w):
    with refused("reason_required", field="reason"):
        engagement_cancel(engagement=w.engagement, by=w.employer, reason="  ")


def test_outsiders_cannot_cancel(w):
    for user in (w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            engagement_cancel(engagement=w.engagement, by=user, reason="Mischief")


def test_cancelling_the_last_running_engagement_completes_a_project_with_completed_work():
    project = ProjectFactory(status=ProjectStatus.IN_PROGRESS, openings=2, accepted_count=2)
    done = all_approved(project=project)
    running = make_engagement_world(project=project)
    engagement_complete(engagement=done.engagement, by=done.employer)
    engagement_cancel(engagement=running.engagement, by=running.student, reason="Illness")
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED
