"""Applying (application_submit): who may apply to which project (open, before its deadline, visible to
the student's university), answers to every screening question in order, no second application even
past the check (the unique constraint), and the warning when the student's weekly hours would not fit.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.commitments import student_weekly_load
from applications.models import Application, ApplicationStatus
from applications.services.applications import application_submit, application_withdraw
from applications.tests.event_history import events
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from projects.models import ProjectStatus, Visibility
from students.factories import StudentProfileFactory
from tests.errors import error_codes
from universities.factories import PartnershipFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db


def today_plus(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


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
