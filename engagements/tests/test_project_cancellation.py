"""Cancelling a project: refused while work is under way, and no applicant is left waiting."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.factories import ApplicationFactory
from applications.models import ApplicationEvent, ApplicationStatus
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from engagements.services.project_cancellation import CANCELLATION_NOTE, project_cancel
from projects.factories import ProjectFactory
from projects.models import ProjectStatus
from tests.errors import error_codes

pytestmark = pytest.mark.django_db


def test_cancel_a_draft(employer, member):
    project = project_cancel(project=ProjectFactory(employer=employer), user=member)
    project.refresh_from_db()
    assert project.status == ProjectStatus.CANCELLED
    assert project.cancelled_at is not None


def test_cancel_turns_down_waiting_applicants_kindly(employer, member):
    project = ProjectFactory(employer=employer, published=True, openings=2)
    waiting = ApplicationFactory(project=project)
    shortlisted = ApplicationFactory(project=project, status=ApplicationStatus.SHORTLISTED)
    withdrawn = ApplicationFactory(project=project, status=ApplicationStatus.WITHDRAWN)
    project_cancel(project=project, user=member)
    for application in (waiting, shortlisted):
        application.refresh_from_db()
        assert application.status == ApplicationStatus.REJECTED
        assert application.decision_note == CANCELLATION_NOTE
        assert application.decided_by == member
        event = ApplicationEvent.objects.get(application=application)
        assert (event.status, event.actor, event.note) == (
            ApplicationStatus.REJECTED,
            member,
            CANCELLATION_NOTE,
        )
    withdrawn.refresh_from_db()
    assert withdrawn.status == ApplicationStatus.WITHDRAWN


def test_cancel_passes_the_employers_own_note(employer, member):
    application = ApplicationFactory(project=ProjectFactory(employer=employer, published=True))
    project_cancel(project=application.project, user=member, note="Budget was cut, sorry!")
    application.refresh_from_db()
    assert application.decision_note == "Budget was cut, sorry!"


def test_cancel_twice_changes_nothing(employer, member):
    project = project_cancel(project=ProjectFactory(employer=employer, published=True), user=member)
    again = project_cancel(project=project, user=member)
    assert again.cancelled_at == project.cancelled_at


@pytest.mark.parametrize("status", [EngagementStatus.KICKOFF, EngagementStatus.ACTIVE])
def test_cancel_refuses_while_an_engagement_is_under_way(employer, member, status):
    project = ProjectFactory(employer=employer, status=ProjectStatus.IN_PROGRESS, accepted_count=1)
    EngagementFactory(application__project=project, status=status)
    with pytest.raises(ValidationError) as caught:
        project_cancel(project=project, user=member)
    assert error_codes(caught.value) == ["active_engagement"]


def test_cancel_is_allowed_once_engagements_are_cancelled(employer, member):
    project = ProjectFactory(employer=employer, status=ProjectStatus.IN_PROGRESS, accepted_count=1)
    EngagementFactory(application__project=project, status=EngagementStatus.CANCELLED)
    assert project_cancel(project=project, user=member).status == ProjectStatus.CANCELLED


def test_cancel_refuses_a_completed_project(employer, member):
    with pytest.raises(ValidationError) as caught:
        project_cancel(project=ProjectFactory(employer=employer, status=ProjectStatus.COMPLETED), user=member)
    assert error_codes(caught.value) == ["completed"]


def test_cancel_refuses_a_non_member(other_member):
    with pytest.raises(PermissionDenied):
        project_cancel(project=ProjectFactory(published=True), user=other_member)
