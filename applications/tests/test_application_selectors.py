"""The application selectors: the student's and the project's lists in a constant number of queries for 1
or 50 rows, and the detail lookups answering 404 to anyone but the applicant or the employer's members.
"""

import pytest
from django.http import Http404

from applications.factories import ApplicationFactory
from applications.selectors import (
    application_get_for_employer,
    application_get_for_student,
    application_list_for_project,
    application_list_for_student,
)
from engagements.factories import EngagementFactory
from projects.factories import SkillFactory
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


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
