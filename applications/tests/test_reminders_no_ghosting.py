"""No ghosting, end to end: applications left unanswered close with a kind note the student sees, the
employer sees them closed, and the dashboard promises what the scans do."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import reminders
from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationEvent, ApplicationStatus
from applications.selectors import application_list_for_student
from employers.factories import EmployerMemberFactory
from notifications.models import Notification, NotificationKind
from projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def brightlane_project(owner):
    """Brightlane's open project "Market sizing", with two openings."""
    return ProjectFactory(employer=owner.employer, published=True, title="Market sizing", openings=2)


def applied(project, *, days_ago: float, status: str = ApplicationStatus.SUBMITTED) -> Application:
    application = ApplicationFactory(project=project, status=status)
    Application.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    application.refresh_from_db()
    return application


def test_applications_unanswered_for_14_days_close_with_a_kind_note_to_the_student(brightlane_project, owner):
    waiting = applied(brightlane_project, days_ago=14.1)
    shortlisted = applied(brightlane_project, days_ago=20, status=ApplicationStatus.SHORTLISTED)
    assert reminders.unanswered_applications_close(now=timezone.now()) == 2
    for application in (waiting, shortlisted):
        application.refresh_from_db()
        assert application.status == ApplicationStatus.CLOSED
        assert application.decided_by is None and application.decided_at is not None
        assert "Brightlane did not answer within 14 days" in application.decision_note
        event = application.events.get()
        assert (event.status, event.actor, event.note) == (
            ApplicationStatus.CLOSED,
            None,
            application.decision_note,
        )
        notice = Notification.objects.get(user_id=application.student.user_id)
        assert notice.kind == NotificationKind.APPLICATION_STATUS
        assert notice.key == f"application:{application.public_id}:closed"
        assert notice.body == application.decision_note
    assert not Notification.objects.filter(user=owner.user).exists()


def test_nothing_closes_before_14_days_or_once_answered(brightlane_project):
    applied(brightlane_project, days_ago=13.9)
    for status in (ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN):
        applied(brightlane_project, days_ago=30, status=status)
    assert reminders.unanswered_applications_close(now=timezone.now()) == 0
    assert not Notification.objects.exists()
    assert not Application.objects.filter(status=ApplicationStatus.CLOSED).exists()


def test_closing_again_changes_and_tells_nothing(brightlane_project):
    applied(brightlane_project, days_ago=15)
    assert reminders.unanswered_applications_close(now=timezone.now()) == 1
    assert reminders.unanswered_applications_close(now=timezone.now()) == 0
    assert ApplicationEvent.objects.count() == 1
    assert Notification.objects.count() == 1


def test_the_auto_close_follows_the_setting(brightlane_project, settings):
    settings.MARKETPLACE = {**settings.MARKETPLACE, "APPLICATION_AUTO_CLOSE_DAYS": 7}
    application = applied(brightlane_project, days_ago=7.5)
    assert reminders.unanswered_applications_close(now=timezone.now()) == 1
    application.refresh_from_db()
    assert "within 7 days" in application.decision_note


def test_the_student_sees_the_closed_application_and_the_note_on_its_page(client, brightlane_project):
    application = applied(brightlane_project, days_ago=15)
    reminders.unanswered_applications_close(now=timezone.now())
    client.force_login(application.student.user)
    page = client.get(reverse("applications:detail", kwargs={"public_id": application.public_id}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Closed without an answer" in text
    assert "Brightlane did not answer in time, so we closed this application" in text
    assert "A note from Micro-internships:" in text
    assert "did not answer within 14 days, so we have closed this application" in text
    assert list(application_list_for_student(student=application.student, group="closed")) == [application]
    mine = client.get(reverse("applications:mine") + "?group=closed").content.decode()
    assert "Market sizing" in mine


def test_the_employer_sees_the_application_closed(client, brightlane_project, owner):
    application = applied(brightlane_project, days_ago=15)
    reminders.unanswered_applications_close(now=timezone.now())
    client.force_login(owner.user)
    page = client.get(reverse("manage:applicant", kwargs={"public_id": application.public_id}))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Closed without an answer" in text
    assert "in time, so the application closed and they received the polite note above" in text
    assert "Reject…" not in text
    dashboard = client.get(reverse("employers:dashboard")).content.decode()
    assert "<strong>1</strong> closed unanswered" in dashboard


def test_outsiders_cannot_see_a_closed_application(client, brightlane_project):
    application = applied(brightlane_project, days_ago=15)
    reminders.unanswered_applications_close(now=timezone.now())
    client.force_login(EmployerMemberFactory().user)
    assert (
        client.get(reverse("manage:applicant", kwargs={"public_id": application.public_id})).status_code
        == 404
    )


def test_the_dashboard_promises_what_the_scans_do(client, brightlane_project, owner, settings):
    """The dashboard says: reminded after EMPLOYER_NUDGE_DAYS, closed after APPLICATION_AUTO_CLOSE_DAYS.
    The scans use the same two settings, counted from the application as the dashboard counts the wait."""
    settings.MARKETPLACE = {
        **settings.MARKETPLACE,
        "EMPLOYER_NUDGE_DAYS": 3,
        "APPLICATION_AUTO_CLOSE_DAYS": 9,
    }
    applied(brightlane_project, days_ago=3.5)
    client.force_login(owner.user)
    page = client.get(reverse("employers:dashboard")).content.decode()
    assert "after 3 days we remind you, after 9 the application closes with a polite note" in page
    assert reminders.waiting_applicants_nudge(now=timezone.now()) == 1
    nudge = Notification.objects.get(user=owner.user)
    assert "applications unanswered for 9 days close with a polite note" in nudge.body
    assert reminders.unanswered_applications_close(now=timezone.now() + dt.timedelta(days=5.4)) == 0
    assert reminders.unanswered_applications_close(now=timezone.now() + dt.timedelta(days=5.6)) == 1
