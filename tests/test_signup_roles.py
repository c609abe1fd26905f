"""Sign-up that knows who is coming: the home page's "Post a project" opens an employer sign-up, "Find a
project" a student one; the choice is stated, required when the link does not make it, shown again after
sign-up, and can be corrected before the account is used. Through allauth's real flow and its emails."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from employers.models import EmployerMember
from students.models import StudentProfile

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase"


def _sign_up(client, *, email: str, role: str | None, query: str = ""):
    data = {"full_name": "Robin Newcomer", "email": email, "password1": PASSWORD, "password2": PASSWORD}
    if role is not None:
        data["role"] = role
    return client.post(reverse("account_signup") + query, data)


def _confirm(client):
    match = re.search(r"https?://testserver(\S*/accounts/confirm-email/\S*)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    page = client.get(match.group(1))
    response = client.post(match.group(1))
    assert response.status_code == 302
    return page


def test_the_home_page_sends_each_side_to_its_own_sign_up(client):
    page = client.get(reverse("home")).text

    assert f'href="{reverse("account_signup")}?role=employer">Post a project' in page
    assert f'href="{reverse("account_signup")}?role=student">Find a project' in page


def test_post_a_project_opens_an_employer_sign_up(client):
    page = client.get(reverse("account_signup") + "?role=employer").text

    assert "Create your <span" in page
    assert re.search(r'value="employer"[^>]*checked', page)
    assert not re.search(r'value="student"[^>]*checked', page)
    assert 'role-word-student role-word-off">student' in page
    assert 'role-word-employer">employer' in page


def test_without_a_role_in_the_link_nobody_is_preselected_and_the_choice_is_required(client):
    page = client.get(reverse("account_signup")).text
    assert "checked" not in page
    assert "Create your" in page

    response = _sign_up(client, email="robin@example.org", role=None)

    assert response.status_code == 200
    assert "Choose whether you are a student, an employer or faculty." in response.text
    assert not User.objects.filter(email="robin@example.org").exists()


def test_an_unknown_role_in_the_link_preselects_nothing(client):
    page = client.get(reverse("account_signup") + "?role=career_staff").text

    assert "checked" not in page


def test_an_employer_signs_up_confirms_and_lands_on_the_employer_dashboard(client):
    response = _sign_up(client, email="erin@example.org", role=Role.EMPLOYER, query="?role=employer")

    assert response.status_code == 302
    user = User.objects.get(email="erin@example.org")
    assert user.role == Role.EMPLOYER
    assert not StudentProfile.objects.filter(user=user).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["erin@example.org"]
    sent = client.get(response["Location"]).text
    assert "You are creating an <strong>employer</strong> account." in sent

    confirm_page = _confirm(client)
    assert "It belongs to an <strong>employer</strong> account." in confirm_page.text
    dashboard = client.get(reverse("dashboard"), follow=True)
    assert dashboard.redirect_chain[-1][0] == reverse("employers:dashboard")
    assert "You signed up as an <strong>employer</strong>." in dashboard.text
    assert "Switch to student" in dashboard.text


def test_a_student_signs_up_and_corrects_the_type_before_using_the_account(client):
    _sign_up(client, email="sam@example.org", role=Role.STUDENT, query="?role=student")
    user = User.objects.get(email="sam@example.org")
    assert user.role == Role.STUDENT
    assert StudentProfile.objects.filter(user=user).exists()
    _confirm(client)
    dashboard = client.get(reverse("dashboard"), follow=True)
    assert dashboard.redirect_chain[-1][0] == reverse("students:dashboard")
    assert "Wrong account type? Switch to employer" in dashboard.text

    response = client.post(reverse("account_type"), {"role": Role.EMPLOYER}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("employers:dashboard")
    assert "Done: this is now an employer account." in response.text
    assert "Wrong account type" not in response.text
    user.refresh_from_db()
    assert user.role == Role.EMPLOYER
    assert not StudentProfile.objects.filter(user=user).exists()
    assert not EmployerMember.objects.filter(user=user).exists()


def test_a_link_saying_employer_does_not_override_the_choice_made_in_the_form(client):
    _sign_up(client, email="maya@example.org", role=Role.STUDENT, query="?role=employer")

    assert User.objects.get(email="maya@example.org").role == Role.STUDENT
