"""Student profiles: created at sign-up, verified by a university address or by the career office."""

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.factories import UserFactory
from students.factories import StudentProfileFactory
from students.models import StudentProfile
from students.services import (
    student_profile_create,
    student_unverify,
    student_verify,
    student_verify_from_email,
)
from universities.factories import CareerStaffFactory, UniversityFactory

pytestmark = pytest.mark.django_db


def test_profile_create_is_idempotent(student):
    profile = student_profile_create(user=student)
    assert student_profile_create(user=student) == profile
    assert StudentProfile.objects.count() == 1
    assert profile.university is None and not profile.is_verified


def test_profile_create_refuses_other_roles(employer_user):
    with pytest.raises(ValidationError) as error:
        student_profile_create(user=employer_user)
    assert error.value.code == "not_a_student"


# --- Verification by a confirmed university address ---------------------------------------------------------


def test_a_confirmed_address_on_a_subdomain_verifies_and_links_the_student():
    university = UniversityFactory(domain="uni.edu")
    user = UserFactory(student=True, email="ada@cs.uni.edu")
    profile = student_verify_from_email(user=user, email="Ada@CS.uni.edu")
    assert profile.university == university
    assert profile.verified_at is not None
    assert profile.verified_by is None
    assert profile.is_verified


def test_verifying_again_changes_nothing():
    UniversityFactory(domain="uni.edu")
    user = UserFactory(student=True, email="ada@uni.edu")
    first = student_verify_from_email(user=user, email=user.email)
    assert student_verify_from_email(user=user, email=user.email).verified_at == first.verified_at


def test_an_address_on_no_university_domain_leaves_the_student_unverified(student):
    UniversityFactory(domain="uni.edu")
    assert student_verify_from_email(user=student, email=student.email) is None
    assert not StudentProfile.objects.filter(user=student, verified_at__isnull=False).exists()


def test_an_unconfirmed_address_is_refused():
    UniversityFactory(domain="uni.edu")
    user = UserFactory(student=True, email="ada@uni.edu", email_address__verified=False)
    with pytest.raises(ValidationError) as error:
        student_verify_from_email(user=user, email=user.email)
    assert error.value.code == "email_not_confirmed"


def test_someone_elses_address_is_refused(student):
    UniversityFactory(domain="uni.edu")
    UserFactory(email="ada@uni.edu")
    with pytest.raises(ValidationError):
        student_verify_from_email(user=student, email="ada@uni.edu")


def test_an_employer_confirming_a_university_address_is_left_alone():
    UniversityFactory(domain="uni.edu")
    user = UserFactory(employer=True, email="hr@uni.edu")
    assert student_verify_from_email(user=user, email=user.email) is None
    assert not StudentProfile.objects.exists()


def test_a_verified_student_is_not_moved_by_another_universitys_address():
    first = UniversityFactory(domain="first.edu")
    UniversityFactory(domain="second.edu")
    profile = StudentProfileFactory(university=first, user__email="ada@first.edu")
    EmailAddress.objects.create(user=profile.user, email="ada@second.edu", verified=True)
    assert student_verify_from_email(user=profile.user, email="ada@second.edu").university == first


# --- Verification by the career office ----------------------------------------------------------------------


def test_career_staff_verify_and_unverify_their_student():
    staff = CareerStaffFactory()
    profile = StudentProfileFactory(university=staff.university, unverified=True)

    verified = student_verify(profile=profile, by=staff.user)
    assert verified.verified_at is not None and verified.verified_by == staff.user
    assert student_verify(profile=profile, by=staff.user).verified_at == verified.verified_at

    unverified = student_unverify(profile=profile, by=staff.user)
    assert unverified.verified_at is None and unverified.verified_by is None
    assert unverified.university == staff.university  # still linked: the office can undo it
    assert student_unverify(profile=profile, by=staff.user).verified_at is None


@pytest.mark.parametrize("service", [student_verify, student_unverify])
def test_staff_of_another_university_may_not_verify(service):
    profile = StudentProfileFactory(unverified=True)
    with pytest.raises(PermissionDenied):
        service(profile=profile, by=CareerStaffFactory().user)


@pytest.mark.parametrize("service", [student_verify, student_unverify])
def test_a_student_may_not_verify_anyone(service, student):
    with pytest.raises(PermissionDenied):
        service(profile=StudentProfileFactory(unverified=True), by=student)


def test_a_superuser_may_verify_any_student_of_a_university():
    root = UserFactory(is_staff=True, is_superuser=True)
    assert student_verify(profile=StudentProfileFactory(unverified=True), by=root).is_verified


def test_a_student_without_a_university_cannot_be_verified(student):
    root = UserFactory(is_staff=True, is_superuser=True)
    profile = student_profile_create(user=student)
    with pytest.raises(ValidationError) as error:
        student_verify(profile=profile, by=root)
    assert error.value.code == "no_university"
    with pytest.raises(PermissionDenied):
        student_verify(profile=profile, by=CareerStaffFactory().user)
