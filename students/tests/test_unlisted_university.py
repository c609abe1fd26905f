"""A student whose university is not on the platform yet: they name it at sign-up, on the profile or in the
API, which asks for it to be added (for the domain of their address); they see how the request stands."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import User
from students.factories import StudentProfileFactory
from students.selectors import student_profile_progress
from students.services import (
    student_profile_create,
    student_university_choose,
    student_university_name,
    student_university_request,
)
from tests.errors import error_codes
from universities.models import UniversityRequest, UniversityRequestStatus

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase"
PROFILE_API = reverse("api-me-profile")


@pytest.fixture
def unlisted_student(db):
    """Uma, a new student at Lakeside College (lakeside.ac), which no career office has claimed."""
    user = UserFactory(student=True, email="uma@lakeside.ac", full_name="Uma Unlisted")
    return student_profile_create(user=user)


def sign_up(client, *, email: str, university: str = "", role: str = "student"):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": "Uma Unlisted",
            "email": email,
            "university": university,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "role": role,
        },
    )


# --- The service --------------------------------------------------------------------------------------------


def test_naming_an_unlisted_university_asks_for_it_for_the_email_domain(unlisted_student):
    request = student_university_request(profile=unlisted_student, name="  Lakeside   College ")
    assert (request.name, request.domain, request.status) == (
        "Lakeside College",
        "lakeside.ac",
        UniversityRequestStatus.PENDING,
    )
    assert request.requested_by == unlisted_student.user
    unlisted_student.refresh_from_db()
    assert unlisted_student.university_name == "Lakeside College" and not unlisted_student.is_verified


def test_asking_again_corrects_the_waiting_request_instead_of_adding_one(unlisted_student):
    student_university_request(profile=unlisted_student, name="Lakeside Colege")
    student_university_request(profile=unlisted_student, name="Lakeside College")
    assert list(UniversityRequest.objects.values_list("name", "status")) == [("Lakeside College", "pending")]


def test_saving_the_same_name_after_a_decline_asks_nothing_new(unlisted_student):
    request = student_university_request(profile=unlisted_student, name="Lakeside College")
    UniversityRequest.objects.filter(pk=request.pk).update(status=UniversityRequestStatus.DECLINED)
    assert student_university_request(profile=unlisted_student, name="Lakeside College").pk == request.pk
    assert UniversityRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("email", "name", "code"),
    [
        ("uma@lakeside.ac", "North University", "university_listed"),  # listed: choose it instead
        ("uma@cs.north.edu", "Lakeside College", "domain_listed"),  # confirming the address verifies
    ],
)
def test_a_request_is_refused_when_the_platform_knows_the_university(north, email, name, code):
    profile = student_profile_create(user=UserFactory(student=True, email=email))
    with pytest.raises(ValidationError) as caught:
        student_university_request(profile=profile, name=name)
    assert error_codes(caught.value) == {"university_name": [code]}
    assert not UniversityRequest.objects.exists()


def test_a_verified_student_asks_for_nothing():
    profile = StudentProfileFactory()
    with pytest.raises(ValidationError) as caught:
        student_university_request(profile=profile, name="Lakeside College")
    assert error_codes(caught.value) == {"university_name": ["already_verified"]}


def test_a_listed_name_links_the_student_and_clears_the_unlisted_one(unlisted_student, north):
    student_university_request(profile=unlisted_student, name="Lakeside College")
    assert student_university_name(profile=unlisted_student, name="north university") is None
    unlisted_student.refresh_from_db()
    assert unlisted_student.university == north and unlisted_student.university_name == ""
    student_university_choose(profile=unlisted_student, university=None)
    unlisted_student.refresh_from_db()
    assert unlisted_student.university is None


def test_a_named_university_completes_the_university_check_of_the_profile(unlisted_student):
    missing = lambda: student_profile_progress(profile=unlisted_student).steps[0].missing  # noqa: E731
    assert "your university" in missing()
    student_university_request(profile=unlisted_student, name="Lakeside College")
    assert "your university" not in missing()


# --- Sign-up, through allauth's real pages ------------------------------------------------------------------


def test_sign_up_offers_the_listed_universities(client, north):
    content = client.get(reverse("account_signup") + "?role=student").content.decode()
    assert 'list="signup-universities"' in content
    assert '<option value="North University">' in content


def test_a_student_signs_up_with_an_unlisted_university_and_asks_for_it(client):
    response = sign_up(client, email="uma@lakeside.ac", university="Lakeside College")
    assert response.status_code == 302
    user = User.objects.get(email="uma@lakeside.ac")
    profile = user.student_profile
    assert profile.university is None and profile.university_name == "Lakeside College"
    request = UniversityRequest.objects.get(requested_by=user)
    assert (request.name, request.domain) == ("Lakeside College", "lakeside.ac")

    link = re.search(r"https?://testserver(\S*/accounts/confirm-email/\S*)", mail.outbox[-1].body)
    client.post(link.group(1))
    profile.refresh_from_db()
    assert not profile.is_verified  # nobody has claimed lakeside.ac yet
    content = client.get(reverse("students:dashboard")).content.decode()
    assert "You asked for <strong>Lakeside College</strong>" in content
    assert "Waiting" in content
    assert "You can apply to public projects meanwhile" in content


def test_a_student_naming_a_listed_university_at_sign_up_is_linked(client, north):
    sign_up(client, email="uma@gmail.example", university="North University")
    profile = User.objects.get(email="uma@gmail.example").student_profile
    assert profile.university == north and not profile.is_verified
    assert not UniversityRequest.objects.exists()


def test_a_student_on_a_listed_domain_is_verified_by_confirming_whatever_they_typed(client, north):
    sign_up(client, email="uma@north.edu", university="Some Other College")
    assert not UniversityRequest.objects.exists()
    link = re.search(r"https?://testserver(\S*/accounts/confirm-email/\S*)", mail.outbox[-1].body)
    client.post(link.group(1))
    profile = User.objects.get(email="uma@north.edu").student_profile
    assert profile.university == north and profile.is_verified


def test_an_employer_signing_up_asks_for_no_university(client):
    sign_up(client, email="boss@lakeside-bikes.example", university="Lakeside College", role="employer")
    assert not UniversityRequest.objects.exists()


def test_a_too_short_university_name_is_shown_on_the_sign_up_form(client):
    response = sign_up(client, email="uma@lakeside.ac", university="L")
    assert response.status_code == 200
    assert "at least 2 characters" in response.content.decode()
    assert not User.objects.filter(email="uma@lakeside.ac").exists()


# --- The profile's university step --------------------------------------------------------------------------


def _step(client, **data):
    return client.post(
        reverse("students:profile_step", args=["university"]),
        {"major": "Economics", "graduation_year": 2027, "then": "overview", **data},
    )


def test_the_university_step_asks_for_an_unlisted_university(client, unlisted_student):
    client.force_login(unlisted_student.user)
    response = _step(client, university="", university_name="Lakeside College")
    assert response.status_code == 302
    assert UniversityRequest.objects.get().name == "Lakeside College"
    content = client.get(reverse("students:profile")).content.decode()
    assert "Lakeside College" in content and "Waiting" in content
    step = client.get(reverse("students:profile_step", args=["university"])).content.decode()
    assert 'value="Lakeside College"' in step


def test_the_university_step_refuses_a_list_choice_and_a_name_together(client, unlisted_student, north):
    client.force_login(unlisted_student.user)
    response = _step(client, university=north.pk, university_name="Lakeside College")
    assert response.status_code == 200
    assert "not both" in response.content.decode()
    assert not UniversityRequest.objects.exists()


def test_the_university_step_shows_the_services_refusal_inline(client, north):
    profile = student_profile_create(user=UserFactory(student=True, email="uma@north.edu"))
    client.force_login(profile.user)
    response = _step(client, university="", university_name="Lakeside College")
    assert response.status_code == 200
    assert "Your address is on North University" in response.content.decode()


# --- The API ------------------------------------------------------------------------------------------------


def test_the_api_names_an_unlisted_university_and_shows_the_request(api, unlisted_student):
    api.force_login(unlisted_student.user)
    body = api.patch(PROFILE_API, {"university_name": "Lakeside College"}, format="json").json()
    assert body["is_verified"] is False
    assert body["university"] is None and body["university_name"] == "Lakeside College"
    assert body["university_request"]["name"] == "Lakeside College"
    assert body["university_request"]["domain"] == "lakeside.ac"
    assert body["university_request"]["status"] == "pending"


def test_the_api_answers_400_with_the_field_error(api, north):
    profile = student_profile_create(user=UserFactory(student=True, email="uma@north.edu"))
    api.force_login(profile.user)
    response = api.patch(PROFILE_API, {"university_name": "Lakeside College"}, format="json")
    assert response.status_code == 400
    assert "university_name" in response.json()["errors"]
    assert not UniversityRequest.objects.exists()


def test_a_verified_student_is_shown_no_request(api):
    profile = StudentProfileFactory()
    api.force_login(profile.user)
    body = api.get(PROFILE_API).json()
    assert body["is_verified"] is True and body["university_request"] is None
