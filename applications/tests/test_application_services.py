import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from applications.commitments import student_weekly_load
from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationEvent, ApplicationStatus
from applications.selectors import (
    application_get_for_employer,
    application_get_for_student,
    application_list_for_project,
    application_list_for_student,
)
from applications.services.applications import (
    DEFAULT_REJECTION_NOTE,
    application_reject,
    application_reject_many,
    application_shortlist,
    application_submit,
    application_withdraw,
)
from engagements.factories import EngagementFactory
from engagements.models import Engagement, EngagementStatus
from engagements.services.hiring import application_accept
from projects.factories import SkillFactory
from projects.models import CloseReason, ProjectStatus, Visibility
from students.factories import StudentProfileFactory
from tests.errors import error_codes
from universities.factories import PartnershipFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db


def today_plus(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def events(application: Application) -> list[tuple[str, object, str]]:
    return list(application.events.values_list("status", "actor", "note"))


# --- submit ------------------------------------------------------------------------------------------------


def test_a_verified_student_applies_with_answers_in_question_order(project, student_profile):
    project.screening_questions = ["Why this project?", "Which tools do you use?"]
    project.save()
    application = application_submit(
        student=student_profile,
        project=project,
        cover_note=" Keen! ",
        answers=["It fits my major", "Excel, R"],
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.cover_note == "Keen!"
    assert application.answers == [
        {"question": "Why this project?", "answer": "It fits my major"},
        {"question": "Which tools do you use?", "answer": "Excel, R"},
    ]
    assert application.exceeds_weekly_budget is False
    assert events(application) == [(ApplicationStatus.SUBMITTED, student_profile.user.pk, "")]


def test_an_unverified_student_may_apply_to_a_public_project(project):
    student = StudentProfileFactory(unverified=True)
    application = application_submit(student=student, project=project)
    assert application.status == ApplicationStatus.SUBMITTED


def test_submit_refuses_an_unverified_student_a_partners_only_project(project):
    student = StudentProfileFactory(unverified=True)
    PartnershipFactory(
        employer=project.employer, university=student.university, status=PartnershipStatus.ACTIVE
    )
    project.visibility = Visibility.PARTNERS
    project.save()
    with pytest.raises(ValidationError) as caught:
        application_submit(student=student, project=project)
    assert error_codes(caught.value) == ["student_not_verified"]


@pytest.mark.parametrize(
    "status",
    [ProjectStatus.DRAFT, ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED, ProjectStatus.COMPLETED],
)
def test_submit_refuses_a_project_that_is_not_open(project, student_profile, status):
    project.status = status
    project.save()
    with pytest.raises(ValidationError) as caught:
        application_submit(student=student_profile, project=project)
    assert error_codes(caught.value) == ["project_not_open"]


def test_submit_refuses_after_the_deadline_even_before_the_project_is_closed(project, student_profile):
    project.application_deadline = timezone.now() - dt.timedelta(minutes=1)
    project.save()
    with pytest.raises(ValidationError) as caught:
        application_submit(student=student_profile, project=project)
    assert error_codes(caught.value) == ["deadline_passed"]


def test_submit_refuses_a_partner_only_project_without_an_active_partnership(project, student_profile):
    project.visibility = Visibility.PARTNERS
    project.save()
    PartnershipFactory(
        employer=project.employer, university=student_profile.university, status=PartnershipStatus.ENDED
    )
    with pytest.raises(ValidationError) as caught:
        application_submit(student=student_profile, project=project)
    assert error_codes(caught.value) == ["not_visible"]


def test_students_of_a_partner_university_apply_to_partner_only_projects(project, student_profile):
    project.visibility = Visibility.PARTNERS
    project.save()
    PartnershipFactory(
        employer=project.employer, university=student_profile.university, status=PartnershipStatus.ACTIVE
    )
    assert application_submit(student=student_profile, project=project).status == ApplicationStatus.SUBMITTED


def test_applying_twice_is_refused(project, student_profile):
    application_submit(student=student_profile, project=project)
    with pytest.raises(ValidationError) as caught:
        application_submit(student=student_profile, project=project)
    assert error_codes(caught.value) == ["already_applied"]
    assert Application.objects.count() == 1


def test_applying_again_after_withdrawing_is_refused(project, student_profile):
    application = application_submit(student=student_profile, project=project)
    application_withdraw(application=application, student=student_profile)
    with pytest.raises(ValidationError) as caught:
        application_submit(student=student_profile, project=project)
    assert error_codes(caught.value) == ["already_applied"]


def test_a_duplicate_slipping_past_the_check_hits_the_unique_constraint(
    project, student_profile, monkeypatch
):
    real_create = Application.objects.create

    def create_after_a_concurrent_submit(**kwargs):
        Application(project=kwargs["project"], student=kwargs["student"]).save()
        return real_create(**kwargs)

    monkeypatch.setattr(Application.objects, "create", create_after_a_concurrent_submit)
    with pytest.raises(ValidationError) as caught:
        application_submit(student=student_profile, project=project)
    assert error_codes(caught.value) == ["already_applied"]


@pytest.mark.parametrize("answers", [None, ["Because"], ["Because", "  "], ["a", "b", "c"]])
def test_submit_refuses_unless_every_screening_question_is_answered(project, student_profile, answers):
    project.screening_questions = ["Why?", "How?"]
    project.save()
    with pytest.raises(ValidationError) as caught:
        application_submit(student=student_profile, project=project, answers=answers)
    assert error_codes(caught.value) == {"answers": ["answers_incomplete"]}
    assert not Application.objects.exists()


def test_submit_warns_when_the_project_does_not_fit_the_weekly_hours(project, student_profile):
    EngagementFactory(
        application__student=student_profile,
        status=EngagementStatus.ACTIVE,
        estimated_hours=28,
        due_date=today_plus(14),
    )
    application = application_submit(student=student_profile, project=project)
    assert application.exceeds_weekly_budget is True
    assert application.status == ApplicationStatus.SUBMITTED


def test_finished_engagements_do_not_count_against_the_weekly_hours(project, student_profile):
    EngagementFactory(
        application__student=student_profile,
        status=EngagementStatus.COMPLETED,
        estimated_hours=40,
        due_date=today_plus(7),
    )
    assert application_submit(student=student_profile, project=project).exceeds_weekly_budget is False


def test_weekly_load_spreads_each_engagement_until_its_due_date(student_profile):
    EngagementFactory(
        application__student=student_profile,
        status=EngagementStatus.KICKOFF,
        estimated_hours=20,
        due_date=today_plus(28),
    )
    EngagementFactory(
        application__student=student_profile,
        status=EngagementStatus.ACTIVE,
        estimated_hours=6,
        due_date=today_plus(2),
    )
    EngagementFactory(
        application__student=student_profile, status=EngagementStatus.ACTIVE, estimated_hours=3, due_date=None
    )
    EngagementFactory(
        application__student=student_profile, status=EngagementStatus.CANCELLED, estimated_hours=30
    )
    assert student_weekly_load(student=student_profile) == pytest.approx(20 / 4 + 6 + 3)


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


# --- selectors ---------------------------------------------------------------------------------------------


def render_student_rows(applications) -> list[tuple]:
    return [
        (a.project.title, a.project.employer.name, getattr(a, "engagement", None), a.get_status_display())
        for a in applications
    ]


@pytest.mark.parametrize("rows", [1, 50])
def test_student_list_runs_one_query_for_1_or_50_applications(
    student_profile, rows, django_assert_num_queries
):
    ApplicationFactory.create_batch(rows - 1, student=student_profile)
    EngagementFactory(application__student=student_profile)
    with django_assert_num_queries(1):
        assert len(render_student_rows(application_list_for_student(student=student_profile))) == rows


def render_applicant_rows(applications) -> list[tuple]:
    return [
        (
            a.student.user.email,
            a.student.university.name,
            [skill.name for skill in a.student.skills.all()],
            getattr(a, "engagement", None),
            a.project.title,
        )
        for a in applications
    ]


@pytest.mark.parametrize("rows", [1, 50])
def test_applicant_list_runs_two_queries_for_1_or_50_applicants(
    project, member, rows, django_assert_num_queries
):
    skill = SkillFactory()
    for _ in range(rows):
        ApplicationFactory(project=project, student=StudentProfileFactory(skills=[skill]))
    with django_assert_num_queries(2):
        assert len(render_applicant_rows(application_list_for_project(user=member, project=project))) == rows


def test_applicant_list_is_empty_for_outsiders(application, other_member, student_profile):
    assert list(application_list_for_project(user=other_member, project=application.project)) == []
    assert list(application_list_for_project(user=student_profile.user, project=application.project)) == []


def test_student_sees_only_their_own_application(application, student_profile):
    found = application_get_for_student(student=application.student, public_id=application.public_id)
    assert found == application
    with pytest.raises(Http404):
        application_get_for_student(student=student_profile, public_id=application.public_id)


def test_employer_detail_is_404_for_outsiders(application, member, other_member, student_profile):
    assert application_get_for_employer(user=member, public_id=application.public_id) == application
    for user in (other_member, student_profile.user):
        with pytest.raises(Http404):
            application_get_for_employer(user=user, public_id=application.public_id)
