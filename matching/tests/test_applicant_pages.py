"""The employer's applicant pages: the list by status, one applicant, and the decisions."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationEvent, ApplicationStatus
from applications.services.applications import DEFAULT_REJECTION_NOTE
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory
from engagements.models import Engagement
from projects.factories import ProjectFactory, SkillFactory
from projects.models import ProjectStatus
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def applicants_url(project, status: str = "") -> str:
    url = reverse("manage:applicants", args=[project.public_id])
    return f"{url}?status={status}" if status else url


# --- The list ---


def test_the_list_shows_each_applicant_with_what_the_employer_needs(client, member, screened_project):
    python, sql, dance = SkillFactory(name="Python"), SkillFactory(name="SQL"), SkillFactory(name="Dance")
    screened_project.required_skills.set([python, sql])
    student = StudentProfileFactory(
        user=UserFactory(student=True, full_name="Erin Example"), major="Statistics", graduation_year=2028
    )
    student.skills.set([python, dance])
    ApplicationFactory(project=screened_project, student=student, exceeds_weekly_budget=True)
    response = login(client, member).get(applicants_url(screened_project))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Erin Example" in body
    assert student.university.name in body
    assert "Verified" in body
    assert "Statistics" in body and "Class of 2028" in body
    assert "1 of 2 required skills" in body
    assert "manage-skill-required" in body and "Python" in body
    assert "Dance" not in body
    assert "Over their weekly hours" in body
    assert "Applied just now" in body
    assert body.count("<h1") == 1


def test_applicants_waiting_long_are_highlighted(client, member, screened_project):
    old = ApplicationFactory(project=screened_project)
    Application.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=6))
    body = login(client, member).get(applicants_url(screened_project)).content.decode()
    assert "Waiting 6 days for your answer" in body
    assert "manage-applicant-overdue" in body


def test_the_list_filters_by_status_and_counts_each(client, member, screened_project):
    ApplicationFactory.create_batch(2, project=screened_project, student__user__full_name="Newcomer")
    ApplicationFactory(
        project=screened_project, status=ApplicationStatus.SHORTLISTED, student__user__full_name="Shorty"
    )
    ApplicationFactory(
        project=screened_project, status=ApplicationStatus.WITHDRAWN, student__user__full_name="Gone"
    )
    login(client, member)
    response = client.get(applicants_url(screened_project, "shortlisted"))
    body = response.content.decode()
    assert "Shorty" in body and "Newcomer" not in body and "Gone" not in body
    assert response.context["counts"]["submitted"] == 2
    assert response.context["counts"]["all"] == 4
    labels = {label: count for _value, label, count, _url in response.context["tabs"]}
    assert labels == {
        "All": 4,
        "New": 2,
        "Shortlisted": 1,
        "Accepted": 0,
        "Not selected": 0,
        "Withdrawn": 1,
        "Closed unanswered": 0,
    }
    assert 'aria-current="page">Shortlisted' in body
    unknown = client.get(applicants_url(screened_project, "bogus"))
    assert unknown.status_code == 200 and unknown.context["status"] == ""


def test_the_list_is_paginated_by_25(client, member, screened_project):
    ApplicationFactory.create_batch(27, project=screened_project)
    login(client, member)
    first = client.get(applicants_url(screened_project))
    assert len(first.context["rows"]) == 25
    second = client.get(applicants_url(screened_project) + "?page=2")
    assert len(second.context["rows"]) == 2


def test_a_project_without_applicants_says_what_happens_next(client, member, screened_project, membership):
    body = login(client, member).get(applicants_url(screened_project)).content.decode()
    assert "No applications yet" in body
    draft = ProjectFactory(employer=membership.employer)
    body = client.get(applicants_url(draft)).content.decode()
    assert "students can apply once you publish it" in body


def _applicant_with_skills(project, skills):
    student = StudentProfileFactory()
    student.skills.set(skills)
    return ApplicationFactory(project=project, student=student)


def test_the_list_runs_the_same_queries_for_1_or_50_applicants(
    client, member, screened_project, django_assert_num_queries
):
    skills = SkillFactory.create_batch(4)
    screened_project.required_skills.set(skills[:2])
    screened_project.nice_to_have_skills.set(skills[2:3])
    _applicant_with_skills(screened_project, skills)
    login(client, member)
    url = applicants_url(screened_project)
    client.get(url)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert len(response.context["rows"]) == 1
    for _ in range(49):
        _applicant_with_skills(screened_project, skills[1:])
    with django_assert_num_queries(10):
        response = client.get(url + "?page=2")
    assert len(response.context["rows"]) == 25


# --- Rejecting several at once ---


def test_bulk_reject_turns_down_the_ticked_and_reports_those_refused(client, member, screened_project):
    first = ApplicationFactory(project=screened_project)
    second = ApplicationFactory(project=screened_project, status=ApplicationStatus.SHORTLISTED)
    accepted_meanwhile = ApplicationFactory(
        project=screened_project, status=ApplicationStatus.ACCEPTED, student__user__full_name="Fay Accepted"
    )
    untouched = ApplicationFactory(project=screened_project)
    login(client, member)
    response = client.post(
        reverse("manage:bulk_reject", args=[screened_project.public_id]),
        {
            "applications": [first.public_id, second.public_id, accepted_meanwhile.public_id],
            "note": "Thanks, we went another way.",
            "status": "submitted",
        },
        follow=True,
    )
    assert response.redirect_chain[0][0] == applicants_url(screened_project, "submitted")
    body = response.content.decode()
    assert "2 applicants turned down with your message." in body
    assert "Fay Accepted was not turned down" in body
    assert "cancel the engagement instead" in body
    for item in (first, second):
        item.refresh_from_db()
        assert item.status == ApplicationStatus.REJECTED
        assert item.decision_note == "Thanks, we went another way."
    accepted_meanwhile.refresh_from_db()
    untouched.refresh_from_db()
    assert accepted_meanwhile.status == ApplicationStatus.ACCEPTED
    assert untouched.status == ApplicationStatus.SUBMITTED


def test_bulk_reject_offers_the_kind_default_note(client, member, dana_application):
    body = login(client, member).get(applicants_url(dana_application.project)).content.decode()
    assert DEFAULT_REJECTION_NOTE in body
    assert 'name="applications"' in body


def test_bulk_reject_without_a_tick_re_renders_with_the_note_kept(
    client, member, screened_project, dana_application
):
    response = login(client, member).post(
        reverse("manage:bulk_reject", args=[screened_project.public_id]), {"note": "My own words"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Tick at least one applicant to reject." in body
    assert "My own words" in body
    dana_application.refresh_from_db()
    assert dana_application.status == ApplicationStatus.SUBMITTED


def test_bulk_reject_ignores_applications_of_other_projects(
    client, member, screened_project, dana_application
):
    elsewhere = ApplicationFactory()
    response = login(client, member).post(
        reverse("manage:bulk_reject", args=[screened_project.public_id]),
        {"applications": [dana_application.public_id, elsewhere.public_id], "note": ""},
    )
    assert response.status_code == 200
    elsewhere.refresh_from_db()
    dana_application.refresh_from_db()
    assert elsewhere.status == ApplicationStatus.SUBMITTED
    assert dana_application.status == ApplicationStatus.SUBMITTED
    assert f'value="{dana_application.public_id}" id="pick-{dana_application.public_id}" checked' in (
        response.content.decode()
    )


# --- One applicant ---


def test_the_applicant_page_shows_profile_answers_and_cover_note(client, member, dana_application):
    project = dana_application.project
    python = SkillFactory(name="Python")
    project.required_skills.set([python, SkillFactory(name="Tableau")])
    dana_application.student.skills.set([python, SkillFactory(name="Baking")])
    dana_application.student.resume.name = "resumes/2026/11/cv.pdf"
    dana_application.student.save(update_fields=["resume"])
    ApplicationEvent.objects.create(application=dana_application, status=ApplicationStatus.SUBMITTED)
    response = login(client, member).get(reverse("manage:applicant", args=[dana_application.public_id]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Dana Applicant" in body
    assert "I cleaned data for my student union." in body
    assert "Which tools would you use?" in body and "Python and pandas." in body
    assert "I like tidy data." in body
    assert "Europe/Paris" in body
    assert 'href="https://portfolio.example.org/dana" rel="nofollow noopener noreferrer"' in body
    assert reverse("students:resume", args=[dana_application.student.public_id]) in body
    assert "Required skills they do not list: Tableau." in body
    assert "(required by your project)" in body
    assert DEFAULT_REJECTION_NOTE in body
    assert body.count("<h1") == 1


def test_no_resume_link_without_a_resume(client, member, dana_application):
    body = login(client, member).get(reverse("manage:applicant", args=[dana_application.public_id])).content
    assert reverse("students:resume", args=[dana_application.student.public_id]).encode() not in body
    assert b"No r\xc3\xa9sum\xc3\xa9 uploaded." in body


def test_previous_and_next_applicant_links_follow_the_list(client, member, screened_project):
    first, second, third = (ApplicationFactory(project=screened_project) for _ in range(3))
    for offset, item in enumerate((first, second, third)):
        Application.objects.filter(pk=item.pk).update(
            created_at=timezone.now() - dt.timedelta(hours=3 - offset)
        )
    response = login(client, member).get(reverse("manage:applicant", args=[second.public_id]))
    assert response.context["previous"].pk == first.pk
    assert response.context["following"].pk == third.pk


def test_shortlist_then_reject_with_a_note(client, member, dana_application):
    login(client, member)
    response = client.post(reverse("manage:shortlist", args=[dana_application.public_id]), follow=True)
    assert "Dana Applicant is on your shortlist." in response.content.decode()
    dana_application.refresh_from_db()
    assert dana_application.status == ApplicationStatus.SHORTLISTED
    response = client.post(
        reverse("manage:reject", args=[dana_application.public_id]),
        {"note": "We chose someone local."},
        follow=True,
    )
    assert "Dana Applicant has been told, with your note." in response.content.decode()
    dana_application.refresh_from_db()
    assert dana_application.status == ApplicationStatus.REJECTED
    assert dana_application.decision_note == "We chose someone local."


def test_reject_with_an_empty_note_sends_the_kind_default(client, member, dana_application):
    login(client, member).post(reverse("manage:reject", args=[dana_application.public_id]), {"note": "  "})
    dana_application.refresh_from_db()
    assert dana_application.decision_note == DEFAULT_REJECTION_NOTE


def test_accept_confirms_openings_and_creates_an_engagement(client, member, dana_application):
    login(client, member)
    page = client.get(reverse("manage:applicant", args=[dana_application.public_id])).content.decode()
    assert "This fills one of the 2 openings left" in page
    response = client.post(reverse("manage:accept", args=[dana_application.public_id]), follow=True)
    assert "an engagement was created" in response.content.decode()
    dana_application.refresh_from_db()
    assert dana_application.status == ApplicationStatus.ACCEPTED
    assert Engagement.objects.filter(application=dana_application).exists()


def test_the_accept_step_warns_when_the_student_would_exceed_their_weekly_hours(
    client, member, dana_application
):
    student = dana_application.student
    student.weekly_hours_available = 5
    student.save(update_fields=["weekly_hours_available"])
    EngagementFactory(student=student, application__student=student, estimated_hours=30, due_date=None)
    body = login(client, member).get(reverse("manage:applicant", args=[dana_application.public_id])).content
    assert b"more than the 5 they have alongside their studies" in body


def test_accept_is_refused_when_every_opening_is_filled(client, member, screened_project):
    screened_project.openings = 1
    screened_project.accepted_count = 1
    screened_project.status = ProjectStatus.IN_PROGRESS
    screened_project.save()
    waiting = ApplicationFactory(project=screened_project)
    login(client, member)
    page = client.get(reverse("manage:applicant", args=[waiting.public_id])).content.decode()
    assert "is filled, so no one else can be accepted" in page
    response = client.post(reverse("manage:accept", args=[waiting.public_id]), follow=True)
    assert "All openings are filled." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == ApplicationStatus.SUBMITTED


def test_with_htmx_a_decision_answers_the_refreshed_panel(client, member, dana_application):
    response = login(client, member).post(
        reverse("manage:shortlist", args=[dana_application.public_id]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="card manage-decision" id="decision"')
    assert "Dana Applicant is on your shortlist." in body
    assert "<h1" not in body


def test_a_refused_decision_says_why(client, member, dana_application):
    dana_application.status = ApplicationStatus.WITHDRAWN
    dana_application.save()
    response = login(client, member).post(
        reverse("manage:shortlist", args=[dana_application.public_id]), follow=True
    )
    assert "This application is withdrawn; it cannot be shortlisted." in response.content.decode()


# --- Access ---


@pytest.mark.parametrize("visitor", ["other_employer", "student", "career_staff"])
def test_outsiders_get_a_404_and_change_nothing(client, dana_application, visitors, visitor):
    login(client, visitors[visitor])
    project = dana_application.project
    assert client.get(applicants_url(project)).status_code == 404
    assert client.get(reverse("manage:applicant", args=[dana_application.public_id])).status_code == 404
    posts = [
        (
            reverse("manage:bulk_reject", args=[project.public_id]),
            {"applications": [dana_application.public_id]},
        ),
        (reverse("manage:shortlist", args=[dana_application.public_id]), {}),
        (reverse("manage:reject", args=[dana_application.public_id]), {"note": "No"}),
        (reverse("manage:accept", args=[dana_application.public_id]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    dana_application.refresh_from_db()
    assert dana_application.status == ApplicationStatus.SUBMITTED
    assert b"I cleaned data" not in client.get(applicants_url(project)).content


def test_the_anonymous_are_sent_to_log_in(client, dana_application):
    for url in (
        applicants_url(dana_application.project),
        reverse("manage:applicant", args=[dana_application.public_id]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
    response = client.post(reverse("manage:accept", args=[dana_application.public_id]))
    assert response.url.startswith(reverse("account_login"))
    dana_application.refresh_from_db()
    assert dana_application.status == ApplicationStatus.SUBMITTED


def test_another_member_of_the_same_organisation_may_decide(client, membership, dana_application):
    colleague = EmployerMemberFactory(employer=membership.employer).user
    login(client, colleague).post(reverse("manage:shortlist", args=[dana_application.public_id]))
    dana_application.refresh_from_db()
    assert dana_application.status == ApplicationStatus.SHORTLISTED
