"""Files through the API with a personal token: a deliverable's file (both sides of its engagement) and an
applicant's résumé (the members of the organisation applied to). The same access rules as the download
pages: outsiders get 404 and learn nothing, a role that may not use the endpoint 403, the anonymous 401.
"""

from dataclasses import dataclass
from itertools import count
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.factories import UserFactory
from accounts.services import api_token_create
from applications.factories import ApplicationFactory
from employers.factories import EmployerMemberFactory
from engagements.services import deliverable_submit
from students.factories import StudentProfileFactory
from tests.engagement_world import LINK, EngagementWorld, make_engagement_world, submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CSV = b"date,hours\n2026-01-05,2.5\n"
TOKEN_NUMBERS = count()


def token_client(user=None, **headers: str) -> APIClient:
    """A client that authenticates only with a Bearer token, as an integration would (no session)."""
    client = APIClient()
    if user is not None:
        _token, raw = api_token_create(user=user, name=f"downloads {next(TOKEN_NUMBERS)}")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}", **headers)
    return client


def content_of(response) -> bytes:
    return b"".join(response.streaming_content)


def assert_error(response, status: int, error_type: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"type", "detail", "errors"}
    assert body["type"] == error_type


# --- Deliverables -------------------------------------------------------------------------------------------


@dataclass(kw_only=True)
class HandedInWorld(EngagementWorld):
    file_url: str
    submission_id: int


@pytest.fixture
def handed_in(w) -> HandedInWorld:
    """`w` with a PDF handed in for its first milestone, through the API, as the student does it."""
    upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    create = reverse(
        "api-engagement-submission-create",
        kwargs={"public_id": w.engagement.public_id, "pk": w.milestones[0].pk},
    )
    response = token_client(w.student).post(create, {"file": upload, "note": "Draft"}, format="multipart")
    assert response.status_code == 201, response.content
    return HandedInWorld(**vars(w), file_url=response.json()["file_url"], submission_id=response.json()["id"])


def file_path(engagement, pk: int) -> str:
    return reverse("api-engagement-submission-file", kwargs={"public_id": engagement.public_id, "pk": pk})


def test_both_sides_download_a_handed_in_file_with_a_token(handed_in):
    assert (
        handed_in.file_url == f"http://testserver{file_path(handed_in.engagement, handed_in.submission_id)}"
    )
    for user in (handed_in.student, handed_in.employer):
        response = token_client(user).get(handed_in.file_url)
        assert response.status_code == 200
        assert content_of(response) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="report.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"


def test_a_client_that_accepts_only_the_files_type_still_gets_it(handed_in):
    response = token_client(handed_in.employer, HTTP_ACCEPT="application/pdf").get(handed_in.file_url)
    assert response.status_code == 200
    assert content_of(response) == PDF


def test_a_file_is_served_in_the_type_its_content_was_checked_as(w):
    upload = SimpleUploadedFile("hours.csv", CSV, content_type="application/octet-stream")
    submission = deliverable_submit(milestone=w.milestones[0], by=w.student, file=upload)
    response = token_client(w.employer).get(file_path(w.engagement, submission.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert content_of(response) == CSV


@pytest.mark.parametrize("who", ["outsider", "other_employer"])
def test_outsiders_get_404_and_never_the_file(handed_in, who):
    response = token_client(getattr(handed_in, who)).get(handed_in.file_url)
    assert_error(response, 404, "not_found")
    assert PDF not in response.content


def test_career_staff_are_refused_the_area_and_the_anonymous_must_authenticate(handed_in):
    staff = token_client(UserFactory(career_staff=True)).get(handed_in.file_url)
    assert_error(staff, 403, "permission_denied")
    anonymous = token_client().get(handed_in.file_url)
    assert_error(anonymous, 401, "not_authenticated")
    assert anonymous["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_submission_of_another_engagement_is_not_found_through_this_one(handed_in):
    elsewhere = make_engagement_world()
    upload = SimpleUploadedFile("theirs.pdf", PDF, content_type="application/pdf")
    theirs = deliverable_submit(milestone=elsewhere.milestones[0], by=elsewhere.student, file=upload)
    response = token_client(handed_in.employer).get(file_path(handed_in.engagement, theirs.pk))
    assert_error(response, 404, "not_found")


def test_a_link_only_submission_has_no_file_to_download(w):
    submission = submit(w)
    created = token_client(w.student).get(reverse("api-engagement-detail", args=[w.engagement.public_id]))
    row = created.json()["milestones"][0]["submissions"][0]
    assert row["link"] == LINK
    assert row["file_url"] is None
    assert_error(token_client(w.student).get(file_path(w.engagement, submission.pk)), 404, "not_found")


# --- Résumés ------------------------------------------------------------------------------------------------


@pytest.fixture
def applicant() -> SimpleNamespace:
    membership = EmployerMemberFactory()
    profile = StudentProfileFactory(user=UserFactory(student=True, full_name="Dana Applicant"))
    profile.resume.save("cv.pdf", SimpleUploadedFile("cv.pdf", PDF), save=True)
    application = ApplicationFactory(project__employer=membership.employer, student=profile)
    return SimpleNamespace(application=application, member=membership.user, student=profile.user)


def resume_path(application) -> str:
    return reverse("api-applicant-resume", args=[application.public_id])


def test_a_member_downloads_an_applicants_resume_with_a_token(applicant):
    client = token_client(applicant.member)
    detail = client.get(reverse("api-applicant-detail", args=[applicant.application.public_id])).json()
    assert detail["resume_url"] == f"http://testserver{resume_path(applicant.application)}"

    response = client.get(detail["resume_url"])
    assert response.status_code == 200
    assert content_of(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Dana-Applicant-resume.pdf"'
    accepting_pdf = token_client(applicant.member, HTTP_ACCEPT="application/pdf")
    assert accepting_pdf.get(detail["resume_url"]).status_code == 200


def test_another_organisations_member_gets_404_and_never_the_resume(applicant):
    response = token_client(EmployerMemberFactory().user).get(resume_path(applicant.application))
    assert_error(response, 404, "not_found")
    assert PDF not in response.content


def test_students_and_career_staff_may_not_use_the_employer_endpoint(applicant):
    for user in (applicant.student, UserFactory(career_staff=True)):
        assert_error(token_client(user).get(resume_path(applicant.application)), 403, "permission_denied")
    assert_error(token_client().get(resume_path(applicant.application)), 401, "not_authenticated")


def test_an_applicant_without_a_resume_has_no_url_and_nothing_to_download(applicant):
    applicant.application.student.resume.delete(save=True)
    client = token_client(applicant.member)
    detail = client.get(reverse("api-applicant-detail", args=[applicant.application.public_id])).json()
    assert detail["resume_url"] is None
    assert_error(client.get(resume_path(applicant.application)), 404, "not_found")


def _png(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (39, 71, 199)).save(buffer, format="PNG")
    return buffer.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels."""
    import struct
    import zlib

    data = _png(1, 1)
    ihdr = data.index(b"IHDR")
    chunk = b"IHDR" + struct.pack(">II", width, height) + data[ihdr + 12 : ihdr + 17]
    return data[:ihdr] + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[ihdr + 4 + 13 + 4 :]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(_png_claiming(30_000, 30_000), id="claims-900Mpx"),
        pytest.param(_png(8000, 6000), id="48Mpx"),
    ],
)
def test_a_deliverable_image_with_too_many_pixels_is_a_field_error_not_a_500(w, content):
    create = reverse(
        "api-engagement-submission-create",
        kwargs={"public_id": w.engagement.public_id, "pk": w.milestones[0].pk},
    )
    upload = SimpleUploadedFile("plan.png", content, content_type="image/png")
    response = token_client(w.student).post(create, {"file": upload}, format="multipart")
    assert_error(response, 400, "validation_error")
    assert "million pixels" in " ".join(response.json()["errors"]["file"])
