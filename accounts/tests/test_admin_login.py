"""The Django admin login goes through allauth: same rate limits, same email confirmation."""

import pytest
from django.urls import reverse

from accounts.factories import DEFAULT_PASSWORD, UserFactory, totp_code

pytestmark = pytest.mark.django_db


def test_the_admin_login_page_hands_over_to_the_protected_login(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_posting_a_password_to_the_admin_login_does_not_log_in(client):
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    response = client.post(reverse("admin:login"), {"username": admin.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated


def test_the_admin_login_is_rate_limited_like_every_login(client):
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    login_url = reverse("account_login") + "?next=" + reverse("admin:index")
    for _ in range(10):
        client.post(login_url, {"login": admin.email, "password": "wrong"})
    response = client.post(login_url, {"login": admin.email, "password": DEFAULT_PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_staff_reach_the_admin_after_logging_in(client):
    admin = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    login_url = reverse("account_login") + "?next=" + reverse("admin:index")
    response = client.post(login_url, {"login": admin.email, "password": DEFAULT_PASSWORD})
    assert response.url == reverse("mfa_authenticate")  # staff are enrolled in MFA (accounts/test_mfa.py)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.url == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_logged_in_student_is_refused_the_admin(client, student):
    client.force_login(student)
    assert client.get(reverse("admin:login")).status_code == 403
