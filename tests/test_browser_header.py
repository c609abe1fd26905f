"""The site header for every role, in a real browser at 390, 768 and 1280 px.

Signed out the header is the brand and two links; signed in, under 1152 px, the links fold into a "Menu"
button (a <details>, so it opens with JavaScript off too) and above it they stand in one row beside the brand.
Each role's header must fit without horizontal overflow, stay one row (under 80 px tall) when closed, and
open its menu on a click, with and without JavaScript. Screenshots land in tests/screenshots/.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from accounts.factories import UserFactory, totp_code
from employers.factories import EmployerFactory, EmployerMemberFactory
from students.factories import StudentProfileFactory
from tests.conftest import SCREENSHOT_DIR
from tests.journey import log_in, nav
from universities.factories import UniversityFactory
from universities.services import career_staff_add

pytestmark = pytest.mark.browser

WIDTHS = (390, 768, 1152, 1280)
HEADER = "() => document.querySelector('.site-header').getBoundingClientRect().height"
PAGE_WIDTH = "() => document.documentElement.scrollWidth"
# Every link of the nav on one line: the same top for all its items.
NAV_ROWS = "() => new Set([...document.querySelectorAll('.main-nav li')].map(li => li.offsetTop)).size"
NAV_BESIDE_BRAND = """() => {
  const brand = document.querySelector('.brand').getBoundingClientRect();
  const nav = document.querySelector('.main-nav').getBoundingClientRect();
  return nav.top < brand.bottom && nav.left >= brand.right;
}"""


def _sign_in(page, base_url: str, role: str) -> str:
    """Sign in as `role`; the path of a page of theirs that uses the site's layout."""
    if role == "anonymous":
        return reverse("home")
    if role == "student":
        user = StudentProfileFactory(user__email="sam@example.org", user__full_name="Sam Student").user
        path = reverse("students:dashboard")
    elif role == "employer":
        user = UserFactory(employer=True, email="erin@example.org", full_name="Erin Employer")
        EmployerMemberFactory(user=user, employer=EmployerFactory(name="Brightside Analytics"))
        path = reverse("employers:dashboard")
    elif role == "career_staff":
        user = UserFactory(career_staff=True, email="carol@uni.example.edu", full_name="Carol Career")
        career_staff_add(user=user, university=UniversityFactory())
        path = reverse("universities:dashboard")
    else:
        user = UserFactory(is_staff=True, is_superuser=True, email="ada@example.org", full_name="Ada Admin")
        path = reverse("notifications:centre")
    log_in(page, base_url, email=user.email)
    if user.is_staff:
        page.get_by_label("Authenticator or recovery code").fill(totp_code())
        page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return path


@pytest.mark.parametrize("role", ["anonymous", "student", "employer", "career_staff", "site_admin"])
def test_each_roles_header_fits_on_one_row_at_every_width(live_server, page, role):
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    path = _sign_in(page, live_server.url, role)
    page.goto(f"{live_server.url}{path}")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        page.screenshot(path=SCREENSHOT_DIR / f"header-{role}-{width}.png")
        assert page.evaluate(PAGE_WIDTH) <= width, f"{role} at {width}px overflows"
        assert page.evaluate(HEADER) < 80, f"{role}'s header at {width}px is {page.evaluate(HEADER)}px tall"
        folded = role != "anonymous" and width < 1152
        toggle = page.locator(".nav-toggle")
        if folded:
            expect(toggle).to_be_visible()
            expect(nav(page)).to_be_hidden()
            toggle.click()
            expect(nav(page)).to_be_visible()
            expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()
            assert page.evaluate(PAGE_WIDTH) <= width, f"{role}'s open menu at {width}px overflows"
            page.screenshot(path=SCREENSHOT_DIR / f"header-{role}-{width}-open.png")
            page.keyboard.press("Escape")
            expect(nav(page)).to_be_hidden()
        else:
            if role != "anonymous":
                expect(toggle).to_be_hidden()
            expect(nav(page)).to_be_visible()
            assert page.evaluate(NAV_ROWS) == 1, f"{role}'s links wrap at {width}px"
            assert page.evaluate(NAV_BESIDE_BRAND), f"{role}'s links fall under the brand at {width}px"


def test_the_menu_opens_without_javascript(browser, live_server):
    StudentProfileFactory(user__email="nojs@example.org")
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server.url, email="nojs@example.org")
        page.goto(f"{live_server.url}{reverse('students:dashboard')}")
        expect(nav(page)).to_be_hidden()
        page.locator(".nav-toggle").click()
        expect(nav(page).get_by_role("link", name="Find projects")).to_be_visible()
        page.screenshot(path=SCREENSHOT_DIR / "header-student-390-open-nojs.png")
        page.locator(".nav-toggle").click()
        expect(nav(page)).to_be_hidden()
    finally:
        context.close()
