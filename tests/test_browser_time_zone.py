"""The time-zone select in a real browser under the site's strict CSP: a new organisation starts in the
browser's own zone, typing a city narrows the list and picks it, and without JavaScript it is a plain select.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.factories import DEFAULT_PASSWORD
from employers.models import Employer
from tests.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def open_org_form(browser, live_server, email: str, **context_options):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", **context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}{reverse('account_login')}")
    main = page.get_by_role("main")
    main.get_by_label("Email").fill(email)
    main.get_by_label("Password").fill(DEFAULT_PASSWORD)
    main.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}{reverse('employers:org_create')}")
    return context, page, problems


def test_typing_a_city_picks_its_zone_under_the_strict_csp(live_server, browser, employer_user):
    context, page, problems = open_org_form(
        browser, live_server, employer_user.email, timezone_id="Asia/Tokyo"
    )
    try:
        select = page.locator("select#id_time_zone")
        expect(select).to_have_value("Asia/Tokyo")

        search = page.get_by_label("Find your time zone: type a city or a country")
        search.fill("berl")
        expect(select).to_have_value("Europe/Berlin")
        expect(page.get_by_role("status")).to_contain_text("Berlin — Germany")
        assert select.locator("option").count() == 1

        search.fill("")
        assert select.locator("option").count() > 400
        expect(select).to_have_value("Europe/Berlin")

        page.set_viewport_size(PHONE)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.set_viewport_size(DESKTOP)

        search.fill("zzzz")
        expect(page.get_by_role("status")).to_contain_text("No time zone matches")
        expect(select).to_have_value("Europe/Berlin")

        page.get_by_label("Organisation name").fill("Acme")
        page.get_by_role("button", name="Create organisation").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Acme")
        assert Employer.objects.get(name="Acme").time_zone == "Europe/Berlin"
        assert not problems, problems
    finally:
        context.close()


def test_without_javascript_the_zone_is_a_plain_grouped_select(live_server, browser, employer_user):
    context, page, _problems = open_org_form(
        browser, live_server, employer_user.email, java_script_enabled=False
    )
    try:
        assert page.get_by_label("Find your time zone: type a city or a country").count() == 0
        select = page.locator("select#id_time_zone")
        expect(select).to_have_value("UTC")
        select.select_option("America/Argentina/Buenos_Aires")
        page.get_by_label("Organisation name").fill("Acme")
        page.get_by_role("button", name="Create organisation").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Acme")
        assert Employer.objects.get(name="Acme").time_zone == "America/Argentina/Buenos_Aires"
    finally:
        context.close()
