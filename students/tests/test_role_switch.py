"""Correcting the account type chosen at sign-up (students/role_switch.py and /accounts/type/)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import Role
from applications.factories import ApplicationFactory
from employers.factories import EmployerMemberFactory
from projects.factories import ProjectFactory, SkillFactory
from projects.models import SavedProject
from students.models import StudentProfile
from students.role_switch import account_role_switch, account_role_switch_allowed
from students.services import student_profile_create
from students.views_signup import ROLE_SWITCH_OFFER_SESSION_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_student(student):
    """Alice as sign-up leaves her: a student account with an empty profile."""
    student_profile_create(user=student)
    return student


def test_a_new_student_becomes_an_employer_and_loses_the_empty_profile(new_student):
    account_role_switch(user=new_student, to_role=Role.EMPLOYER)

    new_student.refresh_from_db()
    assert new_student.role == Role.EMPLOYER
    assert not StudentProfile.objects.filter(user=new_student).exists()


def test_a_new_employer_becomes_a_student_with_an_empty_profile(employer_user):
    account_role_switch(user=employer_user, to_role=Role.STUDENT)

    employer_user.refresh_from_db()
    assert employer_user.role == Role.STUDENT
    assert StudentProfile.objects.get(user=employer_user).university is None


def test_switching_back_and_forth_is_allowed_while_unused(new_student):
    account_role_switch(user=new_student, to_role=Role.EMPLOYER)
    account_role_switch(user=new_student, to_role=Role.STUDENT)

    assert new_student.role == Role.STUDENT
    assert StudentProfile.objects.filter(user=new_student).count() == 1


def test_switching_to_the_current_role_changes_nothing(new_student):
    profile = new_student.student_profile

    account_role_switch(user=new_student, to_role=Role.STUDENT)

    assert StudentProfile.objects.get(user=new_student).pk == profile.pk


def test_it_refuses_an_unknown_role(new_student):
    with pytest.raises(ValidationError):
        account_role_switch(user=new_student, to_role=Role.CAREER_STAFF)
    with pytest.raises(ValidationError):
        account_role_switch(user=new_student, to_role="admin")


def _apply(user):
    ApplicationFactory(student=user.student_profile)


def _save_a_project(user):
    SavedProject.objects.create(student=user.student_profile, project=ProjectFactory(published=True))


def _add_a_skill(user):
    user.student_profile.skills.add(SkillFactory())


def _write_a_bio(user):
    StudentProfile.objects.filter(user=user).update(bio="I like data.")


@pytest.mark.parametrize("use", [_apply, _save_a_project, _add_a_skill, _write_a_bio])
def test_a_student_account_in_use_stays_a_student(new_student, use):
    use(new_student)

    assert not account_role_switch_allowed(user=new_student)
    with pytest.raises(ValidationError, match="already"):
        account_role_switch(user=new_student, to_role=Role.EMPLOYER)
    new_student.refresh_from_db()
    assert new_student.role == Role.STUDENT
    assert StudentProfile.objects.filter(user=new_student).exists()


def test_an_employer_with_an_organisation_stays_an_employer(employer_user):
    EmployerMemberFactory(user=employer_user)

    with pytest.raises(ValidationError, match="already been used"):
        account_role_switch(user=employer_user, to_role=Role.STUDENT)
    employer_user.refresh_from_db()
    assert employer_user.role == Role.EMPLOYER


def test_staff_accounts_never_switch(db):
    staff = UserFactory(career_staff=True)
    admin = UserFactory(is_staff=True, is_superuser=True, employer=True)

    assert not account_role_switch_allowed(user=staff)
    assert not account_role_switch_allowed(user=admin)


# --- The page ------------------------------------------------------------------------------------------


def test_the_page_switches_a_new_account_and_ends_the_offer(client, new_student):
    client.force_login(new_student)
    session = client.session
    session[ROLE_SWITCH_OFFER_SESSION_KEY] = Role.STUDENT
    session.save()
    assert "Wrong account type? Switch to employer" in client.get(reverse("students:dashboard")).text

    response = client.post(reverse("account_type"), {"role": Role.EMPLOYER})

    assert response.status_code == 302
    assert response["Location"] == reverse("employers:dashboard")
    new_student.refresh_from_db()
    assert new_student.role == Role.EMPLOYER
    assert ROLE_SWITCH_OFFER_SESSION_KEY not in client.session


def test_keeping_the_role_ends_the_offer(client, new_student):
    client.force_login(new_student)
    session = client.session
    session[ROLE_SWITCH_OFFER_SESSION_KEY] = Role.STUDENT
    session.save()

    response = client.post(reverse("account_type"), {"action": "keep"})

    assert response.status_code == 302
    assert ROLE_SWITCH_OFFER_SESSION_KEY not in client.session
    assert "Wrong account type" not in client.get(reverse("students:dashboard")).text
    new_student.refresh_from_db()
    assert new_student.role == Role.STUDENT


def test_the_page_explains_why_a_used_account_cannot_switch(client, new_student):
    _apply(new_student)
    client.force_login(new_student)

    page = client.get(reverse("account_type"))
    assert "already in use" in page.text
    assert "Switch to employer" not in page.text

    response = client.post(reverse("account_type"), {"role": Role.EMPLOYER}, follow=True)
    assert "already in use" in response.text
    new_student.refresh_from_db()
    assert new_student.role == Role.STUDENT


def test_a_bad_role_in_the_post_is_a_message_not_an_error(client, new_student):
    client.force_login(new_student)

    response = client.post(reverse("account_type"), {"role": "superuser"}, follow=True)

    assert response.status_code == 200
    assert "Choose a student or an employer account." in response.text


def test_the_page_needs_a_signed_in_user(client):
    response = client.get(reverse("account_type"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
