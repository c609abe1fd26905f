import datetime as dt
from decimal import Decimal

import pytest
from django.http import Http404
from django.utils import timezone

from employers.factories import EmployerMemberFactory
from projects.factories import ProjectFactory, SkillFactory
from projects.models import ProjectStatus, Visibility
from projects.selectors import (
    project_get_for_employer,
    project_get_visible_for_student,
    project_list_for_employer,
    project_list_visible_to_student,
    project_publish_problems,
    project_user_is_member,
)
from students.factories import StudentProfileFactory
from universities.factories import PartnershipFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db


def visible_ids(student) -> set[int]:
    return set(project_list_visible_to_student(student=student).values_list("pk", flat=True))


def test_a_public_open_project_is_visible_to_every_student(student_profile, unverified_student_profile):
    project = ProjectFactory(published=True)
    assert project.pk in visible_ids(student_profile)
    assert project.pk in visible_ids(unverified_student_profile)


def test_a_draft_is_visible_to_no_student(student_profile):
    project = ProjectFactory()
    assert project.pk not in visible_ids(student_profile)
    with pytest.raises(Http404):
        project_get_visible_for_student(student=student_profile, public_id=project.public_id)


def test_a_closed_project_stays_visible_so_applicants_can_follow_it(student_profile):
    project = ProjectFactory(published=True, status=ProjectStatus.IN_PROGRESS)
    assert project.pk in visible_ids(student_profile)


def test_partner_only_project_is_hidden_without_a_partnership(student_profile):
    project = ProjectFactory(published=True, visibility=Visibility.PARTNERS)
    assert project.pk not in visible_ids(student_profile)
    with pytest.raises(Http404):
        project_get_visible_for_student(student=student_profile, public_id=project.public_id)


def test_partner_only_project_is_hidden_while_the_partnership_is_only_requested(student_profile):
    project = ProjectFactory(published=True, visibility=Visibility.PARTNERS)
    PartnershipFactory(
        employer=project.employer, university=student_profile.university, status=PartnershipStatus.REQUESTED
    )
    assert project.pk not in visible_ids(student_profile)


def test_partner_only_project_is_visible_with_an_active_partnership(student_profile):
    project = ProjectFactory(published=True, visibility=Visibility.PARTNERS)
    PartnershipFactory(
        employer=project.employer, university=student_profile.university, status=PartnershipStatus.ACTIVE
    )
    assert project.pk in visible_ids(student_profile)
    found = project_get_visible_for_student(student=student_profile, public_id=project.public_id)
    assert found == project


def test_partner_only_project_is_hidden_once_the_partnership_ended(student_profile):
    project = ProjectFactory(published=True, visibility=Visibility.PARTNERS)
    PartnershipFactory(
        employer=project.employer, university=student_profile.university, status=PartnershipStatus.ENDED
    )
    assert project.pk not in visible_ids(student_profile)


def test_partner_only_project_is_hidden_from_an_unverified_student_of_a_partner():
    student = StudentProfileFactory(unverified=True)
    project = ProjectFactory(published=True, visibility=Visibility.PARTNERS)
    PartnershipFactory(
        employer=project.employer, university=student.university, status=PartnershipStatus.ACTIVE
    )
    assert project.pk not in visible_ids(student)


def test_partnership_with_another_university_does_not_count(student_profile):
    project = ProjectFactory(published=True, visibility=Visibility.PARTNERS)
    PartnershipFactory(employer=project.employer, status=PartnershipStatus.ACTIVE)
    assert project.pk not in visible_ids(student_profile)


def test_visible_list_runs_the_same_queries_for_1_and_50_projects(student_profile, django_assert_num_queries):
    skill = SkillFactory()
    ProjectFactory(published=True, required_skills=[skill])
    with django_assert_num_queries(2):
        rows = [
            (p.employer.name, [s.name for s in p.required_skills.all()])
            for p in project_list_visible_to_student(student=student_profile)
        ]
    assert len(rows) == 1
    for _ in range(49):
        ProjectFactory(published=True, required_skills=[skill])
    with django_assert_num_queries(2):
        rows = [
            (p.employer.name, [s.name for s in p.required_skills.all()])
            for p in project_list_visible_to_student(student=student_profile)
        ]
    assert len(rows) == 50


def test_employer_list_holds_only_the_members_projects(employer, member, other_member):
    own = ProjectFactory(employer=employer)
    ProjectFactory()
    assert list(project_list_for_employer(user=member)) == [own]
    assert list(project_list_for_employer(user=other_member)) == []


def test_employer_list_runs_the_same_queries_for_1_and_50_projects(
    employer, member, django_assert_num_queries
):
    ProjectFactory(employer=employer, created_by=member)
    with django_assert_num_queries(1):
        assert (
            len([p.employer.name + p.created_by.email for p in project_list_for_employer(user=member)]) == 1
        )
    ProjectFactory.create_batch(49, employer=employer, created_by=member)
    with django_assert_num_queries(1):
        assert (
            len([p.employer.name + p.created_by.email for p in project_list_for_employer(user=member)]) == 50
        )


def test_every_member_of_the_organisation_sees_its_project(employer):
    project = ProjectFactory(employer=employer)
    teammate = EmployerMemberFactory(employer=employer, role="member").user
    assert project_get_for_employer(user=teammate, public_id=project.public_id) == project
    assert project_user_is_member(user=teammate, project=project)


def test_get_for_employer_answers_404_to_an_outsider(other_member, student):
    project = ProjectFactory(published=True)
    for user in (other_member, student):
        with pytest.raises(Http404):
            project_get_for_employer(user=user, public_id=project.public_id)


def test_a_well_scoped_project_has_no_publish_problems():
    assert project_publish_problems(project=ProjectFactory.build()) == []


def test_publish_problems_lists_every_failed_check_in_words():
    now = timezone.now()
    project = ProjectFactory.build(
        deliverables=["  "],
        estimated_hours=60,
        fee=Decimal("100.00"),
        application_deadline=now - dt.timedelta(hours=1),
        due_date=(now - dt.timedelta(days=3)).date(),
    )
    problems = project_publish_problems(project=project, now=now)
    assert len(problems) == 5
    assert "deliverable" in problems[0]
    assert "between 5 and 40 hours" in problems[1]
    assert "900.00 USD" in problems[2]
    assert "future" in problems[3]
    assert "due date" in problems[4]


def test_publish_problems_ask_for_missing_dates():
    project = ProjectFactory.build(application_deadline=None, due_date=None, estimated_hours=4)
    problems = project_publish_problems(project=project)
    assert problems == [
        "Estimate between 5 and 40 hours of work (now 4): a micro-internship is at least 5 hours.",
        "Set an application deadline.",
        "Set a due date for the work.",
    ]
