"""Sign-up → confirm → login → logout → password reset, through HTTP, for each self-service role."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.factories import DEFAULT_PASSWORD, UserFactory, totp_code
from accounts.models import Role, User

pytestmark = pytest.mark.django_db

ROLE_DASHBOARDS = [
    (Role.STUDENT, "students:dashboard", "Complete your profile"),
    (Role.EMPLOYER, "employers:dashboard", "Create your organisation"),
]


def link_in_last_email(path_fragment: str) -> str:
    body = mail.outbox[-1].body
    match = re.search(rf"https?://testserver(\S*{path_fragment}\S*)", body)
    assert match, f"no link with {path_fragment!r} in:\n{body}"
    return match.group(1)


def sign_up(client, *, email: str, role: Role):
    return client.post(
        reverse("account_signup"),
        {
            "full_name": "New Person",
            "email": email,
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "role": role.value,
        },
    )


@pytest.mark.parametrize(("role", "dashboard", "next_step"), ROLE_DASHBOARDS)
def test_a_new_user_signs_up_confirms_logs_in_out_and_resets_password(client, role, dashboard, next_step):
    email = f"new-{role.value}@example.org"

    response = sign_up(client, email=email, role=role)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email=email)
    assert user.role == role
    assert user.full_name == "New Person"
    assert not client.get(reverse("dashboard")).wsgi_request.user.is_authenticated

    # Confirming the address logs the user in and lands on the role's own dashboard.
    confirm_url = link_in_last_email("/accounts/confirm-email/")
    response = client.post(confirm_url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(dashboard)
    assert next_step in response.content.decode()
    assert user.emailaddress_set.get().verified

    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated

    response = client.post(
        reverse("account_login"), {"login": email, "password": "a-long-unusual-passphrase"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(dashboard)
    client.post(reverse("account_logout"))

    # Password reset by email link.
    client.post(reverse("account_reset_password"), {"email": email})
    reset_url = link_in_last_email("/accounts/password/reset/key/")
    response = client.get(reset_url)  # allauth moves the key into the session and redirects
    set_url = response.url
    response = client.post(
        set_url, {"password1": "another-fine-passphrase", "password2": "another-fine-passphrase"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("account_login"), {"login": email, "password": "another-fine-passphrase"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse(dashboard)


def test_an_unconfirmed_user_cannot_log_in(client):
    UserFactory(email="pending@example.org", email_address__verified=False)
    response = client.post(
        reverse("account_login"), {"login": "pending@example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_sign_up_refuses_a_role_that_is_not_self_service(client):
    response = sign_up(client, email="sneaky@example.org", role=Role.CAREER_STAFF)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(email="sneaky@example.org").exists()


def test_sign_up_with_a_taken_email_reveals_nothing_and_warns_the_owner(client, student):
    """Enumeration protection: the page looks like any sign-up; the owner is told by email."""
    response = sign_up(client, email=student.email, role=Role.EMPLOYER)
    assert response.status_code == 302
    assert User.objects.filter(email=student.email).count() == 1
    assert User.objects.get(email=student.email).role == Role.STUDENT
    assert mail.outbox[-1].to == [student.email]
    assert "already" in mail.outbox[-1].body


def test_an_invalid_sign_up_re_renders_with_errors_and_keeps_the_input(client):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "New Person",
            "email": "new@example.org",
            "password1": "short",
            "password2": "other",
            "role": "student",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "errorlist" in content
    assert 'value="New Person"' in content
    assert 'value="new@example.org"' in content
    assert not User.objects.filter(email="new@example.org").exists()


def _log_in(client, *, email: str, password: str, ip: str):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_login_is_refused_past_the_failed_attempts_limit_of_an_address(client, student):
    for _ in range(10):
        response = _log_in(client, email=student.email, password="wrong", ip="203.0.113.7")
        assert response.status_code == 200
        assert "not correct" in response.content.decode()
    response = _log_in(client, email=student.email, password=DEFAULT_PASSWORD, ip="203.0.113.7")
    assert "Too many failed login attempts" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_an_attacker_locked_out_on_one_address_does_not_lock_out_the_owner(client, student):
    """An hour's worth of wrong passwords from one address (all it may send) leaves the account open
    everywhere else: the per-account ceiling is above what one address can reach."""
    for _ in range(70):
        _log_in(client, email=student.email, password="wrong", ip="203.0.113.7")
    refused = _log_in(client, email=student.email, password=DEFAULT_PASSWORD, ip="203.0.113.7")
    assert refused.status_code in (200, 429)
    assert not refused.wsgi_request.user.is_authenticated

    owner = _log_in(client, email=student.email, password=DEFAULT_PASSWORD, ip="198.51.100.20")
    assert owner.status_code == 302
    assert owner.wsgi_request.user == student


def test_wrong_passwords_from_many_addresses_meet_a_per_account_ceiling(client, student):
    for attempt in range(300):
        _log_in(client, email=student.email, password="wrong", ip=f"10.0.{attempt // 200}.{attempt % 200}")
    response = _log_in(client, email=student.email, password=DEFAULT_PASSWORD, ip="198.51.100.20")
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.parametrize(
    ("fixture", "dashboard"),
    [
        ("student", "students:dashboard"),
        ("employer_user", "employers:dashboard"),
        ("career_staff_user", "universities:dashboard"),
    ],
)
def test_each_role_lands_on_its_own_dashboard(client, request, fixture, dashboard):
    user = request.getfixturevalue(fixture)
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}, follow=True
    )
    if user.is_staff:  # staff are enrolled in MFA: the code comes second
        assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code()}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(dashboard)
    assert response.status_code == 200


def test_a_role_dashboard_sends_other_roles_to_their_own(client, student):
    client.force_login(student)
    response = client.get(reverse("employers:dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("students:dashboard")


def test_dashboards_send_the_anonymous_to_login(client):
    for name in ["dashboard", "students:dashboard", "employers:dashboard", "universities:dashboard"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))
