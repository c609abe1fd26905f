"""Each engagement event tells exactly the right people: the other side, never the actor, never an outsider.

Hiring (accepting an applicant) starts the engagement, so its notice is tested here too.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from engagements import notices
from engagements.models import DeliverableSubmission, EngagementReadMark, Message
from engagements.services import (
    deliverable_approve,
    deliverable_request_changes,
    engagement_cancel,
    engagement_complete,
    engagement_mark_read,
    message_send,
    payment_mark_paid,
)
from engagements.services.deliverables import deliverable_auto_approve_overdue
from engagements.services.hiring import application_accept
from engagements.services.reviews import review_submit
from notifications.models import Notification, NotificationKind
from tests.engagement_world import submit

# The engagement world with a second member of the organisation, so both members must hear.
pytestmark = [pytest.mark.django_db, pytest.mark.engagement_world(teammate=True)]


def told(key: str) -> set[int]:
    return set(Notification.objects.filter(key=key).values_list("user_id", flat=True))


def notice(key: str, user_id: int) -> Notification:
    return Notification.objects.get(key=key, user_id=user_id)


# Hiring -------------------------------------------------------------------------------------------


def test_accepting_tells_the_student_with_a_link_to_their_engagement(hiring):
    application = ApplicationFactory(project=hiring.project, student=hiring.student)
    application = application_accept(application=application, by=hiring.owner)
    key = f"application:{application.public_id}:accepted"
    assert told(key) == {hiring.student.user_id}
    assert notice(key, hiring.student.user_id).url == reverse(
        "engagements:detail", kwargs={"public_id": application.engagement.public_id}
    )


# Engagements --------------------------------------------------------------------------------------


def assert_nobody_else(w, key: str) -> None:
    assert not told(key) & w.everyone_else


def test_a_message_from_the_student_tells_every_member_but_not_the_student(w):
    message = message_send(engagement=w.engagement, by=w.student, body="Draft is up.")
    (key,) = Notification.objects.order_by().values_list("key", flat=True).distinct()
    assert told(key) == w.members
    received = notice(key, w.employer.pk)
    assert (received.kind, received.url) == (
        NotificationKind.MESSAGE,
        reverse("engagements:detail", kwargs={"public_id": w.engagement.public_id}) + "#messages",
    )
    assert message.body in received.body
    assert_nobody_else(w, key)


def test_a_message_from_a_member_tells_the_student_only(w):
    message_send(engagement=w.engagement, by=w.teammate, body="Looks good.")
    assert set(Notification.objects.values_list("user_id", flat=True)) == {w.student.pk}


def test_a_burst_of_unread_messages_makes_one_notice_and_reading_starts_the_next(w):
    for body in ("One", "Two", "Three"):
        message_send(engagement=w.engagement, by=w.employer, body=body)
    assert Notification.objects.filter(user=w.student).count() == 1
    engagement_mark_read(engagement=w.engagement, user=w.student)
    message_send(engagement=w.engagement, by=w.employer, body="Four")
    message_send(engagement=w.engagement, by=w.teammate, body="Five")
    assert Notification.objects.filter(user=w.student).count() == 2
    assert "Four" in Notification.objects.filter(user=w.student).first().body


def test_each_member_has_their_own_unread_burst(w):
    message_send(engagement=w.engagement, by=w.student, body="One")
    engagement_mark_read(engagement=w.engagement, user=w.employer)
    message_send(engagement=w.engagement, by=w.student, body="Two")
    assert Notification.objects.filter(user=w.employer).count() == 2
    assert Notification.objects.filter(user=w.teammate).count() == 1
    assert EngagementReadMark.objects.filter(user=w.teammate).count() == 0


def test_a_system_message_tells_both_sides(w):
    message = Message.objects.create(engagement=w.engagement, sender=None, body="The platform speaking.")
    notices.message_sent(message=message)
    assert set(Notification.objects.values_list("user_id", flat=True)) == {w.student.pk, *w.members}


def test_handing_in_work_tells_the_members(w):
    submission = submit(w)
    key = f"submission:{submission.pk}:submitted"
    assert told(key) == w.members
    assert notice(key, w.employer.pk).kind == NotificationKind.DELIVERABLE
    assert_nobody_else(w, key)


def test_approving_work_tells_the_student_only(w):
    submission = deliverable_approve(submission=submit(w), by=w.teammate)
    assert told(f"submission:{submission.pk}:approved") == {w.student.pk}


def test_asking_for_changes_tells_the_student_what_to_change(w):
    submission = deliverable_request_changes(submission=submit(w), by=w.employer, comment="Add sources.")
    key = f"submission:{submission.pk}:changes"
    assert told(key) == {w.student.pk}
    assert "Add sources." in notice(key, w.student.pk).body


def test_automatic_approval_tells_both_sides_and_completion_tells_both_sides(w):
    submissions = [submit(w, milestone) for milestone in w.milestones]
    DeliverableSubmission.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    deliverable_auto_approve_overdue(now=timezone.now())
    for submission in submissions:
        key = f"submission:{submission.pk}:approved"
        assert told(key) == {w.student.pk, *w.members}
        assert "approved automatically" in notice(key, w.employer.pk).body.lower()
    completed = f"engagement:{w.engagement.public_id}:completed"
    assert told(completed) == {w.student.pk, *w.members}
    assert_nobody_else(w, completed)


def test_approving_the_last_milestone_tells_the_student_the_work_is_complete(w):
    for milestone in w.milestones:
        deliverable_approve(submission=submit(w, milestone), by=w.employer)
    key = f"engagement:{w.engagement.public_id}:completed"
    assert told(key) == {w.student.pk}
    assert "600.00 USD is due by" in notice(key, w.student.pk).body


def test_completing_tells_the_student_and_marking_paid_tells_the_student(w):
    for milestone in w.milestones:
        deliverable_approve(submission=submit(w, milestone), by=w.employer)
    engagement = engagement_complete(engagement=w.engagement, by=w.employer)
    payment = payment_mark_paid(payment=engagement.payment, by=w.teammate, reference="TX-1")
    payment_mark_paid(payment=payment, by=w.teammate, reference="TX-1")
    key = f"payment:{payment.pk}:paid"
    assert told(key) == {w.student.pk}
    paid = notice(key, w.student.pk)
    assert paid.kind == NotificationKind.PAYMENT and "TX-1" in paid.body


def test_cancelling_tells_the_other_side_with_the_reason(w):
    engagement_cancel(engagement=w.engagement, by=w.student, reason="Exams moved.")
    key = f"engagement:{w.engagement.public_id}:cancelled"
    assert told(key) == w.members
    assert "Exams moved." in notice(key, w.employer.pk).body


def test_an_employer_cancelling_tells_the_student_only(w):
    engagement_cancel(engagement=w.engagement, by=w.teammate, reason="Priorities changed.")
    assert told(f"engagement:{w.engagement.public_id}:cancelled") == {w.student.pk}


def test_a_review_tells_the_other_side_without_revealing_it(w):
    for milestone in w.milestones:
        deliverable_approve(submission=submit(w, milestone), by=w.employer)
    Notification.objects.all().delete()
    review_submit(engagement=w.engagement, by=w.student, rating=5, text="Great team, secret words")
    key = f"engagement:{w.engagement.public_id}:reviewed-by:student"
    assert told(key) == w.members
    assert "secret words" not in notice(key, w.employer.pk).body
    review_submit(engagement=w.engagement, by=w.teammate, rating=4, text="Thorough.")
    assert told(f"engagement:{w.engagement.public_id}:reviewed-by:employer") == {w.student.pk}


def test_other_organisations_and_other_students_never_hear_of_an_engagement(w):
    message_send(engagement=w.engagement, by=w.student, body="Hello")
    message_send(engagement=w.engagement, by=w.employer, body="Hello back")
    submission = submit(w)
    deliverable_request_changes(submission=submission, by=w.employer, comment="More")
    engagement_cancel(engagement=w.engagement, by=w.employer, reason="Stop")
    assert not Notification.objects.filter(user_id__in=w.everyone_else).exists()
    assert UserFactory().notifications.count() == 0
