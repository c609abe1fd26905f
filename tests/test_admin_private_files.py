"""The admin opens rows that hold a private file (a résumé, a logo, a deliverable) and links to the file
through a download it checks: the superuser and the student's own career office get it, other offices 404."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from accounts.factories import UserFactory
from tests.test_career_admin_scoping import build_side, change_url

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (39, 71, 199)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def side_with_files():
    """University A's world, its student with a résumé, its partner with a logo, a deliverable file."""
    side = build_side("a")
    side.student.resume.save("cv.pdf", ContentFile(PDF))
    side.employer.logo.save("brand.png", ContentFile(_png()))
    submission = side.rows[type(side.milestone).submissions.field.model][0]
    submission.file.save("report.pdf", ContentFile(PDF))
    side.submission = submission
    return side


@pytest.fixture
def other_side():
    """University B's world, without files."""
    return build_side("b")


@pytest.fixture
def file_admin():
    """A site admin (a superuser, enrolled in two-factor authentication as the admin requires)."""
    return UserFactory(email="files-admin@example.org", is_staff=True, is_superuser=True)


def _download_url(obj, field: str) -> str:
    name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}_private_file"
    return reverse(name, args=[obj.pk, field])


def _content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_superuser_opens_each_row_with_a_private_file_and_downloads_it(
    client, side_with_files, file_admin
):
    client.force_login(file_admin)
    for obj, field in ((side_with_files.student, "resume"), (side_with_files.submission, "file")):
        page = client.get(change_url(obj))
        assert page.status_code == 200, obj
        assert _download_url(obj, field) in page.content.decode()
        download = client.get(_download_url(obj, field))
        assert download.status_code == 200
        assert _content(download) == PDF
        assert "no-store" in download["Cache-Control"]
    page = client.get(change_url(side_with_files.employer))
    assert page.status_code == 200
    assert reverse("employers:logo", args=[side_with_files.employer.slug]) in page.content.decode()


def test_career_staff_open_their_students_profile_with_a_resume_and_download_it(client, side_with_files):
    client.force_login(side_with_files.staff.user)
    page = client.get(change_url(side_with_files.student))
    assert page.status_code == 200
    assert "cv" in page.content.decode()
    download = client.get(_download_url(side_with_files.student, "resume"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert _content(download) == PDF


def test_career_staff_open_their_partners_page_but_not_deliverables_which_the_office_does_not_see(
    client, side_with_files
):
    client.force_login(side_with_files.staff.user)
    assert client.get(change_url(side_with_files.employer)).status_code == 200
    assert client.get(change_url(side_with_files.submission)).status_code == 403
    assert client.get(_download_url(side_with_files.submission, "file")).status_code == 404


def test_another_career_office_gets_404_and_never_the_file(client, side_with_files, other_side):
    client.force_login(other_side.staff.user)
    assert client.get(_download_url(side_with_files.student, "resume")).status_code == 404
    assert client.get(_download_url(side_with_files.submission, "file")).status_code == 404


def test_an_unknown_field_or_a_row_without_a_file_is_a_404(client, side_with_files, other_side, file_admin):
    client.force_login(file_admin)
    assert client.get(_download_url(side_with_files.student, "user")).status_code == 404
    assert client.get(_download_url(other_side.student, "resume")).status_code == 404
    assert client.get(change_url(other_side.student)).status_code == 200


def test_the_anonymous_are_sent_to_log_in(client, side_with_files):
    response = client.get(_download_url(side_with_files.student, "resume"))
    assert response.status_code == 302
