"""The calendar feed in a real browser: a student finds "Your calendar" from the dashboard, copies the
address with the Copy button, the copied address serves their events to a calendar app, and resetting the
address stops the old one. Screenshots at 1280 and 390 px go to the test's own tmp folder."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from playwright.sync_api import expect

from projects.factories import ProjectFactory
from projects.models import SavedProject
from tests.conftest import DESKTOP, PHONE
from tests.engagement_world import make_engagement_world

pytestmark = pytest.mark.browser


def _signed_in_context(browser, live_server, user):
    context = browser.new_context(
        viewport=DESKTOP, locale="en-GB", permissions=["clipboard-read", "clipboard-write"]
    )
    context.set_default_timeout(10_000)
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def _shoot(page, folder: Path, name: str) -> list[Path]:
    """Full-page screenshots at both widths, checking one h1 and no sideways scrolling on the way."""
    assert page.locator("h1").count() == 1
    shots = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name} is {width}px wide at {viewport['width']}px"
        path = folder / f"{name}-{viewport['width']}.png"
        page.screenshot(path=path, full_page=True)
        shots.append(path)
    page.set_viewport_size(DESKTOP)
    return shots


def _events(page, url: str) -> list:
    response = page.request.get(url)
    assert response.status == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.body()).walk("VEVENT")


def test_a_student_finds_copies_and_resets_their_calendar_address(live_server, browser, tmp_path):
    world = make_engagement_world(milestones=2)
    saved = ProjectFactory(published=True, title="Survey design for a library")
    SavedProject.objects.create(student=world.engagement.student, project=saved)
    context = _signed_in_context(browser, live_server, world.student)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    try:
        page.goto(f"{live_server.url}{reverse('students:dashboard')}")
        page.get_by_role("link", name="Your calendar").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your calendar")
        address = page.get_by_label("Calendar address", exact=True)
        url = address.input_value()
        assert url.startswith(f"{live_server.url}/calendar/") and url.endswith(".ics")
        webcal = page.get_by_role("link", name="open it in Calendar")
        assert webcal.get_attribute("href") == "webcal://" + url.split("://", 1)[1]

        page.get_by_role("button", name="Copy").click()
        expect(page.get_by_role("status")).to_have_text("Copied to the clipboard.")
        assert page.evaluate("navigator.clipboard.readText()") == url
        shots = _shoot(page, tmp_path, "calendar-page")

        summaries = {str(event["SUMMARY"]) for event in _events(page, url)}
        assert "Applications close: Survey design for a library" in summaries
        assert sum(summary.startswith("Milestone due:") for summary in summaries) == 2

        page.get_by_role("button", name="Reset the address").click()
        expect(page.get_by_text("Your calendar has a new address")).to_be_visible()
        new_url = page.get_by_label("Calendar address", exact=True).input_value()
        assert new_url != url
        shots += _shoot(page, tmp_path, "calendar-page-reset")
        assert page.request.get(url).status == 404
        assert len(_events(page, new_url)) >= 3
        assert all(shot.stat().st_size > 0 for shot in shots)
        assert not problems, problems
    finally:
        context.close()


def test_an_employer_reaches_the_calendar_from_the_dashboard_on_a_phone(live_server, browser, tmp_path):
    world = make_engagement_world(milestones=1)
    context = _signed_in_context(browser, live_server, world.employer)
    page = context.new_page()
    try:
        page.set_viewport_size(PHONE)
        page.goto(f"{live_server.url}{reverse('employers:dashboard')}")
        page.get_by_role("main").get_by_role("link", name="Calendar", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your calendar")
        _shoot(page, tmp_path, "calendar-page-employer")
        summaries = {
            str(event["SUMMARY"])
            for event in _events(page, page.get_by_label("Calendar address", exact=True).input_value())
        }
        assert any(summary.startswith("Kickoff: ") and "Sam Student" in summary for summary in summaries)
    finally:
        context.close()
