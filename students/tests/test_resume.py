"""The résumé: a real PDF of at most 5 MB, stored privately, downloaded only by its owner and by the
employers the student applied to."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from applications.models import ApplicationStatus
from employers.factories import EmployerMemberFactory
from students.factories import StudentProfileFactory
from students.models import StudentProfile
from students.services import student_resume_remove, student_resume_set
from students.tests.uploads import SMALL_PDF, pdf_upload, png_bytes
from universities.factories import CareerStaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

ABOUT_URL = reverse("students:profile_step", args=["about"])


@pytest.fixture
def alice_profile(student):
    """Alice Student's verified profile: her name makes the résumé's download name."""
    return StudentProfileFactory(user=student)


def post_about(client, **extra):
    data = {"bio": "I study economics.", "links": "github.com/alice", **extra}
    return client.post(ABOUT_URL, data)


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


# --- Upload -------------------------------------------------------------------------------------------------


def test_a_real_pdf_is_stored_privately_and_outside_the_public_media(client, alice_profile, private_media):
    client.force_login(alice_profile.user)
    response = post_about(client, resume=pdf_upload("Alice CV (final).pdf"))
    assert response.status_code == 302
    alice_profile.refresh_from_db()
    assert alice_profile.resume.name.startswith("resumes/") and alice_profile.resume.name.endswith(".pdf")
    path = Path(alice_profile.resume.path)
    assert path.is_relative_to(private_media)
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT))
    assert path.read_bytes() == SMALL_PDF


def test_an_image_renamed_pdf_is_refused_and_the_other_fields_are_kept(client, alice_profile, private_media):
    client.force_login(alice_profile.user)
    fake = SimpleUploadedFile("resume.pdf", png_bytes(), content_type="application/pdf")
    response = post_about(client, bio="Typed before the upload failed.", resume=fake)
    assert response.status_code == 200
    content = response.content.decode()
    assert "This file is not a PDF" in content
    assert "Typed before the upload failed." in content
    assert "github.com/alice" in content
    alice_profile.refresh_from_db()
    assert not alice_profile.resume
    assert alice_profile.bio == ""  # nothing saved when the step fails
    assert stored_files(private_media) == []


def test_a_file_over_5_mb_is_refused(client, alice_profile, private_media):
    client.force_login(alice_profile.user)
    big = pdf_upload(content=b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024) + b"\n%%EOF\n")
    response = post_about(client, resume=big)
    assert response.status_code == 200
    assert "the limit is 5.0" in response.content.decode()
    assert stored_files(private_media) == []


def test_a_new_resume_replaces_the_old_file(alice_profile, private_media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        student_resume_set(profile=alice_profile, upload=pdf_upload("first.pdf"))
    first = Path(alice_profile.resume.path)
    with django_capture_on_commit_callbacks(execute=True):
        student_resume_set(profile=alice_profile, upload=pdf_upload("second.pdf"))
    assert not first.exists()
    assert stored_files(private_media) == [Path(alice_profile.resume.path)]
    assert StudentProfile.objects.get(pk=alice_profile.pk).resume.name.endswith("second.pdf")


def test_a_bad_file_leaves_the_current_resume_alone(
    alice_profile, private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        student_resume_set(profile=alice_profile, upload=pdf_upload("kept.pdf"))
    with pytest.raises(ValidationError) as error:
        student_resume_set(profile=alice_profile, upload=SimpleUploadedFile("x.pdf", b"just text"))
    assert "resume" in error.value.message_dict
    assert error.value.error_dict["resume"][0].code == "not_a_pdf"
    alice_profile.refresh_from_db()
    assert alice_profile.resume.name.endswith("kept.pdf") and Path(alice_profile.resume.path).exists()


def test_a_name_without_pdf_suffix_is_stored_as_pdf(alice_profile):
    student_resume_set(profile=alice_profile, upload=pdf_upload("../../etc/passwd"))
    assert alice_profile.resume.name.startswith("resumes/")
    assert alice_profile.resume.name.endswith("passwd.pdf")


def test_the_student_can_remove_their_resume(
    client, alice_profile, private_media, django_capture_on_commit_callbacks
):
    student_resume_set(profile=alice_profile, upload=pdf_upload())
    path = Path(alice_profile.resume.path)
    client.force_login(alice_profile.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_about(client, remove_resume="on")
    assert response.status_code == 302
    alice_profile.refresh_from_db()
    assert not alice_profile.resume
    assert not path.exists()
    assert student_resume_remove(profile=alice_profile).resume.name == ""  # again: nothing to do


def test_uploading_and_removing_at_once_is_refused(client, alice_profile):
    student_resume_set(profile=alice_profile, upload=pdf_upload())
    client.force_login(alice_profile.user)
    response = post_about(client, remove_resume="on", resume=pdf_upload("other.pdf"))
    assert response.status_code == 200
    assert "Either upload a new résumé or remove it" in response.content.decode()


def test_the_about_step_shows_the_current_resume_with_its_download_link(client, alice_profile):
    student_resume_set(profile=alice_profile, upload=pdf_upload("Alice CV.pdf"))
    client.force_login(alice_profile.user)
    content = client.get(ABOUT_URL).content.decode()
    assert reverse("students:resume", args=[alice_profile.public_id]) in content
    assert "Alice_CV.pdf" in content  # the stored name
    assert "Remove my résumé" in content
    assert 'enctype="multipart/form-data"' in content


# --- Download -----------------------------------------------------------------------------------------------


def resume_url(profile: StudentProfile) -> str:
    return reverse("students:resume", args=[profile.public_id])


def assert_is_the_resume(response) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Alice-Student-resume.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == SMALL_PDF


@pytest.fixture
def with_resume(alice_profile):
    student_resume_set(profile=alice_profile, upload=pdf_upload())
    return alice_profile


def test_the_owner_downloads_their_resume_as_an_attachment(client, with_resume):
    client.force_login(with_resume.user)
    assert_is_the_resume(client.get(resume_url(with_resume)))


@pytest.mark.parametrize("status", [ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN])
def test_an_employer_the_student_applied_to_downloads_it(client, with_resume, status):
    application = ApplicationFactory(student=with_resume, status=status)
    member = EmployerMemberFactory(employer=application.project.employer)
    client.force_login(member.user)
    assert_is_the_resume(client.get(resume_url(with_resume)))


def test_nobody_else_gets_it(client, with_resume):
    ApplicationFactory(student=with_resume)  # to another organisation than the outsiders below
    outsiders = [
        StudentProfileFactory().user,
        EmployerMemberFactory().user,
        CareerStaffFactory(university=with_resume.university).user,
        UserFactory(is_staff=True, is_superuser=True, employer=True),
    ]
    for user in outsiders:
        client.force_login(user)
        assert client.get(resume_url(with_resume)).status_code == 404, user


def test_the_anonymous_are_sent_to_log_in(client, with_resume):
    response = client.get(resume_url(with_resume))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_profile_without_a_resume_answers_404_even_to_its_owner(client, alice_profile):
    client.force_login(alice_profile.user)
    assert client.get(resume_url(alice_profile)).status_code == 404
