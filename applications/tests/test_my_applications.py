"""My applications (applications:mine), one application (applications:detail) and withdrawing it."""

import pytest
from django.urls import reverse

from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationEvent, ApplicationStatus
from applications.services.applications import application_reject, application_shortlist
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory
from students.factories import StudentProfileFactory
from universities.factories import CareerStaffFactory

pytestmark = pytest.mark.django_db

MINE_URL = reverse("applications:mine")


def detail_url(application) -> str:
    return reverse("applications:detail", kwargs={"public_id": application.public_id})


def withdraw_url(application) -> str:
    return reverse("applications:withdraw", kwargs={"public_id": application.public_id})


def submitted(profile, **kwargs) -> Application:
    """An application made the way the service makes it: with its first timeline event."""
    application = ApplicationFactory(student=profile, **kwargs)
    ApplicationEvent.objects.create(application=application, status=application.status, actor=profile.user)
    return application


# --- My applications ----------------------------------------------------------------------------------------


def test_my_applications_lists_mine_newest_first_with_employer_and_status(client, student_profile):
    older = submitted(student_profile, project__title="Older project")
    newer = submitted(student_profile, project__title="Newer project")
    ApplicationFactory(project__title="Someone else's project")
    client.force_login(student_profile.user)
    response = client.get(MINE_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert body.index("Newer project") < body.index("Older project")
    assert "Someone else" not in body
    assert older.project.employer.name in body
    assert detail_url(newer) in body
    assert "Submitted" in body


def test_the_tabs_filter_by_status_group_and_count_each(client, student_profile):
    submitted(student_profile, project__title="Waiting one")
    submitted(student_profile, project__title="Shortlisted one", status=ApplicationStatus.SHORTLISTED)
    EngagementFactory(application__student=student_profile, application__project__title="Accepted one")
    submitted(student_profile, project__title="Turned down one", status=ApplicationStatus.REJECTED)
    submitted(student_profile, project__title="Withdrawn one", status=ApplicationStatus.WITHDRAWN)
    client.force_login(student_profile.user)

    def titles(status: str) -> set[str]:
        body = client.get(MINE_URL, {"status": status}).content.decode()
        names = ["Waiting", "Shortlisted", "Accepted", "Turned down", "Withdrawn"]
        return {name for name in names if f"{name} one" in body}

    assert titles("") == {"Waiting", "Shortlisted", "Accepted", "Turned down", "Withdrawn"}
    assert titles("active") == {"Waiting", "Shortlisted"}
    assert titles("accepted") == {"Accepted"}
    assert titles("closed") == {"Turned down", "Withdrawn"}
    assert titles("nonsense") == titles("")
    body = client.get(MINE_URL).content.decode()
    assert '<span class="tab-count">5</span>' in body
    assert '<span class="tab-count">2</span>' in body


def test_an_accepted_application_says_what_comes_next(client, student_profile):
    EngagementFactory(application__student=student_profile)
    client.force_login(student_profile.user)
    body = client.get(MINE_URL).content.decode()
    assert "You were accepted: agree the kickoff with the employer next" in body


def test_with_no_applications_the_page_says_what_to_do(client, student_profile):
    client.force_login(student_profile.user)
    body = client.get(MINE_URL).content.decode()
    assert "You have not applied to any project yet." in body
    assert reverse("projects:search") in body


def test_my_applications_is_paginated(client, student_profile):
    ApplicationFactory.create_batch(21, student=student_profile)
    client.force_login(student_profile.user)
    assert "Page 1 of 2" in client.get(MINE_URL).content.decode()
    second = client.get(MINE_URL, {"page": 2}).content.decode()
    assert second.count('class="card application-item"') == 1


@pytest.mark.parametrize("rows", [1, 50])
def test_my_applications_runs_the_same_queries_however_many_rows(
    client, student_profile, django_assert_num_queries, rows
):
    for _ in range(rows):
        EngagementFactory(application__student=student_profile)
    client.force_login(student_profile.user)
    # session, user, profile, its skills, the tab counts, the page count, the page
    with django_assert_num_queries(7):
        response = client.get(MINE_URL)
    assert response.content.decode().count('class="card application-item"') == min(rows, 20)


# --- One application ----------------------------------------------------------------------------------------


def test_the_application_page_shows_what_was_sent_and_the_timeline(client, student_profile):
    application = submitted(
        student_profile,
        cover_note="I love tidy spreadsheets.",
        answers=[{"question": "Which tools?", "answer": "Excel and R"}],
    )
    member = EmployerMemberFactory(employer=application.project.employer).user
    application_shortlist(application=application, by=member)
    application_reject(application=application, by=member, note="We chose someone closer to the brief.")
    client.force_login(student_profile.user)
    response = client.get(detail_url(application))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert "I love tidy spreadsheets." in body
    assert "Which tools?" in body and "Excel and R" in body
    assert "Not selected this time" in body
    timeline = body.split('id="timeline-title"', 1)[1]
    assert timeline.index("You applied") < timeline.index("Shortlisted") < timeline.index("Not selected")
    assert f"A message from {application.project.employer.name}" in body
    assert "We chose someone closer to the brief." in body
    assert withdraw_url(application) not in body


def test_the_weekly_budget_flag_is_shown(client, student_profile):
    application = submitted(student_profile, exceeds_weekly_budget=True)
    client.force_login(student_profile.user)
    assert "took you past the" in client.get(detail_url(application)).content.decode()


# --- Withdrawing --------------------------------------------------------------------------------------------


def test_a_pending_application_offers_a_withdraw_step_that_works_without_javascript(client, student_profile):
    application = submitted(student_profile)
    client.force_login(student_profile.user)
    body = client.get(detail_url(application)).content.decode()
    assert "<details" in body
    assert f'action="{withdraw_url(application)}"' in body
    assert "Yes, withdraw my application" in body


def test_withdrawing_moves_the_application_to_withdrawn(client, student_profile):
    application = submitted(student_profile, status=ApplicationStatus.SHORTLISTED)
    client.force_login(student_profile.user)
    response = client.post(withdraw_url(application), follow=True)
    assert response.redirect_chain == [(detail_url(application), 302)]
    assert "You withdrew your application" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert list(application.events.values_list("status", flat=True)) == [
        ApplicationStatus.SHORTLISTED,
        ApplicationStatus.WITHDRAWN,
    ]


def test_an_accepted_application_cannot_be_withdrawn(client, student_profile):
    engagement = EngagementFactory(application__student=student_profile)
    client.force_login(student_profile.user)
    assert (
        withdraw_url(engagement.application)
        not in client.get(detail_url(engagement.application)).content.decode()
    )
    response = client.post(withdraw_url(engagement.application), follow=True)
    assert "cancel the engagement instead" in response.content.decode()
    engagement.application.refresh_from_db()
    assert engagement.application.status == ApplicationStatus.ACCEPTED


def test_withdrawing_is_post_only(client, student_profile):
    application = submitted(student_profile)
    client.force_login(student_profile.user)
    assert client.get(withdraw_url(application)).status_code == 405


# --- Who may see and withdraw -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_student", "member", "other_employer", "career_staff"])
def test_outsiders_get_a_404_and_change_nothing(client, student_profile, who):
    application = submitted(student_profile, cover_note="PRIVATE NOTE")
    user = {
        "other_student": lambda: StudentProfileFactory().user,
        "member": lambda: EmployerMemberFactory(employer=application.project.employer).user,
        "other_employer": lambda: EmployerMemberFactory().user,
        "career_staff": lambda: CareerStaffFactory(university=student_profile.university).user,
    }[who]()
    client.force_login(user)
    assert client.get(detail_url(application)).status_code == 404
    assert client.post(withdraw_url(application)).status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    mine = client.get(MINE_URL)
    assert mine.status_code == (200 if who == "other_student" else 404)
    assert b"PRIVATE NOTE" not in mine.content


def test_the_anonymous_are_sent_to_log_in(client, student_profile):
    application = submitted(student_profile)
    login = reverse("account_login")
    for response in (
        client.get(MINE_URL),
        client.get(detail_url(application)),
        client.post(withdraw_url(application)),
    ):
        assert response.status_code == 302
        assert response.url.startswith(login)
