"""A 40-character email address fits a 390 px phone on every page that shows it: "Check your email" after a
login before confirming, the confirm-email page, and the "You're logged in as …" message."""

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.urls import reverse
from playwright.sync_api import expect

from accounts.factories import DEFAULT_PASSWORD
from students.factories import StudentProfileFactory
from tests.conftest import PHONE

pytestmark = pytest.mark.browser

LONG_EMAIL = "wilhelmina.montgomery-wojciechowsk@mw.uk"


def assert_fits(page, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width}px wide at {PHONE['width']}px"
    # Nothing in the page sticks out of its own box either (an overflow clipped by a parent still hides text).
    sticking_out = page.evaluate(
        """() => [...document.querySelectorAll("main *")]
            .filter((el) => el.scrollWidth > el.clientWidth + 1)
            .filter((el) => getComputedStyle(el).overflowX === "visible")
            .map((el) => el.tagName + "." + el.className)"""
    )
    assert not sticking_out, f"{name}: {sticking_out}"


def log_in(page, base: str) -> None:
    page.goto(f"{base}{reverse('account_login')}")
    main = page.get_by_role("main")
    main.get_by_label("Email").fill(LONG_EMAIL)
    main.get_by_label("Password").fill(DEFAULT_PASSWORD)
    main.get_by_role("button", name="Log in").click()


def test_a_long_email_address_never_overflows_a_phone(live_server, page):
    assert len(LONG_EMAIL) == 40
    profile = StudentProfileFactory(
        user__email=LONG_EMAIL, user__full_name="", user__email_address__verified=False
    )
    page.set_viewport_size(PHONE)

    log_in(page, live_server.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_role("main")).to_contain_text(LONG_EMAIL)
    assert_fits(page, "check your email")

    address = EmailAddress.objects.get(user=profile.user)
    page.goto(
        f"{live_server.url}{reverse('account_confirm_email', args=[EmailConfirmationHMAC(address).key])}"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    expect(page.get_by_role("main")).to_contain_text(LONG_EMAIL)
    assert_fits(page, "confirm your email")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")

    # On a phone the header's links are folded into its menu.
    page.get_by_role("banner").get_by_text("Menu", exact=True).click()
    page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()
    log_in(page, live_server.url)
    expect(page.get_by_text(f"You're logged in as {LONG_EMAIL}")).to_be_visible()
    assert_fits(page, "logged in as")
