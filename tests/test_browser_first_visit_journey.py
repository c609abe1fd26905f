"""A first visit from start to finish in Chromium: signed out on the home page, the visitor finds a project
(its card, then the public search), signs up from its "Apply" and, once the address is confirmed, lands back
on the same project able to apply. axe (tests/vendor/axe.min.js, injected as an init script, outside the
CSP) finds no serious or critical violation on any page of the way, at 1280 px and, for the home page, the
search, the project and the signed-in header closed and open, at 390 px. Screenshots land in
tests/screenshots/first-visit-journey-*.png.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from employers.factories import EmployerFactory
from projects.factories import ProjectFactory
from tests.conftest import DESKTOP, PHONE, SCREENSHOT_DIR
from tests.journey import h1, nav
from tests.test_browser_admin import AXE, serious_violations
from universities.factories import UniversityFactory

pytestmark = pytest.mark.browser

PASSWORD = "a-long-unusual-passphrase"
TITLE = "Map the cycle lanes of the old town"


def _check(page: Page, name: str, problems: list[str]) -> None:
    """axe on the page as it stands, then a full-page screenshot named after the page and the width."""
    width = page.viewport_size["width"]
    problems += [f"{name} at {width}px: {v}" for v in serious_violations(page)]
    if page.evaluate("document.documentElement.scrollWidth") > width:
        problems.append(f"{name} is wider than {width}px")
    page.screenshot(path=SCREENSHOT_DIR / f"first-visit-journey-{name}-{width}.png", full_page=True)


def _check_at_both_widths(page: Page, name: str, problems: list[str]) -> None:
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        _check(page, name, problems)


def test_a_visitor_finds_a_project_signs_up_from_it_and_lands_back_on_it(live_server, page, mailoutbox):
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    page.context.add_init_script(path=str(AXE))
    UniversityFactory(name="North University", slug="north", domain="north.edu")
    project = ProjectFactory(
        employer=EmployerFactory(name="Brightlane Cartography"),
        published=True,
        title=TITLE,
        summary="Walk and map the cycle lanes for our route planner.",
    )
    ProjectFactory(published=True, title="Survey the campus cafés")
    project_url = f"{live_server.url}{reverse('projects:detail', args=[project.public_id])}"
    problems: list[str] = []

    page.goto(live_server.url)
    expect(h1(page)).to_contain_text("Real work")
    expect(nav(page).get_by_role("link", name="Log in")).to_be_visible()
    _check_at_both_widths(page, "home", problems)

    page.get_by_role("main").get_by_role("link", name=TITLE).click()
    expect(h1(page)).to_have_text(TITLE)
    page.get_by_role("link", name="Find projects").click()
    expect(page.get_by_role("heading", level=1, name="Find a project")).to_be_visible()
    page.get_by_role("searchbox").fill("cycle")
    page.get_by_role("search").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"[?&]q=cycle"))
    expect(page.locator(".result-card")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    _check_at_both_widths(page, "search", problems)

    page.get_by_role("link", name=TITLE).click()
    expect(page).to_have_url(project_url)
    expect(h1(page)).to_have_text(TITLE)
    page.wait_for_load_state("networkidle")
    _check_at_both_widths(page, "project", problems)

    page.get_by_role("main").get_by_role("link", name="Apply", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Create your student account")).to_be_visible()
    expect(page.get_by_role("radio", name="Student")).to_be_checked()
    _check(page, "signup", problems)
    page.get_by_label("Full name").fill("Dana Student")
    page.get_by_label("Email").fill("dana@north.edu")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Create account").click()

    expect(h1(page)).to_have_text("Check your email")
    _check(page, "verification-sent", problems)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["dana@north.edu"]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mailoutbox[0].body)
    assert link, mailoutbox[0].body
    page.goto(f"{live_server.url}{link.group(1)}")
    expect(h1(page)).to_have_text("Confirm your email address")
    _check(page, "confirm-email", problems)
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(project_url)
    expect(h1(page)).to_have_text(TITLE)
    expect(page.get_by_role("main").get_by_role("link", name="Apply now")).to_be_visible()
    expect(nav(page).get_by_role("link", name="My applications")).to_be_attached()
    page.wait_for_load_state("networkidle")
    _check(page, "project-signed-in", problems)

    page.set_viewport_size(PHONE)
    expect(nav(page)).to_be_hidden()
    _check(page, "header-closed", problems)
    page.locator(".nav-toggle").click()
    expect(nav(page).get_by_role("link", name="Find projects")).to_be_visible()
    _check(page, "header-open", problems)

    assert not problems, "\n".join(problems)
