"""A student is verified by confirming an address on a university domain, through allauth's real flow."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from students.models import StudentProfile
from universities.factories import UniversityFactory

pytestmark = pytest.mark.django_db


def sign_up_and_confirm(client, *, email: str, role: Role = Role.STUDENT) -> User:
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Ada Lovelace",
            "email": email,
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "role": role.value,
        },
    )
    assert response.status_code == 302
    match = re.search(r"https?://testserver(\S*/accounts/confirm-email/\S*)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    response = client.post(match.group(1))
    assert response.status_code == 302
    return User.objects.get(email=email)


def test_sign_up_creates_an_unverified_student_profile(client):
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Ada Lovelace",
            "email": "ada@cs.uni.edu",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "role": "student",
        },
    )
    profile = StudentProfile.objects.get(user__email="ada@cs.uni.edu")
    assert profile.university is None
    assert not profile.is_verified


def test_confirming_a_university_address_verifies_and_links_the_student(client):
    university = UniversityFactory(domain="uni.edu")
    user = sign_up_and_confirm(client, email="ada@cs.uni.edu")
    profile = user.student_profile
    assert profile.university == university
    assert profile.verified_at is not None
    assert profile.verified_by is None
    assert profile.is_verified


def test_confirming_another_address_leaves_the_student_unverified(client):
    UniversityFactory(domain="uni.edu")
    user = sign_up_and_confirm(client, email="ada@gmail.com")
    profile = user.student_profile
    assert profile.university is None
    assert not profile.is_verified


def test_an_employer_confirming_a_university_address_gets_no_student_profile(client):
    UniversityFactory(domain="uni.edu")
    user = sign_up_and_confirm(client, email="hr@uni.edu", role=Role.EMPLOYER)
    assert user.emailaddress_set.get().verified
    assert not StudentProfile.objects.filter(user=user).exists()
