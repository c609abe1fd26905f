"""The site header for every role, in a real browser at 390, 768, 1024 and 1280 px.

Signed out the header is the brand and two links. Signed in, from 960 px, the role's links stand beside the
brand and a notifications bell and an "Account" menu (a <details>: Profile, Saved projects, settings, Admin,
Log out) sit at the right; under 960 px all of it folds into a "Menu" button (a <details> too, so both open
with JavaScript off) whose list lays the account menu open. Each role's header must fit without horizontal
overflow, stay one row (under 80 px tall) when closed, and open its menus on a click, with and without
JavaScript. Screenshots land in tests/screenshots/header-*.png.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.factories import UserFactory, totp_code
from courses.factories import FacultyProfileFactory
from employers.factories import EmployerFactory, EmployerMemberFactory
from notifications.models import NotificationKind
from notifications.services import Notice, notify
from students.factories import StudentProfileFactory
from tests.conftest import SCREENSHOT_DIR
from tests.journey import log_in, nav
from tests.test_browser_admin import AXE, serious_violations
from universities.factories import UniversityFactory
from universities.services import career_staff_add

pytestmark = pytest.mark.browser

WIDTHS = (390, 768, 1024, 1280)
FOLDS_UNDER = 960
HEADER = "() => document.querySelector('.site-header').getBoundingClientRect().height"
PAGE_WIDTH = "() => document.documentElement.scrollWidth"
# The nav's own overflow: what it would need against what it has (0 against 0 while folded away).
NAV_OVERFLOW = "() => { const n = document.querySelector('.main-nav'); return n.scrollWidth - n.clientWidth }"
# Every item of the row on one line: their vertical middles (links, bell, account button) within 4 px.
NAV_ONE_ROW = """() => {
  const mids = [...document.querySelectorAll('.nav-links > li, .nav-tools > li')]
    .map(li => { const r = li.getBoundingClientRect(); return r.top + r.height / 2; });
  return Math.max(...mids) - Math.min(...mids) < 4;
}"""
NAV_BESIDE_BRAND = """() => {
  const brand = document.querySelector('.brand').getBoundingClientRect();
  const links = document.querySelector('.nav-links').getBoundingClientRect();
  return links.top < brand.bottom && links.left >= brand.right;
}"""
# The role's links end before the bell and the account menu start (a squeezed list would overlap them).
LINKS_CLEAR = """() => document.querySelector('.nav-links').getBoundingClientRect().right + 8
  <= document.querySelector('.nav-tools').getBoundingClientRect().left"""
PANEL_INSIDE = "() => document.querySelector('.account-panel').getBoundingClientRect().right <= innerWidth"
# A name longer than most: it shows only in the account menu, so the row must not care.
LONG_NAME = "Maximiliana Alexandra Featherstonehaugh-Worthington"


def _sign_in(page: Page, base_url: str, role: str) -> str:
    """Sign in as `role`; the path of a page of theirs that uses the site's layout."""
    if role == "anonymous":
        return reverse("home")
    if role == "student":
        user = StudentProfileFactory(user__email="sam@example.org", user__full_name=LONG_NAME).user
        notice = Notice(kind=NotificationKind.NEW_MATCH, key="header", title="A new match")
        notify(user_ids=[user.pk], notice=notice)
        path = reverse("students:dashboard")
    elif role == "employer":
        user = UserFactory(employer=True, email="erin@example.org", full_name="Erin Employer")
        EmployerMemberFactory(user=user, employer=EmployerFactory(name="Brightside Analytics"))
        path = reverse("employers:dashboard")
    elif role == "faculty":
        user = FacultyProfileFactory(user__email="fay@uni.example.edu", user__full_name="Fay Faculty").user
        path = reverse("courses:dashboard")
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


def _check_folded(page: Page, role: str, width: int) -> None:
    """Under the breakpoint: "Menu" opens one list holding every link, the account menu's too."""
    toggle = page.locator(".nav-toggle")
    expect(toggle).to_be_visible()
    expect(nav(page)).to_be_hidden()
    toggle.click()
    expect(nav(page)).to_be_visible()
    expect(nav(page).get_by_role("link", name="Notifications")).to_be_visible()
    expect(nav(page).get_by_role("link", name="Account settings")).to_be_visible()
    expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()
    expect(page.locator(".account-toggle")).to_be_hidden()
    assert page.evaluate(PAGE_WIDTH) <= width, f"{role}'s open menu at {width}px overflows"
    assert page.evaluate(NAV_OVERFLOW) <= 0, f"{role}'s open menu at {width}px is wider than itself"
    page.screenshot(path=SCREENSHOT_DIR / f"header-{role}-{width}-open.png")
    page.keyboard.press("Escape")
    expect(nav(page)).to_be_hidden()
    expect(toggle).to_be_focused()


def _check_row(page: Page, role: str, width: int) -> None:
    """From the breakpoint: one row beside the brand, and an account menu that opens inside the window."""
    expect(nav(page)).to_be_visible()
    assert page.evaluate(NAV_OVERFLOW) <= 0, f"{role}'s nav overflows itself at {width}px"
    if role == "anonymous":
        return
    expect(page.locator(".nav-toggle")).to_be_hidden()
    assert page.evaluate(NAV_ONE_ROW), f"{role}'s links wrap at {width}px"
    assert page.evaluate(NAV_BESIDE_BRAND), f"{role}'s links fall under the brand at {width}px"
    assert page.evaluate(LINKS_CLEAR), f"{role}'s links run into the account menu at {width}px"
    logout = nav(page).get_by_role("button", name="Log out")
    expect(logout).to_be_hidden()
    page.locator(".account-toggle").click()
    expect(logout).to_be_visible()
    expect(nav(page).get_by_role("link", name="Account settings")).to_be_visible()
    assert page.evaluate(PANEL_INSIDE), f"{role}'s account menu at {width}px runs off the window"
    page.screenshot(path=SCREENSHOT_DIR / f"header-{role}-{width}-account.png")
    page.keyboard.press("Escape")
    expect(logout).to_be_hidden()
    expect(page.locator(".account-toggle")).to_be_focused()


ROLES = ["anonymous", "student", "employer", "faculty", "career_staff", "site_admin"]


@pytest.mark.parametrize("role", ROLES)
def test_each_roles_header_fits_on_one_row_at_every_width(live_server, page, role):
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    path = _sign_in(page, live_server.url, role)
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        page.screenshot(path=SCREENSHOT_DIR / f"header-{role}-{width}.png")
        assert page.evaluate(PAGE_WIDTH) <= width, f"{role} at {width}px overflows"
        assert page.evaluate(HEADER) < 80, f"{role}'s header at {width}px is {page.evaluate(HEADER)}px tall"
        if role != "anonymous" and width < FOLDS_UNDER:
            _check_folded(page, role, width)
        else:
            _check_row(page, role, width)


@pytest.mark.parametrize("role", ["student", "employer"])
def test_the_nav_fits_at_1024_and_390_with_its_menus_open(live_server, page, role):
    """The nav needs no more width than it has, and the page none more than the window, with each menu open;
    axe finds nothing serious in the header either way."""
    page.context.add_init_script(path=str(AXE))
    path = _sign_in(page, live_server.url, role)
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    for width, toggle in ((1024, ".account-toggle"), (390, ".nav-toggle")):
        page.set_viewport_size({"width": width, "height": 844})
        page.locator(toggle).click()
        expect(nav(page).get_by_role("button", name="Log out")).to_be_visible()
        assert page.evaluate(NAV_OVERFLOW) <= 0, f"{role}'s nav overflows at {width}px"
        assert width < FOLDS_UNDER or page.evaluate(LINKS_CLEAR), f"{role}'s links are squeezed at {width}px"
        assert page.evaluate(PAGE_WIDTH) <= width, f"{role}'s page scrolls sideways at {width}px"
        assert not serious_violations(page), f"{role} at {width}px: {serious_violations(page)}"
        page.locator(toggle).click()
        expect(nav(page).get_by_role("button", name="Log out")).to_be_hidden()


def test_the_menus_open_without_javascript(browser, live_server):
    StudentProfileFactory(user__email="nojs@example.org")
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server.url, email="nojs@example.org")
        page.goto(f"{live_server.url}{reverse('students:dashboard')}")
        expect(nav(page)).to_be_hidden()
        page.locator(".nav-toggle").click()
        expect(nav(page).get_by_role("link", name="Find projects")).to_be_visible()
        expect(nav(page).get_by_role("link", name="Saved projects")).to_be_visible()
        page.screenshot(path=SCREENSHOT_DIR / "header-student-390-open-nojs.png")
        page.locator(".nav-toggle").click()
        expect(nav(page)).to_be_hidden()

        page.set_viewport_size({"width": 1024, "height": 844})
        expect(nav(page).get_by_role("link", name="Find projects")).to_be_visible()
        expect(nav(page).get_by_role("link", name="Saved projects")).to_be_hidden()
        page.locator(".account-toggle").click()
        nav(page).get_by_role("link", name="Saved projects").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.url.endswith(reverse("projects:saved"))
    finally:
        context.close()
