"""Recommendations: ranking, who sees what, the dashboard, the project page, the API, their query counts."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from employers.factories import EmployerFactory
from matching.models import ProjectPosting
from matching.ranking import skill_mask
from matching.selectors import match_count_for_student, match_list_for_student
from projects.factories import ProjectFactory, SkillFactory
from projects.models import ProjectStatus, SkillCategory, Visibility
from students.factories import StudentProfileFactory
from universities.factories import PartnershipFactory, UniversityFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db

URL = "/api/v1/recommendations/"


@pytest.fixture
def python():
    return SkillFactory(name="Python")


@pytest.fixture
def sql():
    return SkillFactory(name="SQL")


@pytest.fixture
def docker():
    return SkillFactory(name="Docker")


@pytest.fixture
def data_science_student(python, sql):
    """A Data Science student with Python and SQL, free 15 hours a week."""
    return StudentProfileFactory(skills=[python, sql], major="Data Science", weekly_hours_available=15)


def _open(required, nice=(), **fields):
    return ProjectFactory(published=True, required_skills=required, nice_to_have_skills=nice, **fields)


def _titles(student, **kwargs):
    return [project.title for project, _ in match_list_for_student(student=student, **kwargs)]


def test_projects_are_ranked_by_score_then_nearest_deadline(data_science_student, python, sql, docker):
    soon = timezone.now() + dt.timedelta(days=5)
    _open([python, sql], field=SkillCategory.DATA, title="Both skills, data", application_deadline=soon)
    _open([python, sql], field=SkillCategory.DATA, title="Both skills, later", application_deadline=soon
          + dt.timedelta(days=3))  # fmt: skip
    _open([python, docker], field=SkillCategory.DATA, title="Half the skills")
    _open([docker], nice=[sql], title="Only a nice-to-have")
    _open([docker], title="Nothing in common")

    matches = match_list_for_student(student=data_science_student)

    assert [project.title for project, _ in matches] == [
        "Both skills, data",
        "Both skills, later",
        "Half the skills",
        "Only a nice-to-have",
    ]
    scores = [match.score for _, match in matches]
    assert scores == sorted(scores, reverse=True)
    assert match_count_for_student(student=data_science_student) == 4
    assert _titles(data_science_student, limit=2, offset=1) == ["Both skills, later", "Half the skills"]


def test_projects_not_open_or_past_their_deadline_or_applied_to_are_not_recommended(
    data_science_student, python
):
    _open([python], title="Open")
    ProjectFactory(required_skills=[python], title="Draft")
    _open([python], title="Closed", status=ProjectStatus.IN_PROGRESS)
    _open([python], title="Deadline passed", application_deadline=timezone.now() - dt.timedelta(minutes=1))
    applied = _open([python], title="Applied")
    ApplicationFactory(project=applied, student=data_science_student)

    assert _titles(data_science_student) == ["Open"]


def test_partners_only_projects_are_recommended_only_to_partner_students(python):
    partner_university = UniversityFactory()
    employer = EmployerFactory()
    PartnershipFactory(employer=employer, university=partner_university, status=PartnershipStatus.ACTIVE)
    _open([python], employer=employer, visibility=Visibility.PARTNERS, title="Partners only")
    insider = StudentProfileFactory(university=partner_university, skills=[python])
    outsider = StudentProfileFactory(skills=[python])
    unverified_insider = StudentProfileFactory(
        university=partner_university, skills=[python], unverified=True
    )

    assert _titles(insider) == ["Partners only"]
    assert _titles(outsider) == []
    assert _titles(unverified_insider) == []


def test_a_student_without_skills_gets_no_recommendations():
    _open([SkillFactory()])
    assert match_list_for_student(student=StudentProfileFactory()) == []


# --- Pages ---


def test_the_dashboard_recommends_projects_with_their_score_and_why(
    client, data_science_student, python, sql
):
    project = _open([python, sql], title="Clean the sales data")
    client.force_login(data_science_student.user)

    body = client.get(reverse("students:dashboard")).content.decode()

    assert "Recommended for you" in body
    assert "Clean the sales data" in body
    assert reverse("projects:detail", args=[project.public_id]) in body
    assert "All 2 required skills: Python, SQL · fits your week" in body
    assert "See more projects" in body


def test_the_dashboard_asks_a_student_without_skills_to_add_some(client):
    profile = StudentProfileFactory()
    client.force_login(profile.user)

    body = client.get(reverse("students:dashboard")).content.decode()

    assert "Add your skills" in body
    assert reverse("students:profile_step", args=["skills"]) in body


def test_the_project_page_says_why_it_matches(client, data_science_student, python, sql, docker):
    project = _open([python, sql, docker])
    client.force_login(data_science_student.user)

    body = client.get(reverse("projects:detail", args=[project.public_id])).content.decode()

    assert "Why this matches you" in body
    assert "2 of 3 required skills (Python, SQL); missing: Docker" in body
    assert "Add it to your skills" in body


# --- API ---


def test_the_api_lists_recommendations_with_reasons(data_science_student, python, sql, docker):
    project = _open([python, sql, docker], title="Build a dashboard")
    api = APIClient()
    api.force_authenticate(data_science_student.user)

    response = api.get(URL)

    assert response.status_code == 200
    assert response.data["count"] == 1
    item = response.data["results"][0]
    assert item["project"]["public_id"] == str(project.public_id)
    assert item["project"]["title"] == "Build a dashboard"
    assert item["matched_skills"] == ["Python", "SQL"]
    assert item["missing_skills"] == ["Docker"]
    assert item["reasons"][0] == "2 of 3 required skills (Python, SQL); missing: Docker"
    assert 0 < item["score"] <= 100
    assert item["why"]


@pytest.mark.parametrize("role", ["employer", "career_staff"])
def test_the_api_refuses_other_roles(role):
    api = APIClient()
    api.force_authenticate(UserFactory(**{role: True}))

    response = api.get(URL)

    assert response.status_code == 403
    assert response.data["type"] == "permission_denied"


def test_the_api_asks_the_anonymous_to_sign_in():
    response = APIClient().get(URL)

    assert response.status_code == 401
    assert response.data["type"] == "not_authenticated"


def test_the_api_runs_the_same_queries_for_1_or_50_recommendations(
    data_science_student, python, sql, django_assert_num_queries
):
    api = APIClient()
    api.force_authenticate(data_science_student.user)
    _open([python])
    api.get(URL)
    with django_assert_num_queries(9):
        response = api.get(URL + "?page_size=50")
    assert len(response.data["results"]) == 1
    for _ in range(49):
        _open([python, sql], nice=[SkillFactory()])
    with django_assert_num_queries(9):
        response = api.get(URL + "?page_size=50")
    assert len(response.data["results"]) == 50


def test_the_dashboard_runs_the_same_queries_for_1_or_6_recommendations(
    client, data_science_student, python, django_assert_num_queries
):
    client.force_login(data_science_student.user)
    _open([python])
    client.get(reverse("students:dashboard"))
    with django_assert_num_queries(7):
        response = client.get(reverse("students:dashboard"))
    assert len(response.context["recommendations"]) == 1
    for _ in range(10):
        _open([python])
    with django_assert_num_queries(7):
        response = client.get(reverse("students:dashboard"))
    assert len(response.context["recommendations"]) == 6


# --- The posting table ranking reads (kept by triggers) ---


def _posting(project):
    return ProjectPosting.objects.values(
        "status", "visibility", "application_deadline", "required_count", "nice_count", "skill_ids",
        "anchor_skill_ids", "required_mask", "nice_mask",
    ).get(project=project)  # fmt: skip


def test_the_posting_follows_a_project_through_publish_skill_edits_deadline_visibility_and_close(
    python, sql, docker
):
    project = ProjectFactory(required_skills=[sql, python], nice_to_have_skills=[docker])
    first, second = sorted([python.pk, sql.pk])
    posting = _posting(project)
    assert posting["status"] == ProjectStatus.DRAFT
    assert (posting["required_count"], posting["nice_count"]) == (2, 1)
    assert posting["skill_ids"] == [first, second, docker.pk]
    assert posting["anchor_skill_ids"] == [first]
    assert posting["required_mask"] == skill_mask((python.pk, sql.pk))
    assert posting["nice_mask"] == skill_mask((docker.pk,))

    project.status = ProjectStatus.OPEN
    project.save()
    assert _posting(project)["status"] == ProjectStatus.OPEN

    project.required_skills.set([docker])
    project.nice_to_have_skills.clear()
    posting = _posting(project)
    assert (posting["required_count"], posting["nice_count"]) == (1, 0)
    assert posting["skill_ids"] == posting["anchor_skill_ids"] == [docker.pk]
    assert (posting["required_mask"], posting["nice_mask"]) == (skill_mask((docker.pk,)), "")

    later = timezone.now() + dt.timedelta(days=30)
    type(project).objects.filter(pk=project.pk).update(
        application_deadline=later, visibility=Visibility.PARTNERS
    )
    posting = _posting(project)
    assert (posting["application_deadline"], posting["visibility"]) == (later, Visibility.PARTNERS)

    type(project).objects.filter(pk=project.pk).update(status=ProjectStatus.IN_PROGRESS)
    assert _posting(project)["status"] == ProjectStatus.IN_PROGRESS


def test_a_project_with_only_nice_to_have_skills_is_anchored_on_them(python, sql):
    project = ProjectFactory(published=True, nice_to_have_skills=[sql, python])

    assert _posting(project)["anchor_skill_ids"] == sorted([python.pk, sql.pk])


def test_recommendations_follow_skill_edits_and_closing(data_science_student, python, docker):
    project = _open([docker], title="Later a match")
    assert _titles(data_science_student) == []

    project.required_skills.add(python)
    assert _titles(data_science_student) == ["Later a match"]

    type(project).objects.filter(pk=project.pk).update(status=ProjectStatus.IN_PROGRESS)
    assert _titles(data_science_student) == []


def test_a_page_of_fully_matched_projects_is_the_head_of_the_whole_ranking(
    data_science_student, python, sql, docker
):
    soon = timezone.now() + dt.timedelta(days=5)
    for n in range(4):
        _open([python, sql], field=SkillCategory.DATA, title=f"Full {n}", application_deadline=soon
              + dt.timedelta(hours=n))  # fmt: skip
    _open([python, docker], field=SkillCategory.DATA, title="Half")
    _open([docker], nice=[python], title="Nice only")
    _open([], nice=[python], title="Nothing required")
    whole = _titles(data_science_student, limit=50)

    assert _titles(data_science_student, limit=2) == whole[:2] == ["Full 0", "Full 1"]
    assert _titles(data_science_student, limit=2, offset=2) == whole[2:4]
    assert _titles(data_science_student, limit=3, offset=3) == whole[3:6]
    assert len(whole) == 7
