"""Applying to a project through its page (projects:apply): the form, its errors, the résumé, the refusals."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationEvent, ApplicationStatus
from applications.services.applications import application_submit
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from projects.factories import ProjectFactory
from projects.models import CloseReason, ProjectStatus, Visibility
from students.factories import StudentProfileFactory
from students.models import StudentProfile
from universities.factories import CareerStaffFactory, PartnershipFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
QUESTIONS = ["Which tools do you use?", "When can you start?"]


@pytest.fixture
def dashboard_project():
    """An open project, "Data cleaning and dashboard", that asks the two QUESTIONS."""
    return ProjectFactory(published=True, title="Data cleaning and dashboard", screening_questions=QUESTIONS)


def apply_url(project) -> str:
    return reverse("projects:apply", kwargs={"public_id": project.public_id})


def detail_url(project) -> str:
    return reverse("projects:detail", kwargs={"public_id": project.public_id})


def form_data(**overrides) -> dict:
    return {
        "cover_note": "I cleaned survey data for my statistics course.",
        "answer_0": "Python, pandas and Excel",
        "answer_1": "Next Monday",
        **overrides,
    }


def stored_files() -> set[Path]:
    """Every file in the private storage the résumés go to."""
    root = Path(StudentProfile._meta.get_field("resume").storage.location)
    return {path for path in root.rglob("*") if path.is_file()}


def give_resume(profile) -> str:
    profile.resume.save("old-cv.pdf", ContentFile(PDF, name="old-cv.pdf"), save=True)
    return profile.resume.name


# --- The form -----------------------------------------------------------------------------------------------


def test_the_form_asks_for_a_cover_note_each_question_and_a_resume(
    client, student_profile, dashboard_project
):
    client.force_login(student_profile.user)
    response = client.get(apply_url(dashboard_project))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert 'name="cover_note"' in body
    assert 'name="answer_0"' in body and 'name="answer_1"' in body
    assert "Which tools do you use?" in body and "When can you start?" in body
    assert 'name="resume"' in body
    assert 'enctype="multipart/form-data"' in body
    assert "employers like to see one" in body


def test_the_form_offers_the_resume_already_on_the_profile(client, student_profile, dashboard_project):
    give_resume(student_profile)
    client.force_login(student_profile.user)
    body = client.get(apply_url(dashboard_project)).content.decode()
    assert reverse("students:resume", kwargs={"public_id": student_profile.public_id}) in body
    assert "employers like to see one" not in body


def test_the_form_warns_before_going_over_the_weekly_budget(client, student_profile, dashboard_project):
    EngagementFactory(
        application__student=student_profile,
        status=EngagementStatus.ACTIVE,
        estimated_hours=28,
        due_date=timezone.localdate() + dt.timedelta(days=14),
    )
    client.force_login(student_profile.user)
    body = client.get(apply_url(dashboard_project)).content.decode()
    assert "This may not fit your week" in body
    assert "more than the 15 hours a week you have" in body

    client.post(apply_url(dashboard_project), form_data())
    assert Application.objects.get(project=dashboard_project).exceeds_weekly_budget is True


# --- Applying -----------------------------------------------------------------------------------------------


def test_a_student_applies_with_answers_and_a_new_resume(
    client, student_profile, dashboard_project, django_capture_on_commit_callbacks
):
    old = give_resume(student_profile)
    client.force_login(student_profile.user)
    upload = SimpleUploadedFile("my cv.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(dashboard_project), {**form_data(), "resume": upload}, follow=True)
    application = Application.objects.get()
    assert response.redirect_chain == [
        (reverse("applications:detail", kwargs={"public_id": application.public_id}), 302)
    ]
    assert "Your application to “Data cleaning and dashboard” is in." in response.content.decode()
    assert application.student == student_profile
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.cover_note == "I cleaned survey data for my statistics course."
    assert application.answers == [
        {"question": QUESTIONS[0], "answer": "Python, pandas and Excel"},
        {"question": QUESTIONS[1], "answer": "Next Monday"},
    ]
    student_profile.refresh_from_db()
    assert student_profile.resume.name != old
    assert student_profile.resume.read() == PDF
    assert not student_profile.resume.storage.exists(old)


def test_a_student_without_a_resume_may_still_apply(client, student_profile, dashboard_project):
    client.force_login(student_profile.user)
    response = client.post(apply_url(dashboard_project), form_data())
    assert response.status_code == 302
    assert Application.objects.filter(student=student_profile).exists()
    student_profile.refresh_from_db()
    assert not student_profile.resume


def test_missing_answers_show_the_form_again_with_everything_typed_kept(
    client, student_profile, dashboard_project
):
    client.force_login(student_profile.user)
    response = client.post(apply_url(dashboard_project), form_data(answer_1="  "))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Answer this question: every question is required." in body
    assert "I cleaned survey data for my statistics course." in body
    assert "Python, pandas and Excel" in body
    assert not Application.objects.exists()


def test_a_missing_cover_note_is_explained(client, student_profile, dashboard_project):
    client.force_login(student_profile.user)
    response = client.post(apply_url(dashboard_project), form_data(cover_note=""))
    assert response.status_code == 200
    assert "Write a short cover note" in response.content.decode()
    assert "Next Monday" in response.content.decode()
    assert not Application.objects.exists()


def test_a_too_long_cover_note_is_refused(client, student_profile, dashboard_project):
    client.force_login(student_profile.user)
    response = client.post(apply_url(dashboard_project), form_data(cover_note="x" * 3001))
    assert response.status_code == 200
    assert "at most 3000 characters" in response.content.decode()
    assert not Application.objects.exists()


def test_a_png_renamed_pdf_is_refused_keeping_the_cover_note_and_applying_nothing(
    client, student_profile, dashboard_project
):
    old = give_resume(student_profile)
    files = stored_files()
    client.force_login(student_profile.user)
    upload = SimpleUploadedFile("cv.pdf", PNG, content_type="application/pdf")
    response = client.post(apply_url(dashboard_project), {**form_data(), "resume": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert "This file is not a PDF." in body
    assert "I cleaned survey data for my statistics course." in body
    assert not Application.objects.exists()
    student_profile.refresh_from_db()
    assert student_profile.resume.name == old
    assert stored_files() == files


def test_a_refused_application_keeps_the_old_resume_and_leaves_no_stray_file(
    student_profile, dashboard_project
):
    old = give_resume(student_profile)
    files = stored_files()
    upload = SimpleUploadedFile("new.pdf", PDF, content_type="application/pdf")
    ApplicationFactory(project=dashboard_project, student=student_profile)
    with pytest.raises(ValidationError):
        application_submit(
            student=student_profile,
            project=dashboard_project,
            cover_note="Hi",
            answers=["a", "b"],
            resume=upload,
        )
    student_profile.refresh_from_db()
    assert student_profile.resume.name == old
    assert stored_files() == files


def test_a_resume_stored_before_the_application_fails_is_removed_again(
    student_profile, dashboard_project, monkeypatch
):
    """The application fails after the résumé was stored (a concurrent duplicate hits the constraint)."""
    old = give_resume(student_profile)
    files = stored_files()
    real_create = Application.objects.create

    def create_after_a_concurrent_submit(**kwargs):
        Application(project=kwargs["project"], student=kwargs["student"]).save()
        return real_create(**kwargs)

    monkeypatch.setattr(Application.objects, "create", create_after_a_concurrent_submit)
    upload = SimpleUploadedFile("new.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ValidationError):
        application_submit(
            student=student_profile,
            project=dashboard_project,
            cover_note="Hi",
            answers=["a", "b"],
            resume=upload,
        )
    assert student_profile.resume.name == old
    student_profile.refresh_from_db()
    assert student_profile.resume.name == old
    assert stored_files() == files


# --- Refusals -----------------------------------------------------------------------------------------------


def test_applying_twice_leads_to_the_first_application(client, student_profile, dashboard_project):
    client.force_login(student_profile.user)
    client.post(apply_url(dashboard_project), form_data())
    application = Application.objects.get()
    response = client.post(apply_url(dashboard_project), form_data(cover_note="Again"), follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "applications:detail", kwargs={"public_id": application.public_id}
    )
    assert "You have already applied to this project" in response.content.decode()
    assert Application.objects.count() == 1
    assert ApplicationEvent.objects.count() == 1
    assert client.get(apply_url(dashboard_project)).status_code == 302


def test_a_closed_project_sends_the_student_back_with_the_reason(client, student_profile, dashboard_project):
    dashboard_project.status = ProjectStatus.IN_PROGRESS
    dashboard_project.close_reason = CloseReason.FILLED
    dashboard_project.save()
    client.force_login(student_profile.user)
    response = client.post(apply_url(dashboard_project), form_data(), follow=True)
    assert response.redirect_chain == [(detail_url(dashboard_project), 302)]
    assert "all openings have been filled" in response.content.decode()
    assert not Application.objects.exists()


def test_a_passed_deadline_sends_the_student_back(client, student_profile, dashboard_project):
    dashboard_project.application_deadline = timezone.now() - dt.timedelta(minutes=5)
    dashboard_project.save()
    client.force_login(student_profile.user)
    response = client.get(apply_url(dashboard_project), follow=True)
    assert response.redirect_chain == [(detail_url(dashboard_project), 302)]
    assert "deadline for this project has passed" in response.content.decode()


def test_an_unverified_student_may_apply_to_a_public_project(client, dashboard_project):
    profile = StudentProfileFactory(unverified=True)
    client.force_login(profile.user)
    client.post(apply_url(dashboard_project), form_data())
    assert Application.objects.filter(student=profile, project=dashboard_project).exists()


# --- Who may apply ------------------------------------------------------------------------------------------


def test_a_partners_only_project_is_404_to_students_of_other_universities(
    client, student_profile, dashboard_project
):
    dashboard_project.visibility = Visibility.PARTNERS
    dashboard_project.save()
    client.force_login(student_profile.user)
    assert client.get(apply_url(dashboard_project)).status_code == 404
    assert client.post(apply_url(dashboard_project), form_data()).status_code == 404
    assert not Application.objects.exists()


def test_students_of_a_partner_university_apply_to_a_partners_only_project(
    client, student_profile, dashboard_project
):
    dashboard_project.visibility = Visibility.PARTNERS
    dashboard_project.save()
    PartnershipFactory(
        employer=dashboard_project.employer,
        university=student_profile.university,
        status=PartnershipStatus.ACTIVE,
    )
    client.force_login(student_profile.user)
    assert client.get(apply_url(dashboard_project)).status_code == 200
    assert client.post(apply_url(dashboard_project), form_data()).status_code == 302
    assert Application.objects.filter(student=student_profile, project=dashboard_project).exists()


def test_a_draft_is_404(client, student_profile):
    draft = ProjectFactory(status=ProjectStatus.DRAFT)
    client.force_login(student_profile.user)
    assert client.get(apply_url(draft)).status_code == 404


@pytest.mark.parametrize("who", ["member", "other_employer", "career_staff"])
def test_other_roles_get_a_404(client, dashboard_project, who):
    user = {
        "member": lambda: EmployerMemberFactory(employer=dashboard_project.employer).user,
        "other_employer": lambda: EmployerMemberFactory().user,
        "career_staff": lambda: CareerStaffFactory().user,
    }[who]()
    client.force_login(user)
    assert client.get(apply_url(dashboard_project)).status_code == 404
    assert client.post(apply_url(dashboard_project), form_data()).status_code == 404
    assert not Application.objects.exists()


def test_the_anonymous_are_sent_to_log_in(client, dashboard_project):
    response = client.get(apply_url(dashboard_project))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
