"""The account and the student's own profile in the API: me, the profile, the résumé and the export."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory, reauthenticate
from applications.factories import ApplicationFactory
from employers.factories import EmployerMemberFactory
from projects.factories import SkillFactory
from students.factories import StudentProfileFactory
from students.models import StudentProfile
from students.tests.uploads import pdf_upload, png_bytes
from universities.factories import UniversityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

ME = reverse("api-me")
PROFILE = reverse("api-me-profile")
RESUME = reverse("api-me-resume")
EXPORT = reverse("api-me-export")


@pytest.fixture
def signed_in_profile(api, signup_profile):
    """Alice's `signup_profile`, signed in on the `api` client."""
    api.force_login(signup_profile.user)
    return signup_profile


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


# --- me -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["student", "employer", "career_staff"])
def test_me_answers_every_role_with_its_account(api, kind):
    user = UserFactory(
        role=kind if kind != "employer" else "employer", email=f"{kind}@example.org", full_name="Sam Lee"
    )
    api.force_login(user)
    body = api.get(ME).json()
    assert body["email"] == f"{kind}@example.org"
    assert body["full_name"] == "Sam Lee"
    assert body["role"] == kind
    assert body["is_site_staff"] is False


def test_me_needs_a_sign_in(api):
    response = api.get(ME)
    assert response.status_code == 401
    assert response.json()["type"] == "not_authenticated"


# --- Who may use the profile endpoints ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["employer", "career_staff"])
def test_other_roles_get_a_403_and_no_profile_is_made(api, kind):
    user = EmployerMemberFactory().user if kind == "employer" else UserFactory(career_staff=True)
    api.force_login(user)
    responses = [
        api.get(PROFILE),
        api.patch(PROFILE, {"major": "Law"}),
        api.put(RESUME, {"resume": pdf_upload()}, format="multipart"),
        api.delete(RESUME),
        api.get(EXPORT),
    ]
    assert {response.status_code for response in responses} == {403}
    assert not StudentProfile.objects.exists()


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_the_anonymous_get_a_401(api, method):
    url = RESUME if method == "delete" else PROFILE
    assert getattr(api, method)(url).status_code == 401


# --- Reading and changing the profile -----------------------------------------------------------------------


def test_a_student_without_a_profile_yet_gets_an_empty_one(api, student):
    api.force_login(student)
    body = api.get(PROFILE).json()
    assert body["university"] is None
    assert body["is_verified"] is False
    assert body["resume"] is None
    assert body["progress"]["complete"] is False
    assert StudentProfile.objects.filter(user=student).exists()


def test_the_profile_shows_its_progress_step_by_step(api, signed_in_profile):
    body = api.get(PROFILE).json()
    steps = {step["slug"]: step for step in body["progress"]["steps"]}
    assert list(steps) == ["university", "skills", "availability", "about"]
    assert steps["university"]["missing"] == ["your university", "your major", "your graduation year"]
    assert steps["availability"]["complete"] is True
    assert body["progress"]["done"] < body["progress"]["total"]


def test_patch_changes_the_fields_sent_through_the_services_rules(api, signed_in_profile):
    university = UniversityFactory(slug="north-uni")
    year = timezone.localdate().year + 2
    response = api.patch(
        PROFILE,
        {
            "university": "north-uni",
            "major": "  Applied   mathematics ",
            "graduation_year": year,
            "skills": ["python", "Data cleaning"],
            "interests": ["climate", "Climate", "fintech"],
            "weekly_hours_available": 12,
            "time_zone": "Europe/Paris",
            "bio": "  I like numbers. ",
            "links": ["github.com/alice"],
            "portfolio_public": True,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["university"] == {"name": university.name, "slug": "north-uni"}
    assert body["is_verified"] is False
    assert body["major"] == "Applied mathematics"
    assert [skill["slug"] for skill in body["skills"]] == ["data-cleaning", "python"]
    assert body["interests"] == ["climate", "fintech"]
    assert body["links"] == ["https://github.com/alice"]
    assert body["bio"] == "I like numbers."
    assert body["portfolio_public"] is True
    signed_in_profile.refresh_from_db()
    assert (
        signed_in_profile.university,
        signed_in_profile.time_zone,
        signed_in_profile.weekly_hours_available,
    ) == (
        university,
        "Europe/Paris",
        12,
    )


def test_bad_values_are_field_errors_and_nothing_is_saved(api, signed_in_profile):
    UniversityFactory(slug="north-uni")
    response = api.patch(
        PROFILE,
        {
            "university": "north-uni",
            "major": "Law",
            "graduation_year": 1990,
            "weekly_hours_available": 90,
            "time_zone": "Mars/Olympus",
            "links": ["not a link"],
            "skills": ["Klingon"],
        },
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"skills"}
    response = api.patch(
        PROFILE,
        {
            "university": "north-uni",
            "major": "Law",
            "graduation_year": 1990,
            "weekly_hours_available": 90,
            "time_zone": "Mars/Olympus",
            "links": ["not a link"],
        },
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {
        "graduation_year",
        "weekly_hours_available",
        "time_zone",
        "links",
    }
    signed_in_profile.refresh_from_db()
    assert signed_in_profile.university is None
    assert signed_in_profile.major == ""


def test_an_unknown_university_is_a_field_error(api, signed_in_profile):
    response = api.patch(PROFILE, {"university": "nowhere"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["university"]


def test_a_verified_student_cannot_move_university(api, student):
    profile = StudentProfileFactory(user=student)
    api.force_login(student)
    response = api.patch(PROFILE, {"university": UniversityFactory().slug, "major": "Law"})
    assert response.status_code == 400
    assert response.json()["errors"]["university"] == [
        "Your university is verified; ask its career office if it is wrong."
    ]
    profile.refresh_from_db()
    assert profile.major == "Economics"


def test_the_profile_reads_in_a_constant_number_of_queries(api, signed_in_profile, django_assert_num_queries):
    signed_in_profile.skills.set([SkillFactory(name=f"Skill {n}") for n in range(20)])
    # session, user, the profile (twice: the page helper, then afresh for the answer), its skills (twice) and
    # the latest request for an unlisted university.
    with django_assert_num_queries(7):
        api.get(PROFILE)


# --- The résumé ---------------------------------------------------------------------------------------------


def test_a_pdf_resume_is_stored_privately_and_replaced(
    api, signed_in_profile, private_media, django_capture_on_commit_callbacks
):
    response = api.put(RESUME, {"resume": pdf_upload("First.pdf")}, format="multipart")
    assert response.status_code == 200
    resume = response.json()["resume"]
    assert resume["file_name"].endswith(".pdf")
    assert (
        resume["url"] == f"http://testserver{reverse('students:resume', args=[signed_in_profile.public_id])}"
    )
    assert len(stored_files(private_media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        api.put(RESUME, {"resume": pdf_upload("Second.pdf")}, format="multipart")
    assert [path.name for path in stored_files(private_media)] == ["Second.pdf"]


def test_the_student_downloads_their_own_resume_through_the_api(api, signed_in_profile, private_media):
    assert api.get(RESUME).status_code == 404
    uploaded = api.put(RESUME, {"resume": pdf_upload("Mine.pdf")}, format="multipart").json()["resume"]
    assert uploaded["download_url"] == f"http://testserver{RESUME}"
    response = api.get(RESUME, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_file_that_is_not_a_pdf_is_refused_and_nothing_is_stored(api, signed_in_profile, private_media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("cv.pdf", png_bytes(), content_type="application/pdf")
    response = api.put(RESUME, {"resume": fake}, format="multipart")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["resume"]
    assert stored_files(private_media) == []
    signed_in_profile.refresh_from_db()
    assert not signed_in_profile.resume


def test_a_resume_must_be_sent_as_a_file(api, signed_in_profile):
    response = api.put(RESUME, {"resume": "text"}, format="multipart")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["resume"]
    assert api.put(RESUME, {"resume": "x"}, format="json").status_code == 415


def test_deleting_the_resume(api, signed_in_profile, private_media, django_capture_on_commit_callbacks):
    api.put(RESUME, {"resume": pdf_upload()}, format="multipart")
    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(RESUME)
    assert response.status_code == 200
    assert response.json()["resume"] is None
    assert stored_files(private_media) == []
    assert api.delete(RESUME).status_code == 200


# --- The export ---------------------------------------------------------------------------------------------


def test_the_export_is_the_same_document_as_the_export_page(api, signed_in_profile):
    ApplicationFactory(student=signed_in_profile)
    ApplicationFactory()
    body = api.get(EXPORT).json()
    reauthenticate(api)  # the page asks for the password again; the API's token or session does not
    page = api.get(reverse("students:export")).json()
    for document in (body, page):
        document["meta"].pop("lastModified")
        document["marketplace"].pop("exportedAt")
    assert body == page
    assert len(body["marketplace"]["applications"]) == 1
    assert body["basics"]["email"] == signed_in_profile.user.email
