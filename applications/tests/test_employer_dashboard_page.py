"""The employer dashboard: each organisation's projects, applicants per status, and who is owed an answer."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationStatus
from employers.factories import EmployerMemberFactory
from employers.models import MemberRole
from projects.factories import ProjectFactory
from projects.models import ProjectStatus
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("employers:dashboard")


def _apply(project, status: ApplicationStatus, *, days_ago: float = 0, student=None) -> Application:
    application = ApplicationFactory(
        project=project, status=status, **({"student": student} if student else {})
    )
    Application.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return application


def test_counts_per_status_and_the_oldest_waiting_applicant(client, owner):
    project = ProjectFactory(employer=owner.employer, published=True, title="Market sizing", openings=3)
    _apply(project, ApplicationStatus.SUBMITTED, days_ago=6.5)
    _apply(project, ApplicationStatus.SUBMITTED, days_ago=1)
    _apply(project, ApplicationStatus.SHORTLISTED, days_ago=2)
    _apply(project, ApplicationStatus.ACCEPTED, days_ago=9)
    _apply(project, ApplicationStatus.REJECTED, days_ago=10)
    _apply(project, ApplicationStatus.WITHDRAWN, days_ago=12)
    project.accepted_count = 1
    project.save(update_fields=["accepted_count"])
    client.force_login(owner.user)
    page = client.get(DASHBOARD).content.decode()
    found = re.findall(r"<strong>(\d+)</strong> ([a-z ]+)</li>", page)
    counts = {label: int(number) for number, label in found}
    assert counts == {"submitted": 2, "shortlisted": 1, "accepted": 1, "not selected": 1, "withdrawn": 1}
    assert "<strong>3 waiting</strong>, the oldest for 6 days." in page
    assert "waiting-overdue" in page  # nudged from day 5: highlighted
    assert "(8 days left)" in page
    assert "1 of 3 openings filled" in page
    assert reverse("manage:detail", args=[project.public_id]) in page
    assert reverse("manage:applicants", args=[project.public_id]) in page
    assert "3 applicants waiting for an answer" in page


def test_a_recent_applicant_is_counted_but_not_highlighted(client, owner):
    project = ProjectFactory(employer=owner.employer, published=True)
    _apply(project, ApplicationStatus.SUBMITTED, days_ago=0.2)
    client.force_login(owner.user)
    page = client.get(DASHBOARD).content.decode()
    assert "<strong>1 waiting</strong>, the oldest for less than a day" in page
    assert "waiting-overdue" not in page


def test_nobody_waiting_shows_no_waiting_line(client, owner):
    project = ProjectFactory(employer=owner.employer, published=True)
    _apply(project, ApplicationStatus.REJECTED, days_ago=8)
    client.force_login(owner.user)
    page = client.get(DASHBOARD).content.decode()
    assert "waiting</strong>" not in page and "waiting-summary" not in page
    assert "View applicants" in page


def test_drafts_are_listed_with_a_way_to_finish_them(client, owner):
    draft = ProjectFactory(employer=owner.employer, title="Data cleaning draft")
    client.force_login(owner.user)
    page = client.get(DASHBOARD).content.decode()
    assert "Data cleaning draft" in page and "Finish and publish" in page
    assert reverse("manage:detail", args=[draft.public_id]) in page


def test_open_projects_come_first_then_drafts_then_finished_ones(client, owner):
    ProjectFactory(employer=owner.employer, title="Done one", status=ProjectStatus.COMPLETED)
    ProjectFactory(employer=owner.employer, title="Draft one")
    ProjectFactory(employer=owner.employer, title="Open one", published=True)
    client.force_login(owner.user)
    page = client.get(DASHBOARD).content.decode()
    assert page.index("Open one") < page.index("Draft one") < page.index("Done one")


def test_only_the_users_own_organisations_appear(client, owner):
    ProjectFactory(title="Someone else's project", published=True)
    mine = ProjectFactory(employer=owner.employer, title="My project", published=True)
    client.force_login(owner.user)
    page = client.get(DASHBOARD).content.decode()
    assert mine.title in page and "Someone else's project" not in page


def test_every_organisation_of_the_user_has_its_section_and_settings_link(client, owner):
    other = EmployerMemberFactory(user=owner.user, role=MemberRole.MEMBER, employer__name="Northwind")
    client.force_login(owner.user)
    page = client.get(DASHBOARD).content.decode()
    assert "Brightlane" in page and "Northwind" in page
    assert reverse("employers:org_detail", args=[other.employer.slug]) in page
    assert page.count("No projects yet.") == 2
    assert reverse("manage:new") in page


def test_without_an_organisation_the_dashboard_teaches_what_to_do(client, employer_user):
    client.force_login(employer_user)
    page = client.get(DASHBOARD).content.decode()
    assert "Create your organisation" in page
    assert reverse("employers:org_create") in page
    assert "invitation link" in page


def test_a_large_organisation_shows_its_first_projects_and_a_link_to_all(client, owner):
    ProjectFactory.create_batch(12, employer=owner.employer, published=True)
    client.force_login(owner.user)
    page = client.get(DASHBOARD).content.decode()
    assert page.count('<li class="org-project">') == 10
    all_url = reverse("employers:org_projects", args=["brightlane"])
    assert "See all 12 projects of Brightlane" in page and all_url in page

    first = client.get(all_url).content.decode()
    assert first.count('<li class="org-project">') == 12  # one page of 25


def test_the_project_list_of_an_organisation_is_paginated(client, owner):
    ProjectFactory.create_batch(27, employer=owner.employer)
    client.force_login(owner.user)
    url = reverse("employers:org_projects", args=["brightlane"])
    assert client.get(url).content.decode().count('<li class="org-project">') == 25
    second = client.get(url, {"page": 2}).content.decode()
    assert second.count('<li class="org-project">') == 2 and "Page 2 of 2" in second


def test_other_roles_are_sent_to_their_own_dashboard(client, student):
    client.force_login(student)
    assert client.get(DASHBOARD).url == reverse("students:dashboard")
    client.logout()
    assert client.get(DASHBOARD).url.startswith(reverse("account_login"))


def _seed(owner, projects: int) -> None:
    student = StudentProfileFactory()
    for number in range(projects):
        status = ProjectStatus.DRAFT if number % 5 == 4 else ProjectStatus.OPEN
        project = ProjectFactory(employer=owner.employer, status=status)
        if status == ProjectStatus.OPEN:
            _apply(project, ApplicationStatus.SUBMITTED, days_ago=number % 9, student=student)


@pytest.mark.parametrize("projects", [1, 50])
def test_the_dashboard_runs_the_same_queries_whatever_the_number_of_projects(
    client, owner, projects, django_assert_num_queries
):
    _seed(owner, projects)
    second = EmployerMemberFactory(user=owner.user, role=MemberRole.MEMBER)
    _seed(second, projects)
    client.force_login(owner.user)
    client.get(DASHBOARD)  # warm the session
    # Session and user, the organisations with their totals, their projects with the counts.
    with django_assert_num_queries(4):
        response = client.get(DASHBOARD)
    assert response.status_code == 200


@pytest.mark.parametrize("projects", [1, 50])
def test_the_project_list_runs_the_same_queries_whatever_the_number_of_projects(
    client, owner, projects, django_assert_num_queries
):
    _seed(owner, projects)
    client.force_login(owner.user)
    url = reverse("employers:org_projects", args=["brightlane"])
    client.get(url)
    # Session and user, the organisation, the count for the pages, one page of projects with the counts.
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200
