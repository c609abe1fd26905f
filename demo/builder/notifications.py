"""Notices for the demo accounts, written by the same notice functions the services call, so the centre and
the header badge show what a real week would have brought. Seeding emails nobody."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Max, QuerySet
from django.utils import timezone

from accounts.models import User
from applications.models import Application, ApplicationStatus
from applications.notices import application_rejected, application_shortlisted, application_submitted
from credentials.keys import issuer_keys
from credentials.services import credential_issue
from engagements.models import DeliverableSubmission, Engagement, EngagementStatus, Message, SubmissionStatus
from engagements.notices import application_accepted, deliverable_submitted, message_sent
from notifications.models import EmailState, Notification

RECENT = 4


def _recent(queryset: QuerySet, *, order: str = "-created_at") -> list:
    return list(queryset.order_by(order)[:RECENT])


def _issue_credentials(student: User) -> None:
    """The demo student's Open Badges for their completed projects, as the worker issues them on completion;
    none where the site has no signing key (production without MARKETPLACE_CREDENTIAL_KEYS)."""
    try:
        issuer_keys()
    except ImproperlyConfigured:
        return
    completed = Engagement.objects.filter(student__user=student, status=EngagementStatus.COMPLETED)
    for engagement_id in completed.order_by("pk").values_list("pk", flat=True):
        credential_issue(engagement_id=engagement_id)


def demo_notifications_write(*, demo_users: dict[str, User]) -> None:
    """Call inside the seeding transaction. Idempotent: every notice has its key, told once per user."""
    demo_ids = [user.pk for user in demo_users.values() if user.pk]
    last_before = Notification.objects.aggregate(last=Max("pk"))["last"] or 0
    student, employer = demo_users.get("student@demo.test"), demo_users.get("employer@demo.test")
    if student is not None and student.pk:
        mine = Application.objects.filter(student__user=student).select_related("project", "student__user")
        for application in _recent(mine.filter(status=ApplicationStatus.SHORTLISTED)):
            application_shortlisted(application=application)
        for application in _recent(mine.filter(status=ApplicationStatus.ACCEPTED)):
            application_accepted(application=application)
        for application in _recent(mine.filter(status=ApplicationStatus.REJECTED)):
            application_rejected(application=application)
        threads = Message.objects.filter(engagement__student__user=student).exclude(sender=student)
        for message in _recent(threads.select_related("engagement", "sender")):
            message_sent(message=message)
        _issue_credentials(student)
    if employer is not None and employer.pk:
        received = Application.objects.filter(
            project__employer__memberships__user=employer, status=ApplicationStatus.SUBMITTED
        ).select_related("project", "student__user")
        for application in _recent(received):
            application_submitted(application=application)
        handed_in = DeliverableSubmission.objects.filter(
            milestone__engagement__employer__memberships__user=employer, status=SubmissionStatus.SUBMITTED
        ).select_related("milestone__engagement__student__user", "milestone__engagement__project")
        for submission in _recent(handed_in):
            deliverable_submitted(submission=submission)
    # Everyone told here (teammates of the demo employer too) is told without an email.
    seeded = Notification.objects.filter(pk__gt=last_before)
    seeded.update(email_state=EmailState.NONE)
    # All but the newest few of each account read as already seen, so the badge shows a believable handful.
    for user_id in demo_ids:
        older = seeded.filter(user_id=user_id).order_by("-id").values_list("pk", flat=True)[3:]
        Notification.objects.filter(pk__in=list(older)).update(read_at=timezone.now())
