"""Two-factor authentication in the browser: a career-office staff member's first login, forced to set up an
authenticator app before the admin opens; a student's optional passkey, then a login with the passkey alone.

The code is computed in the test from the secret the page shows, as an authenticator app would (RFC 6238).
Screenshots land in tests/screenshots/ (git-ignored) for a human to look at.
"""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from playwright.sync_api import expect

from accounts.factories import DEFAULT_PASSWORD, UserFactory, totp_code
from accounts.models import Role
from students.factories import StudentProfileFactory
from tests.journey import h1, log_in
from universities.factories import UniversityFactory
from universities.services import career_staff_add

pytestmark = pytest.mark.browser


def test_career_staff_enrol_with_an_authenticator_app_and_reach_the_admin(live_server, page, screenshot):
    university = UniversityFactory(name="North University")
    carol = UserFactory(role=Role.CAREER_STAFF, email="carol@north.edu", full_name="Carol Career")
    career_staff_add(user=carol, university=university)

    page.goto(f"{live_server.url}{reverse('admin:index')}")
    log_in(page, live_server.url, email=carol.email)
    # Enrolment changes the account's security: the password is asked again first.
    expect(h1(page)).to_have_text("Confirm your password")
    screenshot("mfa-reauthenticate")
    page.get_by_role("main").get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    expect(h1(page)).to_have_text("Set up an authenticator app")
    expect(page.get_by_text("Staff accounts need two-factor authentication")).to_be_visible()
    expect(page.get_by_role("img", name="QR code")).to_be_visible()
    screenshot("mfa-enrol")
    secret = page.get_by_label("Secret key").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    expect(h1(page)).to_have_text("Recovery codes")
    assert len(page.get_by_label("Unused codes").input_value().split()) == 10
    screenshot("mfa-recovery-codes")
    page.get_by_role("link", name="Continue to the administration").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('admin:index')}")
    expect(page.get_by_role("link", name="Partnerships")).to_be_visible()
    page.screenshot(path="tests/screenshots/mfa-admin-1280.png", full_page=True)

    # The next login asks for the code.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('admin:index')}")
    log_in(page, live_server.url, email=carol.email)
    expect(h1(page)).to_have_text("Two-factor authentication")
    screenshot("mfa-authenticate")
    page.get_by_label("Authenticator or recovery code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('universities:dashboard')}")
    page.goto(f"{live_server.url}{reverse('admin:index')}")
    expect(page.get_by_role("link", name="Partnerships")).to_be_visible()


def test_a_student_adds_a_passkey_and_logs_in_with_it_alone(live_server, page, screenshot):
    """Chromium's virtual authenticator (DevTools WebAuthn domain) stands in for the phone or security key."""
    profile = StudentProfileFactory(user__email="maya@north.edu")
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    log_in(page, live_server.url, email=profile.user.email)
    page.goto(f"{live_server.url}{reverse('account_change_password')}")
    settings_tabs = page.get_by_role("navigation", name="Account settings")
    settings_tabs.get_by_role("link", name="Two-factor authentication").click()
    expect(h1(page)).to_have_text("Two-factor authentication")
    screenshot("mfa-index")
    page.get_by_role("link", name="Add a passkey").click()
    page.get_by_role("main").get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Confirm").click()

    page.get_by_label("Name").fill("Laptop")
    page.get_by_label("Passwordless").check()
    screenshot("mfa-passkey-add")
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text("Security key added.")).to_be_visible()
    assert Authenticator.objects.filter(user=profile.user, type=Authenticator.Type.WEBAUTHN).count() == 1

    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('account_login')}")
    page.get_by_role("button", name="Use a passkey instead").click()
    expect(page).to_have_url(f"{live_server.url}{reverse('students:dashboard')}")
