"""A student signs up, confirms the address, logs out and back in, in a real browser.

Every locator goes by role or label, so the test also proves the forms are labelled. Screenshots of each
page at 1280 px and 390 px land in tests/screenshots/ (git-ignored) for a human to look at.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.factories import DEFAULT_PASSWORD
from tests.journey import account_menu

pytestmark = pytest.mark.browser

PASSWORD = "a-long-unusual-passphrase"


def path_in(email_body: str, prefix: str) -> str:
    """The path of the link in an email, so the browser can open it on live_server whatever host it names."""
    match = re.search(rf"https?://[^/\s]+({prefix}\S+)", email_body)
    assert match, f"no {prefix} link in:\n{email_body}"
    return match.group(1)


def log_in(page, *, email: str, password: str) -> None:
    form = page.get_by_role("main")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(password)
    form.get_by_role("button", name="Log in").click()


def test_a_student_signs_up_confirms_logs_out_and_back_in(live_server, page, screenshot, mailoutbox):
    dashboard_url = f"{live_server.url}{reverse('students:dashboard')}"

    page.goto(live_server.url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Real work")
    screenshot("home")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    screenshot("home-skip-link-focused")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1, name="Create your account")).to_be_visible()
    screenshot("signup")

    page.get_by_label("Full name").fill("Dana Student")
    page.get_by_label("Email").fill("dana@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    expect(page.locator("#id_department")).to_be_visible()  # no account type chosen yet
    page.get_by_role("radio", name="Student").check()
    expect(page.get_by_role("heading", level=1, name="Create your student account")).to_be_visible()
    expect(page.locator("#id_department")).to_be_hidden()  # faculty only
    page.get_by_role("main").get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    screenshot("verification-sent")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["dana@example.org"]

    page.goto(live_server.url + path_in(mailoutbox[0].body, "/accounts/confirm-email/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    screenshot("confirm-email")
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(dashboard_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Dana")
    expect(page.get_by_text("Complete your profile")).to_be_visible()
    screenshot("dashboard")

    account_menu(page).get_by_role("button", name="Log out").click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    screenshot("login")
    log_in(page, email="dana@example.org", password=PASSWORD)

    expect(page).to_have_url(dashboard_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Dana")


def test_the_account_pages_share_the_site_layout(live_server, page, screenshot, student, mailoutbox):
    """The other allauth pages, with and without errors, logged out and logged in."""
    page.goto(f"{live_server.url}{reverse('account_signup')}")
    page.get_by_label("Full name").fill("Alice Again")
    page.get_by_label("Email").fill(student.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill("something-else-entirely")
    page.get_by_role("radio", name="Student").check()
    page.get_by_role("main").get_by_role("button", name="Create account").click()
    expect(page.get_by_text("You must type the same password each time.")).to_be_visible()
    screenshot("signup-errors")

    page.goto(f"{live_server.url}{reverse('account_login')}")
    log_in(page, email=student.email, password="not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("password you specified are not correct")
    page.get_by_label("Email").focus()
    screenshot("login-errors")

    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    screenshot("password-reset-logged-out")
    page.get_by_label("Email").fill(student.email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    screenshot("password-reset-done")
    page.goto(live_server.url + path_in(mailoutbox[-1].body, "/accounts/password/reset/key/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    expect(page.get_by_label("Confirm new password")).to_be_visible()
    screenshot("password-reset-from-key")

    page.goto(f"{live_server.url}{reverse('account_login')}")
    log_in(page, email=student.email, password=DEFAULT_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}{reverse('students:dashboard')}")

    account_menu(page).get_by_role("link", name="Account settings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    expect(page.get_by_label("Current password")).to_be_visible()
    screenshot("password-change")

    page.goto(f"{live_server.url}{reverse('account_email')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Email addresses")
    screenshot("email-addresses")

    page.goto(f"{live_server.url}{reverse('account_reset_password')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    screenshot("password-reset-logged-in")

    page.goto(f"{live_server.url}{reverse('account_logout')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log out")
    screenshot("logout")
    page.get_by_role("main").get_by_role("button", name="Log out").click()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible()
