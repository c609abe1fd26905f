"""The role dashboards say what to do next from what the user has already done."""

import pytest
from django.urls import reverse

from employers.factories import EmployerMemberFactory
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


def test_an_employer_member_sees_their_organisation_instead_of_being_told_to_create_one(client):
    member = EmployerMemberFactory(employer__name="Brightlane Analytics")
    client.force_login(member.user)
    content = client.get(reverse("employers:dashboard")).content.decode()
    assert "Brightlane Analytics" in content
    assert "Create your organisation" not in content


def test_a_verified_student_sees_their_university(client):
    profile = StudentProfileFactory(university__name="Northfield University")
    client.force_login(profile.user)
    content = client.get(reverse("students:dashboard")).content.decode()
    assert "Verified student of Northfield University" in content
    assert "Complete your profile" in content  # no skills yet


def test_an_unverified_student_is_told_how_to_get_verified(client):
    profile = StudentProfileFactory(unverified=True)
    client.force_login(profile.user)
    content = client.get(reverse("students:dashboard")).content.decode()
    assert "Not verified yet" in content
