import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from projects.factories import ProjectFactory, SkillFactory
from projects.models import (
    CloseReason,
    Project,
    ProjectStatus,
    Report,
    ReportReason,
    SavedProject,
    Visibility,
)
from projects.services import (
    project_close,
    project_close_expired,
    project_create,
    project_duplicate,
    project_publish,
    project_report,
    project_save,
    project_unsave,
    project_update,
)
from tests.errors import error_codes

pytestmark = pytest.mark.django_db


def in_days(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


# --- create ------------------------------------------------------------------------------------------------


def test_member_creates_a_draft(employer, member):
    skill = SkillFactory()
    project = project_create(
        user=member,
        employer=employer,
        title="  Survey analysis ",
        deliverables=["A report", " "],
        estimated_hours=12,
        fee=Decimal("300"),
        required_skills=[skill],
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT
    assert project.title == "Survey analysis"
    assert project.deliverables == ["A report"]
    assert project.created_by == member
    assert project.currency == "USD"
    assert list(project.required_skills.all()) == [skill]


def test_create_refuses_a_non_member(employer, other_member):
    with pytest.raises(PermissionDenied):
        project_create(user=other_member, employer=employer, title="Survey")
    assert not Project.objects.exists()


def test_create_refuses_a_blank_title_no_openings_and_a_negative_fee(employer, member):
    with pytest.raises(ValidationError) as caught:
        project_create(user=member, employer=employer, title=" ", openings=0, fee=Decimal("-1"))
    assert error_codes(caught.value) == {
        "title": ["required"],
        "openings": ["openings_too_few"],
        "fee": ["fee_negative"],
    }


def test_create_refuses_an_unknown_visibility(employer, member):
    with pytest.raises(ValidationError) as caught:
        project_create(user=member, employer=employer, title="Survey", visibility="friends")
    assert "visibility" in error_codes(caught.value)


# --- update ------------------------------------------------------------------------------------------------


def test_member_updates_a_draft(employer, member):
    project = ProjectFactory(employer=employer)
    skill = SkillFactory()
    project_update(
        project=project,
        user=member,
        data={"title": "New title", "openings": 3, "nice_to_have_skills": [skill]},
    )
    project.refresh_from_db()
    assert (project.title, project.openings) == ("New title", 3)
    assert list(project.nice_to_have_skills.all()) == [skill]


def test_update_with_the_same_values_changes_nothing(employer, member):
    project = ProjectFactory(employer=employer, published=True)
    before = project.updated_at
    project_update(project=project, user=member, data={"title": project.title, "openings": project.openings})
    project.refresh_from_db()
    assert project.updated_at == before


def test_update_refuses_a_non_member(other_member):
    project = ProjectFactory()
    with pytest.raises(PermissionDenied):
        project_update(project=project, user=other_member, data={"title": "Mine now"})


def test_update_refuses_fields_that_are_not_editable(employer, member):
    project = ProjectFactory(employer=employer)
    with pytest.raises(ValidationError) as caught:
        project_update(project=project, user=member, data={"status": ProjectStatus.OPEN})
    assert error_codes(caught.value) == {"status": ["not_editable"]}


@pytest.mark.parametrize(
    "status", [ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED, ProjectStatus.CANCELLED]
)
def test_update_refuses_projects_past_open(employer, member, status):
    project = ProjectFactory(employer=employer, status=status)
    with pytest.raises(ValidationError) as caught:
        project_update(project=project, user=member, data={"title": "Late change"})
    assert error_codes(caught.value) == ["not_editable"]


def test_update_never_lowers_openings_below_accepted(employer, member):
    project = ProjectFactory(employer=employer, published=True, openings=3, accepted_count=2)
    with pytest.raises(ValidationError) as caught:
        project_update(project=project, user=member, data={"openings": 1})
    assert error_codes(caught.value) == {"openings": ["openings_below_accepted"]}
    project.refresh_from_db()
    assert project.openings == 3


def test_lowering_openings_to_those_accepted_closes_an_open_project_as_filled(employer, member):
    project = ProjectFactory(employer=employer, published=True, openings=3, accepted_count=2)
    project = project_update(project=project, user=member, data={"openings": 2})
    assert (project.status, project.close_reason) == (ProjectStatus.IN_PROGRESS, CloseReason.FILLED)
    assert project.closed_at is not None


def test_an_open_project_must_stay_well_scoped(employer, member):
    project = ProjectFactory(employer=employer, published=True)
    with pytest.raises(ValidationError) as caught:
        project_update(project=project, user=member, data={"deliverables": [], "estimated_hours": 2})
    assert error_codes(caught.value) == {
        "deliverables": ["no_deliverables"],
        "estimated_hours": ["hours_out_of_range"],
    }


# --- publish -----------------------------------------------------------------------------------------------


def test_publish_opens_a_well_scoped_draft(employer, member):
    project = project_publish(project=ProjectFactory(employer=employer), user=member)
    project.refresh_from_db()
    assert project.status == ProjectStatus.OPEN
    assert project.published_at is not None


def test_publish_twice_leaves_the_project_as_first_published(employer, member):
    project = project_publish(project=ProjectFactory(employer=employer), user=member)
    again = project_publish(project=project, user=member)
    assert again.published_at == project.published_at
    assert again.status == ProjectStatus.OPEN


def test_publish_refuses_with_every_failed_check_at_once(employer, member):
    project = ProjectFactory(
        employer=employer,
        deliverables=[],
        estimated_hours=3,
        fee=Decimal("10.00"),
        application_deadline=in_days(-1),
        due_date=None,
    )
    with pytest.raises(ValidationError) as caught:
        project_publish(project=project, user=member)
    assert error_codes(caught.value) == {
        "deliverables": ["no_deliverables"],
        "estimated_hours": ["hours_out_of_range"],
        "fee": ["fee_too_low"],
        "application_deadline": ["deadline_passed"],
        "due_date": ["due_date_missing"],
    }
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


def test_publish_refuses_a_due_date_before_the_deadline(employer, member):
    project = ProjectFactory(employer=employer, application_deadline=in_days(10), due_date=in_days(5).date())
    with pytest.raises(ValidationError) as caught:
        project_publish(project=project, user=member)
    assert error_codes(caught.value) == {"due_date": ["due_before_deadline"]}


def test_publish_accepts_the_minimum_fee_exactly(employer, member):
    project = ProjectFactory(employer=employer, estimated_hours=5, fee=Decimal("75.00"))
    assert project_publish(project=project, user=member).status == ProjectStatus.OPEN


@pytest.mark.parametrize(
    "status", [ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED, ProjectStatus.COMPLETED]
)
def test_publish_refuses_anything_but_a_draft(employer, member, status):
    project = ProjectFactory(employer=employer, status=status)
    with pytest.raises(ValidationError) as caught:
        project_publish(project=project, user=member)
    assert error_codes(caught.value) == ["not_draft"]


def test_publish_refuses_a_non_member(other_member):
    with pytest.raises(PermissionDenied):
        project_publish(project=ProjectFactory(), user=other_member)


# --- close -------------------------------------------------------------------------------------------------


def test_close_stops_applications(employer, member):
    project = project_close(project=ProjectFactory(employer=employer, published=True), user=member)
    project.refresh_from_db()
    assert (project.status, project.close_reason) == (ProjectStatus.IN_PROGRESS, CloseReason.EMPLOYER)
    assert project.closed_at is not None


def test_close_twice_keeps_the_first_close(employer, member):
    project = project_close(project=ProjectFactory(employer=employer, published=True), user=member)
    again = project_close(project=project, user=member)
    assert (again.closed_at, again.close_reason) == (project.closed_at, CloseReason.EMPLOYER)


@pytest.mark.parametrize("status", [ProjectStatus.DRAFT, ProjectStatus.CANCELLED, ProjectStatus.COMPLETED])
def test_close_refuses_a_project_that_is_not_open(employer, member, status):
    with pytest.raises(ValidationError) as caught:
        project_close(project=ProjectFactory(employer=employer, status=status), user=member)
    assert error_codes(caught.value) == ["not_open"]


def test_close_refuses_a_non_member(other_member):
    with pytest.raises(PermissionDenied):
        project_close(project=ProjectFactory(published=True), user=other_member)


def test_close_expired_closes_only_open_projects_past_their_deadline():
    now = timezone.now()
    expired = ProjectFactory(published=True, application_deadline=now - dt.timedelta(minutes=1))
    running = ProjectFactory(published=True)
    draft = ProjectFactory(application_deadline=now - dt.timedelta(days=1))
    filled = ProjectFactory(
        status=ProjectStatus.IN_PROGRESS,
        close_reason=CloseReason.FILLED,
        application_deadline=now - dt.timedelta(days=1),
    )
    assert project_close_expired(now=now) == 1
    for project in (expired, running, draft, filled):
        project.refresh_from_db()
    assert (expired.status, expired.close_reason, expired.closed_at) == (
        ProjectStatus.IN_PROGRESS,
        CloseReason.DEADLINE,
        now,
    )
    assert running.status == ProjectStatus.OPEN
    assert draft.status == ProjectStatus.DRAFT
    assert filled.close_reason == CloseReason.FILLED


def test_close_expired_twice_closes_nothing_more():
    ProjectFactory(published=True, application_deadline=in_days(-1))
    assert project_close_expired() == 1
    assert project_close_expired() == 0


# --- duplicate ---------------------------------------------------------------------------------------------


def test_duplicate_makes_a_new_draft_with_the_same_posting(employer, member):
    skill = SkillFactory()
    original = ProjectFactory(
        employer=employer,
        status=ProjectStatus.IN_PROGRESS,
        accepted_count=1,
        screening_questions=["Why us?"],
        visibility=Visibility.PARTNERS,
        required_skills=[skill],
    )
    copy = project_duplicate(project=original, user=member)
    assert copy.pk != original.pk
    assert copy.status == ProjectStatus.DRAFT
    assert copy.title == f"{original.title} (copy)"
    assert copy.accepted_count == 0
    assert copy.published_at is None
    assert copy.created_by == member
    assert (copy.deliverables, copy.screening_questions, copy.visibility, copy.fee) == (
        original.deliverables,
        ["Why us?"],
        Visibility.PARTNERS,
        original.fee,
    )
    assert list(copy.required_skills.all()) == [skill]


def test_duplicate_refuses_a_non_member(other_member):
    with pytest.raises(PermissionDenied):
        project_duplicate(project=ProjectFactory(), user=other_member)


# --- save, unsave, report ----------------------------------------------------------------------------------


def test_student_saves_a_project_once(student_profile):
    project = ProjectFactory(published=True)
    first = project_save(student=student_profile, project=project)
    again = project_save(student=student_profile, project=project)
    assert first == again
    assert SavedProject.objects.count() == 1


def test_save_refuses_a_project_the_student_cannot_see(student_profile):
    project = ProjectFactory(published=True, visibility=Visibility.PARTNERS)
    with pytest.raises(ValidationError) as caught:
        project_save(student=student_profile, project=project)
    assert error_codes(caught.value) == ["not_visible"]


def test_unsave_removes_the_bookmark_and_may_be_repeated(student_profile):
    project = ProjectFactory(published=True)
    project_save(student=student_profile, project=project)
    project_unsave(student=student_profile, project=project)
    project_unsave(student=student_profile, project=project)
    assert not SavedProject.objects.exists()


def test_student_reports_a_project_once(student_profile):
    project = ProjectFactory(published=True)
    user = student_profile.user
    first = project_report(user=user, project=project, reason=ReportReason.SCAM, details="Asks for a deposit")
    again = project_report(user=user, project=project, reason=ReportReason.OTHER)
    assert first == again
    assert Report.objects.get().reason == ReportReason.SCAM


def test_report_refuses_an_unknown_reason(student_profile):
    with pytest.raises(ValidationError) as caught:
        project_report(user=student_profile.user, project=ProjectFactory(published=True), reason="boring")
    assert error_codes(caught.value) == {"reason": ["invalid_reason"]}


def test_report_refuses_a_draft(other_member):
    with pytest.raises(ValidationError) as caught:
        project_report(user=other_member, project=ProjectFactory(), reason=ReportReason.SCAM)
    assert error_codes(caught.value) == ["not_visible"]


def test_report_refuses_a_project_hidden_from_the_student(student_profile):
    project = ProjectFactory(published=True, visibility=Visibility.PARTNERS)
    with pytest.raises(ValidationError) as caught:
        project_report(user=student_profile.user, project=project, reason=ReportReason.SCAM)
    assert error_codes(caught.value) == ["not_visible"]


def test_members_cannot_report_their_own_project(employer, member):
    with pytest.raises(ValidationError) as caught:
        project_report(
            user=member, project=ProjectFactory(employer=employer, published=True), reason=ReportReason.SCAM
        )
    assert error_codes(caught.value) == ["own_project"]
