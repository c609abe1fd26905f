"""A student deletes their account in a real browser: account settings, password again, confirmation."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.factories import DEFAULT_PASSWORD
from accounts.models import User
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.browser


def test_a_student_deletes_their_account(live_server, page, screenshot):
    profile = StudentProfileFactory(user__full_name="Erin Leaving", bio="Soon gone.")
    email = profile.user.email

    page.goto(f"{live_server.url}{reverse('account_login')}")
    main = page.get_by_role("main")
    main.get_by_label("Email").fill(email)
    main.get_by_label("Password").fill(DEFAULT_PASSWORD)
    main.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}{reverse('account_change_password')}")

    page.get_by_role("navigation", name="Account settings").get_by_role("link", name="Delete account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your password")
    page.get_by_role("main").get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    expect(page.get_by_role("heading", name="What is erased")).to_be_visible()
    screenshot("account-delete")
    page.get_by_role("button", name="Delete my account").click()

    expect(page.get_by_text("Your account has been deleted.")).to_be_visible()
    user = User.objects.get(pk=profile.user_id)
    assert not user.is_active and user.full_name == "A former student"
    assert user.email != email
