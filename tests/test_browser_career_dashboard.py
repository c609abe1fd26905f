"""The career office's dashboard in a real browser at 1280 px and 390 px: its figures, what waits on the
office and the links into the admin, fitting the screen, with no console or CSP error. Screenshots land in
the test's temporary directory."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from reports.management import bench_data
from tests.conftest import DESKTOP, PHONE
from tests.test_browser_reports import WIDTHS, console_error, sign_in_career_staff

pytestmark = pytest.mark.browser

TINY = bench_data.Sizes(students=80, applications=400, employers=6, projects=30)


def test_career_staff_see_their_term_and_what_waits_on_them(live_server, page, tmp_path):
    bench_data.seed(TINY, say=lambda message: None)
    problems: list[str] = []
    page.on("console", lambda message: console_error(message, problems))
    sign_in_career_staff(page, live_server.url)
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.goto(live_server.url + reverse("universities:dashboard"))
        expect(page.get_by_role("heading", name="Waiting on you")).to_be_visible()
        expect(page.locator(".report-headline-figure").first).to_be_visible()
        assert page.locator(".report-headline-figure").count() >= 6
        page_width, body_width = page.evaluate(WIDTHS)
        assert max(page_width, body_width) <= viewport["width"], f"{name}: {page_width}px wide"
        page.screenshot(path=tmp_path / f"career-dashboard-{name}.png", full_page=True)
        page.get_by_role("link", name="Participation funnel").click()
        expect(page.get_by_role("heading", name="Participation funnel")).to_be_visible()
    print("screenshots in", tmp_path)
    assert problems == []
