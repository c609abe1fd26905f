"""No ghosting, the nudge: employers hear once per project about applicants waiting too long for an answer,
and again only when more cross the line. The `hiring` world is in the root conftest.py."""

import datetime as dt

import pytest
from django.utils import timezone

from applications import reminders
from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationStatus
from notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


def users_told(**filters) -> set[int]:
    return set(Notification.objects.filter(**filters).values_list("user_id", flat=True))


# No ghosting: the nudge ---------------------------------------------------------------------------


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
