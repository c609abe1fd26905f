"""`engagement_page`: what each side sees of an engagement and may do there, the one source of the page's
buttons and of the API detail's `actions`."""

import pytest
from django.utils import timezone

from engagements.access import engagement_get_for_party
from engagements.models import EngagementStatus, Milestone, Payment, PaymentStatus
from engagements.selectors_page import engagement_page
from engagements.services.reviews import review_submit
from tests.engagement_world import make_engagement_world, submit

pytestmark = pytest.mark.django_db


def page_for(world, user):
    engagement, party = engagement_get_for_party(user=user, public_id=world.engagement.public_id)
    return engagement_page(engagement=engagement, party=party)


def test_in_kickoff_each_side_may_confirm_once_and_the_employer_adjusts_the_milestones():
    w = make_engagement_world(status=EngagementStatus.KICKOFF)
    student, employer = page_for(w, w.student), page_for(w, w.employer)
    assert student.actions == {"confirm_kickoff", "cancel", "send_message"}
    assert employer.actions == {"confirm_kickoff", "cancel", "add_milestone", "send_message"}
    assert [entry.actions for entry in employer.milestones] == [{"edit", "remove"}, {"edit", "remove"}]
    assert all(entry.actions == frozenset() for entry in student.milestones)
    w.engagement.student_confirmed_at = timezone.now()
    w.engagement.save()
    assert "confirm_kickoff" not in page_for(w, w.student).actions
    assert page_for(w, w.employer).can_confirm_kickoff


def test_starting_needs_a_milestone_once_the_other_side_has_confirmed():
    w = make_engagement_world(status=EngagementStatus.KICKOFF, milestones=0)
    assert not page_for(w, w.employer).kickoff_needs_milestone
    w.engagement.student_confirmed_at = timezone.now()
    w.engagement.save()
    assert page_for(w, w.employer).kickoff_needs_milestone


def test_the_last_milestone_stays_and_work_handed_in_cannot_be_removed():
    w = make_engagement_world(milestones=1)
    assert page_for(w, w.employer).milestones[0].actions == {"edit"}
    w = make_engagement_world(milestones=2)
    submit(w)
    first, second = page_for(w, w.employer).milestones
    assert first.actions == {"edit", "approve", "request_changes"}
    assert second.actions == {"edit", "remove"}
    assert first.latest.auto_approves_at is not None
    assert [entry.actions for entry in page_for(w, w.student).milestones] == [frozenset(), {"submit"}]


def test_once_completed_the_employer_marks_the_payment_paid_and_both_sides_may_review():
    w = make_engagement_world(status=EngagementStatus.COMPLETED, approved=2, ended_days_ago=1)
    Payment.objects.create(engagement=w.engagement, amount=w.engagement.fee, currency="USD")
    employer, student = page_for(w, w.employer), page_for(w, w.student)
    assert employer.actions == {"mark_paid", "write_review", "send_message"}
    assert student.actions == {"write_review", "send_message"}
    assert employer.cancellation is None
    assert all(entry.actions == frozenset() for entry in employer.milestones)
    review_submit(engagement=w.engagement, by=w.student, rating=5, text="Great team.")
    Payment.objects.update(status=PaymentStatus.PAID)
    student, employer = page_for(w, w.student), page_for(w, w.employer)
    assert student.actions == {"send_message"}
    assert (student.reviews.state, employer.reviews.state) == ("waiting", "write")
    assert employer.reviews.other_has_written and employer.reviews.theirs is None


def test_cancelled_before_any_approval_leaves_nothing_to_review():
    w = make_engagement_world(status=EngagementStatus.CANCELLED, ended_days_ago=1)
    page = page_for(w, w.student)
    assert page.reviews.state == "nothing"
    assert page.actions == {"send_message"}
    Milestone.objects.filter(pk=w.milestones[0].pk).update(status="approved")
    assert page_for(w, w.student).reviews.state == "write"


def test_the_cancellation_terms_are_what_cancelling_would_cost_now():
    w = make_engagement_world(fee="600.00", milestones=3, approved=1)
    terms = page_for(w, w.student).cancellation
    assert (terms.started, terms.approved, terms.total, str(terms.owed)) == (True, 1, 3, "200.00")
