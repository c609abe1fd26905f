"""An application's moves after submission: the student withdraws, a member shortlists, rejects (one or
many, with a note or the kind default) and accepts (the engagement, the openings, the project closing
when full). Each move is recorded once, repeating it changes nothing, decided applications stay
decided, and outsiders are refused.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationEvent, ApplicationStatus
from applications.services.applications import (
    DEFAULT_REJECTION_NOTE,
    application_reject,
    application_reject_many,
    application_shortlist,
    application_withdraw,
)
from applications.tests.event_history import events
from engagements.models import Engagement
from engagements.services.hiring import application_accept
from projects.models import CloseReason, ProjectStatus
from tests.errors import error_codes

pytestmark = pytest.mark.django_db


# --- withdraw ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED])
def test_student_withdraws_a_pending_application(project, status):
    application = ApplicationFactory(project=project, status=status)
    application = application_withdraw(application=application, student=application.student)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.withdrawn_at is not None
    assert events(application) == [(ApplicationStatus.WITHDRAWN, application.student.user_id, "")]


def test_withdrawing_twice_changes_nothing(application):
    first = application_withdraw(application=application, student=application.student)
    again = application_withdraw(application=application, student=application.student)
    assert again.withdrawn_at == first.withdrawn_at
    assert application.events.count() == 1


def test_an_accepted_application_cannot_be_withdrawn(application, member):
    application_accept(application=application, by=member)
    with pytest.raises(ValidationError) as caught:
        application_withdraw(application=application, student=application.student)
    assert error_codes(caught.value) == ["accepted_cannot_withdraw"]


def test_a_rejected_application_cannot_be_withdrawn(project):
    application = ApplicationFactory(project=project, status=ApplicationStatus.REJECTED)
    with pytest.raises(ValidationError) as caught:
        application_withdraw(application=application, student=application.student)
    assert error_codes(caught.value) == ["invalid_transition"]


def test_only_the_applicant_may_withdraw(application, student_profile):
    with pytest.raises(PermissionDenied):
        application_withdraw(application=application, student=student_profile)


# --- shortlist ---------------------------------------------------------------------------------------------


def test_member_shortlists_a_submitted_application(application, member):
    application = application_shortlist(application=application, by=member)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SHORTLISTED
    assert events(application) == [(ApplicationStatus.SHORTLISTED, member.pk, "")]


def test_shortlisting_twice_changes_nothing(application, member):
    application_shortlist(application=application, by=member)
    application_shortlist(application=application, by=member)
    assert application.events.count() == 1


@pytest.mark.parametrize(
    "status", [ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.ACCEPTED]
)
def test_shortlist_refuses_a_decided_application(project, member, status):
    application = ApplicationFactory(project=project, status=status)
    with pytest.raises(ValidationError) as caught:
        application_shortlist(application=application, by=member)
    assert error_codes(caught.value) == ["invalid_transition"]


def test_shortlist_refuses_a_non_member(application, other_member):
    with pytest.raises(PermissionDenied):
        application_shortlist(application=application, by=other_member)


# --- reject ------------------------------------------------------------------------------------------------


def test_member_rejects_with_a_note(application, member):
    application = application_reject(application=application, by=member, note="We chose a finance major.")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert (application.decision_note, application.decided_by) == ("We chose a finance major.", member)
    assert events(application) == [(ApplicationStatus.REJECTED, member.pk, "We chose a finance major.")]


def test_reject_without_a_note_sends_a_kind_default(application, member):
    application = application_reject(application=application, by=member, note="  ")
    assert application.decision_note == DEFAULT_REJECTION_NOTE


def test_rejecting_twice_keeps_the_first_note(application, member):
    application_reject(application=application, by=member, note="First")
    again = application_reject(application=application, by=member, note="Second")
    assert again.decision_note == "First"
    assert application.events.count() == 1


def test_an_accepted_application_is_not_rejected(application, member):
    application_accept(application=application, by=member)
    with pytest.raises(ValidationError) as caught:
        application_reject(application=application, by=member)
    assert error_codes(caught.value) == ["accepted_cannot_reject"]


def test_a_withdrawn_application_is_not_rejected(project, member):
    application = ApplicationFactory(project=project, status=ApplicationStatus.WITHDRAWN)
    with pytest.raises(ValidationError) as caught:
        application_reject(application=application, by=member)
    assert error_codes(caught.value) == ["invalid_transition"]


def test_reject_refuses_a_non_member(application, other_member):
    with pytest.raises(PermissionDenied):
        application_reject(application=application, by=other_member)


def test_reject_many_sends_one_note_and_reports_the_refusals(project, member):
    pending = ApplicationFactory.create_batch(3, project=project)
    accepted = ApplicationFactory(project=project)
    application_accept(application=accepted, by=member)
    result = application_reject_many(
        applications=[*pending, accepted], by=member, note="Thanks for applying."
    )
    assert {application.pk for application in result.rejected} == {application.pk for application in pending}
    assert [(application.pk, error.code) for application, error in result.refused] == [
        (accepted.pk, "accepted_cannot_reject")
    ]
    assert set(
        Application.objects.filter(pk__in=[a.pk for a in pending]).values_list("decision_note", flat=True)
    ) == {"Thanks for applying."}
    assert ApplicationEvent.objects.filter(status=ApplicationStatus.REJECTED).count() == 3


def test_reject_many_refuses_before_changing_anything_when_one_project_is_not_yours(project, member):
    own = ApplicationFactory(project=project)
    foreign = ApplicationFactory()
    with pytest.raises(PermissionDenied):
        application_reject_many(applications=[own, foreign], by=member)
    own.refresh_from_db()
    assert own.status == ApplicationStatus.SUBMITTED


# --- accept ------------------------------------------------------------------------------------------------


def test_accept_creates_the_engagement_and_counts_the_opening(application, member):
    application = application_accept(application=application, by=member)
    application.refresh_from_db()
    project = application.project
    project.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.decided_by == member
    assert events(application) == [(ApplicationStatus.ACCEPTED, member.pk, "")]
    assert project.accepted_count == 1
    assert project.status == ProjectStatus.OPEN
    engagement = Engagement.objects.get(application=application)
    assert (engagement.fee, engagement.estimated_hours) == (project.fee, project.estimated_hours)
    assert engagement.milestones.count() == len(project.deliverables)


def test_accepting_twice_changes_nothing(application, member):
    application_accept(application=application, by=member)
    application_accept(application=application, by=member)
    application.project.refresh_from_db()
    assert application.project.accepted_count == 1
    assert Engagement.objects.count() == 1
    assert application.events.count() == 1


def test_filling_the_last_opening_closes_the_project(project, member):
    first, second = ApplicationFactory.create_batch(2, project=project)
    application_accept(application=first, by=member)
    application_accept(application=second, by=member)
    project.refresh_from_db()
    assert (project.status, project.close_reason, project.accepted_count) == (
        ProjectStatus.IN_PROGRESS,
        CloseReason.FILLED,
        2,
    )
    assert project.closed_at is not None


def test_accept_never_exceeds_openings(project, member):
    applications = ApplicationFactory.create_batch(3, project=project)
    application_accept(application=applications[0], by=member)
    application_accept(application=applications[1], by=member)
    with pytest.raises(ValidationError) as caught:
        application_accept(application=applications[2], by=member)
    assert error_codes(caught.value) == ["openings_filled"]
    assert caught.value.messages == ["All openings are filled."]
    applications[2].refresh_from_db()
    assert applications[2].status == ApplicationStatus.SUBMITTED
    assert Engagement.objects.count() == 2


def test_accept_from_a_project_closed_by_the_employer_keeps_its_close_reason(project, member):
    application = ApplicationFactory(project=project, status=ApplicationStatus.SHORTLISTED)
    project.status = ProjectStatus.IN_PROGRESS
    project.close_reason = CloseReason.EMPLOYER
    project.save()
    application_accept(application=application, by=member)
    project.refresh_from_db()
    assert (project.status, project.close_reason, project.accepted_count) == (
        ProjectStatus.IN_PROGRESS,
        CloseReason.EMPLOYER,
        1,
    )


@pytest.mark.parametrize("status", [ProjectStatus.CANCELLED, ProjectStatus.COMPLETED, ProjectStatus.DRAFT])
def test_accept_refuses_when_the_project_is_not_taking_applicants(application, member, status):
    project = application.project
    project.status = status
    project.save()
    with pytest.raises(ValidationError) as caught:
        application_accept(application=application, by=member)
    assert error_codes(caught.value) == ["project_not_accepting"]


@pytest.mark.parametrize("status", [ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED])
def test_accept_refuses_a_withdrawn_or_rejected_application(project, member, status):
    application = ApplicationFactory(project=project, status=status)
    with pytest.raises(ValidationError) as caught:
        application_accept(application=application, by=member)
    assert error_codes(caught.value) == ["invalid_transition"]


def test_accept_refuses_a_non_member(application, other_member):
    with pytest.raises(PermissionDenied):
        application_accept(application=application, by=other_member)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
