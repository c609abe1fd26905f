"""The project page a student sees (projects:detail) and reporting a posting (projects:report)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.factories import ApplicationFactory
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from projects.factories import ProjectFactory, SkillFactory
from projects.models import CloseReason, ProjectStatus, Report, ReportReason, SavedProject, Visibility
from students.factories import StudentProfileFactory
from universities.factories import CareerStaffFactory, PartnershipFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey_project():
    """An open project, "Clean the survey data", with a screening question and two deliverables."""
    return ProjectFactory(
        published=True,
        title="Clean the survey data",
        screening_questions=["Which tools do you use?"],
        deliverables=["A clean CSV", "A one-page method note"],
    )


def detail_url(project) -> str:
    return reverse("projects:detail", kwargs={"public_id": project.public_id})


def report_url(project) -> str:
    return reverse("projects:report", kwargs={"public_id": project.public_id})


def page(client, user, url):
    client.force_login(user)
    return client.get(url)


# --- What the page shows ------------------------------------------------------------------------------------
def test_a_student_sees_the_whole_posting_with_an_apply_button(client, student_profile, survey_project):
    response = page(client, student_profile.user, detail_url(survey_project))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert "Clean the survey data" in body
    assert survey_project.employer.name in body
    assert "A one-page method note" in body
    assert "Which tools do you use?" in body
    assert reverse("projects:apply", kwargs={"public_id": survey_project.public_id}) in body
    assert "1 of 1 left" in body
    assert "closes in 2 weeks" in body
    assert reverse("projects:report", kwargs={"public_id": survey_project.public_id}) in body


def test_whether_the_student_saved_it_is_read_with_the_project_not_on_its_own(
    client, student_profile, survey_project
):
    client.force_login(student_profile.user)
    with CaptureQueriesContext(connection) as unsaved_queries:
        unsaved = client.get(detail_url(survey_project)).content.decode()
    SavedProject.objects.create(student=student_profile, project=survey_project)
    saved = client.get(detail_url(survey_project)).content.decode()

    assert '<span aria-hidden="true">☆</span> Save<' in unsaved and "is-saved" not in unsaved
    assert '<span aria-hidden="true">★</span> Saved<' in saved
    on_its_own = [
        q for q in unsaved_queries if q["sql"].startswith('SELECT 1 AS "a" FROM "projects_savedproject"')
    ]
    assert not on_its_own


def test_the_students_own_skills_are_marked_with_words_for_screen_readers(
    client, student_profile, survey_project
):
    python, sql, figma = SkillFactory(name="Python"), SkillFactory(name="SQL"), SkillFactory(name="Figma")
    survey_project.required_skills.set([python, sql])
    survey_project.nice_to_have_skills.set([figma])
    student_profile.skills.set([python, figma])
    body = page(client, student_profile.user, detail_url(survey_project)).content.decode()
    assert body.count("(you have this)") == 2
    assert "You have <strong>1 of 2</strong> required skills" in body


def test_a_deadline_later_today_shows_the_time(client, student_profile, survey_project):
    now = timezone.localtime()
    survey_project.application_deadline = now.replace(hour=23, minute=59, second=0, microsecond=0)
    if survey_project.application_deadline <= now:
        pytest.skip("too close to midnight")
    survey_project.save()
    assert (
        "closes today at 23:59"
        in page(client, student_profile.user, detail_url(survey_project)).content.decode()
    )


def test_times_are_shown_in_the_students_time_zone(client, student_profile, survey_project):
    student_profile.time_zone = "Asia/Tokyo"
    student_profile.save()
    survey_project.application_deadline = dt.datetime(2030, 1, 10, 8, 0, tzinfo=dt.UTC)
    survey_project.save()
    assert (
        "10 Jan 2030, 17:00"
        in page(client, student_profile.user, detail_url(survey_project)).content.decode()
    )


def test_applying_over_the_weekly_budget_is_warned_about_in_words_and_numbers(
    client, student_profile, survey_project
):
    EngagementFactory(
        application__student=student_profile,
        status=EngagementStatus.ACTIVE,
        estimated_hours=28,
        due_date=timezone.localdate() + dt.timedelta(days=14),
    )
    body = page(client, student_profile.user, detail_url(survey_project)).content.decode()
    assert "This may not fit your week" in body
    assert "14 hours a week of your ongoing projects" in body
    assert "more than the 15 hours a week you have" in body


def test_no_budget_warning_when_the_project_fits(client, student_profile, survey_project):
    body = page(client, student_profile.user, detail_url(survey_project)).content.decode()
    assert "This may not fit your week" not in body


# --- Why the student cannot apply ---------------------------------------------------------------------------
def test_after_applying_the_page_links_to_the_application_instead(client, student_profile, survey_project):
    application = ApplicationFactory(project=survey_project, student=student_profile)
    body = page(client, student_profile.user, detail_url(survey_project)).content.decode()
    assert "You applied on" in body
    assert reverse("applications:detail", kwargs={"public_id": application.public_id}) in body
    assert reverse("projects:apply", kwargs={"public_id": survey_project.public_id}) not in body


def test_an_unverified_student_may_apply_and_is_told_employers_see_it(client, survey_project):
    profile = StudentProfileFactory(unverified=True)
    body = page(client, profile.user, detail_url(survey_project)).content.decode()
    assert reverse("projects:apply", kwargs={"public_id": survey_project.public_id}) in body
    assert "as a student not verified yet" in body
    assert reverse("account_email") in body


@pytest.mark.parametrize(
    ("status", "reason", "text"),
    [
        (ProjectStatus.IN_PROGRESS, CloseReason.FILLED, "all openings have been filled"),
        (ProjectStatus.IN_PROGRESS, CloseReason.DEADLINE, "the application deadline has passed"),
        (ProjectStatus.IN_PROGRESS, CloseReason.EMPLOYER, "the employer has stopped taking applications"),
        (ProjectStatus.CANCELLED, "", "the employer has cancelled this project"),
        (ProjectStatus.COMPLETED, "", "this project is completed"),
    ],
)
def test_a_closed_project_says_why_applications_are_closed(
    client, student_profile, survey_project, status, reason, text
):
    survey_project.status = status
    survey_project.close_reason = reason
    survey_project.save()
    body = page(client, student_profile.user, detail_url(survey_project)).content.decode()
    assert text in body
    assert reverse("projects:apply", kwargs={"public_id": survey_project.public_id}) not in body


def test_an_open_project_past_its_deadline_says_so(client, student_profile, survey_project):
    survey_project.application_deadline = timezone.now() - dt.timedelta(hours=1)
    survey_project.save()
    body = page(client, student_profile.user, detail_url(survey_project)).content.decode()
    assert "The application deadline for this project has passed." in body


# --- Who may see it -----------------------------------------------------------------------------------------
def test_the_anonymous_read_the_public_page_and_are_sent_to_log_in_for_the_rest(client, survey_project):
    """The public page itself is tested in tests/test_public_projects.py."""
    response = client.get(detail_url(survey_project))
    assert response.status_code == 200
    assert "Why this matches you" not in response.content.decode()
    response = client.get(report_url(survey_project))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["member", "other_employer", "career_staff"])
def test_other_roles_read_the_public_page_only(client, survey_project, who):
    user = {
        "member": lambda: EmployerMemberFactory(employer=survey_project.employer).user,
        "other_employer": lambda: EmployerMemberFactory().user,
        "career_staff": lambda: CareerStaffFactory().user,
    }[who]()
    response = page(client, user, detail_url(survey_project))
    assert response.status_code == 200
    assert reverse("projects:apply", args=[survey_project.public_id]) not in response.content.decode()
    assert page(client, user, report_url(survey_project)).status_code == 404


def test_drafts_and_unknown_ids_are_404(client, student_profile):
    draft = ProjectFactory(status=ProjectStatus.DRAFT)
    assert page(client, student_profile.user, detail_url(draft)).status_code == 404
    unknown = reverse("projects:detail", kwargs={"public_id": "00000000-0000-0000-0000-000000000000"})
    assert page(client, student_profile.user, unknown).status_code == 404


def test_a_partners_only_project_is_404_outside_partner_universities(client, student_profile, survey_project):
    survey_project.visibility = Visibility.PARTNERS
    survey_project.save()
    PartnershipFactory(
        employer=survey_project.employer, status=PartnershipStatus.ACTIVE
    )  # another university
    assert page(client, student_profile.user, detail_url(survey_project)).status_code == 404
    assert page(client, student_profile.user, report_url(survey_project)).status_code == 404


def test_a_partners_only_project_shows_to_students_of_a_partner(client, student_profile, survey_project):
    survey_project.visibility = Visibility.PARTNERS
    survey_project.save()
    PartnershipFactory(
        employer=survey_project.employer,
        university=student_profile.university,
        status=PartnershipStatus.ACTIVE,
    )
    response = page(client, student_profile.user, detail_url(survey_project))
    assert response.status_code == 200
    assert "partner universities" in response.content.decode()


# --- Reporting ----------------------------------------------------------------------------------------------
def test_a_student_reports_a_posting_and_is_thanked(client, student_profile, survey_project):
    client.force_login(student_profile.user)
    assert client.get(report_url(survey_project)).status_code == 200
    response = client.post(
        report_url(survey_project),
        {"reason": ReportReason.SCAM, "details": "They asked for a deposit."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == detail_url(survey_project)
    assert "Thank you for telling us" in response.content.decode()
    report = Report.objects.get()
    assert (report.reporter, report.project, report.reason) == (
        student_profile.user,
        survey_project,
        ReportReason.SCAM,
    )
    assert report.details == "They asked for a deposit."


def test_a_report_without_a_reason_is_shown_again_with_the_details_kept(
    client, student_profile, survey_project
):
    client.force_login(student_profile.user)
    response = client.post(report_url(survey_project), {"details": "Odd wording everywhere"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Choose the reason that fits best." in body
    assert "Odd wording everywhere" in body
    assert not Report.objects.exists()


def test_reporting_twice_shows_the_first_report(client, student_profile, survey_project):
    Report.objects.create(project=survey_project, reporter=student_profile.user, reason=ReportReason.UNPAID)
    client.force_login(student_profile.user)
    body = client.get(report_url(survey_project)).content.decode()
    assert "You reported this posting on" in body
    assert 'name="reason"' not in body
    client.post(report_url(survey_project), {"reason": ReportReason.SCAM})
    assert Report.objects.get().reason == ReportReason.UNPAID
