"""A first visit in a real browser: the home page with its figures and open projects, the sign-up that knows
who is coming, and the search page's filters, whose "Show projects" must be in sight at 1280 by 900 without
scrolling inside the panel. Screenshots land in tests/screenshots/ (first-visit-*.png)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from projects.factories import ProjectFactory
from students.factories import StudentProfileFactory
from tests.conftest import SCREENSHOT_DIR
from tests.journey import log_in

pytestmark = pytest.mark.browser

PAGE_WIDTH = "() => document.documentElement.scrollWidth"
# The button's box inside both the viewport and the panel's visible (scrolled) box.
BUTTON_IN_SIGHT = """() => {
  const button = [...document.querySelectorAll('.search-filters button')]
    .find(b => b.textContent.includes('Show projects'));
  const box = button.getBoundingClientRect();
  const panel = document.querySelector('.search-filters').getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight
    && box.top >= panel.top && box.bottom <= panel.bottom;
}"""


@pytest.fixture
def shots():
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    return lambda page, name: page.screenshot(path=SCREENSHOT_DIR / f"first-visit-{name}.png", full_page=True)


def test_the_home_page_reads_at_390_and_1280(live_server, page, shots):
    ProjectFactory(
        published=True, title="Clean our sales data and build a weekly dashboard for the Monday meeting"
    )
    ProjectFactory(published=True, title="Survey the campus cafés")
    page.goto(live_server.url)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        assert page.evaluate(PAGE_WIDTH) <= width
        expect(page.get_by_role("link", name="Survey the campus cafés")).to_be_visible()
        expect(page.get_by_text("Projects open now")).to_be_visible()
        shots(page, f"home-{width}")

    page.get_by_role("link", name="Post a project").click()
    expect(page.get_by_role("heading", level=1, name="Create your employer account")).to_be_visible()
    expect(page.get_by_role("radio", name="Employer")).to_be_checked()
    page.get_by_role("radio", name="Student").check()
    expect(page.get_by_role("heading", level=1, name="Create your student account")).to_be_visible()
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 844})
        assert page.evaluate(PAGE_WIDTH) <= width
        shots(page, f"signup-{width}")


def test_an_employer_who_meant_to_be_a_student_switches_before_using_the_account(
    live_server, page, shots, mailoutbox
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url)
    page.get_by_role("link", name="Post a project").first.click()
    page.get_by_label("Full name").fill("Robin Newcomer")
    page.get_by_label("Email").fill("robin@example.org")
    page.get_by_label("Password", exact=True).fill("a-long-unusual-passphrase")
    page.get_by_label("Confirm password").fill("a-long-unusual-passphrase")
    page.get_by_role("main").get_by_role("button", name="Create account").click()
    expect(page.get_by_text("You are creating an employer account.")).to_be_visible()

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mailoutbox[0].body).group(1)
    page.goto(f"{live_server.url}{link}")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("You signed up as an employer.")).to_be_visible()
    assert page.evaluate(PAGE_WIDTH) <= 390
    shots(page, "role-offer-390")

    page.get_by_role("button", name="Wrong account type? Switch to student").click()
    expect(page.get_by_text("Done: this is now a student account.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.get_by_text("You signed up as")).to_have_count(0)


def test_show_projects_is_in_sight_at_1280_by_900(live_server, browser):
    StudentProfileFactory(user__email="sam@example.org")
    for _ in range(3):
        ProjectFactory(published=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        log_in(page, live_server.url, email="sam@example.org")
        page.goto(f"{live_server.url}{reverse('projects:search')}")
        expect(page.locator(".search-filters")).to_have_attribute("open", "")
        button = page.locator(".search-filters").get_by_role("button", name="Show projects")
        expect(button).to_be_visible()
        page.screenshot(path=SCREENSHOT_DIR / "first-visit-search-1280x900.png")
        assert page.evaluate(BUTTON_IN_SIGHT), "Show projects is hidden until the panel is scrolled"
        page.mouse.wheel(0, 1500)
        page.wait_for_timeout(200)
        assert page.evaluate(BUTTON_IN_SIGHT), "Show projects is hidden once the page has scrolled"
    finally:
        context.close()
