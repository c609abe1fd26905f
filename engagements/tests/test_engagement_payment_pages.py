"""The work panel of the engagement page, through HTTP, once the work is handed in: completion and payment,
and cancelling (the milestones and hand-ins are test_engagement_work_pages.py's)."""

from decimal import Decimal

import pytest

from engagements.models import (
    Engagement,
    EngagementStatus,
    Payment,
    PaymentKind,
    PaymentStatus,
)
from engagements.services import deliverable_approve
from engagements.tests.test_engagement_work_pages import page_url, url
from tests.engagement_world import make_engagement_world, submit

pytestmark = pytest.mark.django_db


# Completion and payment ----------------------------------------------------------------------------


def test_approving_the_last_milestone_completes_the_engagement_and_shows_the_payment(client):
    w = make_engagement_world(milestones=1, fee="450.00")
    submission = submit(w)
    client.force_login(w.employer)
    response = client.post(url(w, "deliverable_approve", submission.pk))
    assert response["Location"] == f"{page_url(w)}#payment"
    engagement = Engagement.objects.get(pk=w.engagement.pk)
    assert engagement.status == EngagementStatus.COMPLETED
    payment = Payment.objects.get(engagement=engagement)
    assert (payment.amount, payment.status, payment.kind) == (
        Decimal("450.00"),
        PaymentStatus.PENDING,
        PaymentKind.FULL,
    )
    client.force_login(w.student)
    content = client.get(page_url(w)).content.decode()
    assert "450 USD" in content and "Pending" in content


def test_the_employer_marks_the_payment_paid_with_a_reference(client):
    w = make_engagement_world(milestones=1)
    deliverable_approve(submission=submit(w), by=w.employer)
    payment = Payment.objects.get()
    client.force_login(w.employer)
    assert "Mark as paid" in client.get(page_url(w)).content.decode()
    response = client.post(url(w, "mark_paid", payment.pk), {"paid-reference": "TR-2026-118"}, follow=True)
    assert "recorded as paid" in response.content.decode()
    payment.refresh_from_db()
    assert (payment.status, payment.reference, payment.marked_paid_by) == (
        PaymentStatus.PAID,
        "TR-2026-118",
        w.employer,
    )
    client.force_login(w.student)
    content = client.get(page_url(w)).content.decode()
    assert "TR-2026-118" in content and "Paid on" in content


def test_a_too_long_payment_reference_re_renders_the_form(client):
    w = make_engagement_world(milestones=1)
    deliverable_approve(submission=submit(w), by=w.employer)
    client.force_login(w.employer)
    response = client.post(url(w, "mark_paid", Payment.objects.get().pk), {"paid-reference": "x" * 201})
    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()
    assert Payment.objects.get().status == PaymentStatus.PENDING


def test_the_student_cannot_mark_the_payment_paid(client):
    w = make_engagement_world(milestones=1)
    deliverable_approve(submission=submit(w), by=w.employer)
    client.force_login(w.student)
    assert "Mark as paid" not in client.get(page_url(w)).content.decode()
    assert client.post(url(w, "mark_paid", Payment.objects.get().pk)).status_code == 403
    assert Payment.objects.get().status == PaymentStatus.PENDING


# Cancelling ----------------------------------------------------------------------------------------


def test_cancelling_before_the_work_starts_says_it_costs_nothing(client):
    w = make_engagement_world(status=EngagementStatus.KICKOFF)
    client.force_login(w.student)
    assert "cancelling costs nothing" in client.get(page_url(w)).content.decode()
    response = client.post(url(w, "cancel"), {"cancel-reason": "Exams came up"}, follow=True)
    assert "The engagement is cancelled. Nothing is owed." in response.content.decode()
    engagement = Engagement.objects.get(pk=w.engagement.pk)
    assert (engagement.status, engagement.cancellation_reason) == (
        EngagementStatus.CANCELLED,
        "Exams came up",
    )
    assert not Payment.objects.exists()


def test_cancelling_after_approved_work_shows_and_records_the_pro_rata_amount(client):
    w = make_engagement_world(milestones=3, fee="600.00")
    deliverable_approve(submission=submit(w), by=w.employer)
    client.force_login(w.employer)
    content = client.get(page_url(w)).content.decode()
    assert "1 of 3 milestones approved: 200.00 USD is owed" in content
    response = client.post(url(w, "cancel"), {"cancel-reason": "Budget cut"}, follow=True)
    assert "200.00 USD is owed to the student" in response.content.decode()
    payment = Payment.objects.get()
    assert (payment.amount, payment.kind) == (Decimal("200.00"), PaymentKind.PRO_RATA)
    assert Engagement.objects.get(pk=w.engagement.pk).status == EngagementStatus.CANCELLED


def test_cancelling_needs_a_reason(client):
    w = make_engagement_world()
    client.force_login(w.employer)
    response = client.post(url(w, "cancel"), {"cancel-reason": "  "})
    assert response.status_code == 200
    assert "Say why you are cancelling" in response.content.decode()
    assert Engagement.objects.get(pk=w.engagement.pk).status == EngagementStatus.ACTIVE


def test_a_completed_engagement_cannot_be_cancelled(client):
    w = make_engagement_world(milestones=1)
    deliverable_approve(submission=submit(w), by=w.employer)
    client.force_login(w.employer)
    assert "Cancel this engagement" not in client.get(page_url(w)).content.decode()
    response = client.post(url(w, "cancel"), {"cancel-reason": "Oops"}, follow=True)
    assert "can no longer be cancelled" in response.content.decode()
    assert Engagement.objects.get(pk=w.engagement.pk).status == EngagementStatus.COMPLETED
