"""Saving projects for later: the Save/Saved toggle (with and without htmx) and the saved list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from employers.factories import EmployerMemberFactory
from projects.factories import ProjectFactory
from projects.models import CloseReason, ProjectStatus, SavedProject, Visibility
from students.factories import StudentProfileFactory
from universities.factories import CareerStaffFactory

pytestmark = pytest.mark.django_db

SAVED_URL = reverse("projects:saved")


def save_url(project) -> str:
    return reverse("projects:save", kwargs={"public_id": project.public_id})


def detail_url(project) -> str:
    return reverse("projects:detail", kwargs={"public_id": project.public_id})


# --- The toggle ---------------------------------------------------------------------------------------------
def test_saving_without_javascript_returns_to_the_page_with_a_message(client, student_profile, project):
    client.force_login(student_profile.user)
    response = client.post(save_url(project), {"action": "save", "next": SAVED_URL}, follow=True)
    assert response.redirect_chain == [(SAVED_URL, 302)]
    assert f"Saved “{project.title}”" in response.content.decode()
    assert SavedProject.objects.filter(student=student_profile, project=project).exists()


def test_saving_twice_keeps_one_bookmark(client, student_profile, project):
    client.force_login(student_profile.user)
    client.post(save_url(project), {"action": "save"})
    client.post(save_url(project), {"action": "save"})
    assert SavedProject.objects.filter(student=student_profile, project=project).count() == 1


def test_unsaving_without_javascript(client, student_profile, project):
    SavedProject.objects.create(student=student_profile, project=project)
    client.force_login(student_profile.user)
    response = client.post(save_url(project), {"action": "unsave"})
    assert response.status_code == 302
    assert response.url == detail_url(project)
    assert not SavedProject.objects.exists()


def test_with_htmx_the_button_answers_with_its_new_state(client, student_profile, project):
    client.force_login(student_profile.user)
    response = client.post(save_url(project), {"action": "save", "next": SAVED_URL}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<form")
    assert 'value="unsave"' in body
    assert f'value="{SAVED_URL}"' in body
    assert "<html" not in body
    assert SavedProject.objects.filter(student=student_profile, project=project).exists()

    response = client.post(save_url(project), {"action": "unsave"}, HTTP_HX_REQUEST="true")
    assert 'value="save"' in response.content.decode()
    assert not SavedProject.objects.exists()


def test_an_unsafe_next_is_ignored(client, student_profile, project):
    client.force_login(student_profile.user)
    response = client.post(save_url(project), {"action": "save", "next": "https://evil.example.com/"})
    assert response.url == detail_url(project)


def test_the_project_page_shows_the_saved_state(client, student_profile, project):
    client.force_login(student_profile.user)
    assert 'value="save"' in client.get(detail_url(project)).content.decode()
    SavedProject.objects.create(student=student_profile, project=project)
    assert 'value="unsave"' in client.get(detail_url(project)).content.decode()


def test_saving_is_post_only(client, student_profile, project):
    client.force_login(student_profile.user)
    assert client.get(save_url(project)).status_code == 405


def test_a_project_the_student_cannot_see_cannot_be_saved(client, student_profile):
    hidden = ProjectFactory(published=True, visibility=Visibility.PARTNERS)
    draft = ProjectFactory(status=ProjectStatus.DRAFT)
    client.force_login(student_profile.user)
    assert client.post(save_url(hidden), {"action": "save"}).status_code == 404
    assert client.post(save_url(draft), {"action": "save"}).status_code == 404
    assert not SavedProject.objects.exists()


@pytest.mark.parametrize("who", ["employer", "career_staff"])
def test_other_roles_cannot_save(client, project, who):
    user = EmployerMemberFactory().user if who == "employer" else CareerStaffFactory().user
    client.force_login(user)
    assert client.post(save_url(project), {"action": "save"}).status_code == 404
    assert client.get(SAVED_URL).status_code == 404


def test_the_anonymous_are_sent_to_log_in(client, project):
    for response in (client.post(save_url(project), {"action": "save"}), client.get(SAVED_URL)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


# --- The saved list -----------------------------------------------------------------------------------------
def test_the_saved_list_shows_each_project_with_its_status(client, student_profile):
    now = timezone.now()
    open_project = ProjectFactory(published=True, title="Open one")
    soon = ProjectFactory(
        published=True, title="Closing soon one", application_deadline=now + dt.timedelta(days=1)
    )
    filled = ProjectFactory(
        published=True, title="Filled one", status=ProjectStatus.IN_PROGRESS, close_reason=CloseReason.FILLED
    )
    for project in (open_project, soon, filled):
        SavedProject.objects.create(student=student_profile, project=project)
    client.force_login(student_profile.user)
    body = client.get(SAVED_URL).content.decode()
    assert body.index("Filled one") < body.index("Closing soon one") < body.index("Open one")
    assert "Deadline soon" in body
    assert "closes tomorrow at" in body
    assert "All openings filled" in body
    assert body.count('value="unsave"') == 3


def test_the_saved_list_leaves_out_projects_no_longer_visible_and_other_students_bookmarks(
    client, student_profile
):
    mine = ProjectFactory(published=True, title="Mine to see")
    hidden = ProjectFactory(published=True, title="Now partners only")
    SavedProject.objects.create(student=student_profile, project=mine)
    SavedProject.objects.create(student=student_profile, project=hidden)
    hidden.visibility = Visibility.PARTNERS
    hidden.save()
    SavedProject.objects.create(
        student=StudentProfileFactory(), project=ProjectFactory(published=True, title="Theirs")
    )
    client.force_login(student_profile.user)
    body = client.get(SAVED_URL).content.decode()
    assert "Mine to see" in body
    assert "Now partners only" not in body
    assert "Theirs" not in body


def test_an_empty_saved_list_says_what_to_do(client, student_profile):
    client.force_login(student_profile.user)
    body = client.get(SAVED_URL).content.decode()
    assert "You have not saved any projects yet." in body
    assert reverse("projects:search") in body


def test_the_saved_list_is_paginated(client, student_profile):
    for project in ProjectFactory.create_batch(21, published=True):
        SavedProject.objects.create(student=student_profile, project=project)
    client.force_login(student_profile.user)
    first = client.get(SAVED_URL).content.decode()
    assert first.count('value="unsave"') == 20
    assert "Page 1 of 2" in first
    assert client.get(SAVED_URL, {"page": 2}).content.decode().count('value="unsave"') == 1


@pytest.mark.parametrize("rows", [1, 50])
def test_the_saved_list_runs_the_same_queries_however_many_rows(
    client, student_profile, django_assert_num_queries, rows
):
    for project in ProjectFactory.create_batch(rows, published=True):
        SavedProject.objects.create(student=student_profile, project=project)
    client.force_login(student_profile.user)
    # session, user, profile, its skills, count, the page
    with django_assert_num_queries(6):
        response = client.get(SAVED_URL)
    assert response.content.decode().count('value="unsave"') == min(rows, 20)
