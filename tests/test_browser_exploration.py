"""Career exploration in a real browser: the student's exploration page with its charts and their tables at
1280 and 390 px, and the future-hire loop: a member marks the student from the completed engagement, finds
them on the talent list, invites them to apply; the student declines, is invited again, and accepts (to the
project's apply page). Screenshots go to the test's own tmp folder."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from exploration.tests.world import make_exploration_world
from tests.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def _page_for(browser, live_server, user):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return context, page, problems


def _shoot(page, folder: Path, name: str) -> None:
    assert page.locator("h1").count() == 1
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name} is {width}px wide at {viewport['width']}px"
        page.screenshot(path=folder / f"{name}-{viewport['width']}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_exploration_charts_and_the_future_hire_loop(live_server, browser, tmp_path):
    xw = make_exploration_world()
    world = xw.world
    employer_context, member, member_problems = _page_for(browser, live_server, world.employer)
    student_context, student, student_problems = _page_for(browser, live_server, world.student)
    try:
        # The student's exploration: four charts, each followed by its data table.
        student.goto(f"{live_server.url}{reverse('students:dashboard')}")
        student.get_by_role("link", name="Career exploration").click()
        expect(student.get_by_role("heading", level=1)).to_have_text("Your career exploration")
        expect(student.locator("figure svg[role=img]")).to_have_count(4)
        expect(student.locator("figure table")).to_have_count(4)
        hours = student.locator("#hours table")
        expect(hours).to_contain_text("Data & analytics")
        expect(hours).to_contain_text("7.5")
        expect(student.get_by_role("link", name="Inventory scripts")).to_be_visible()
        _shoot(student, tmp_path, "exploration")

        # The member marks the student from the completed engagement.
        member.goto(f"{live_server.url}{reverse('engagements:detail', args=[world.engagement.public_id])}")
        member.get_by_role("link", name="Would you work with them again?").click()
        member.get_by_role("button", name="Add to our talent list").click()
        expect(member.get_by_role("heading", level=1)).to_contain_text("Talent list of")
        expect(member.get_by_role("heading", name="Sam Student")).to_be_visible()
        member.get_by_label("Message (optional)").fill("We loved your churn analysis.")
        member.get_by_role("button", name="Invite to apply").click()
        expect(member.get_by_text("Invitation to apply to Annual report copy sent.")).to_be_visible()
        expect(member.get_by_text("waiting for their answer")).to_be_visible()
        _shoot(member, tmp_path, "talent-list")

        # The student sees the invitation and the mark, and declines.
        student.reload()
        expect(student.get_by_text("would hire you again")).to_be_visible()
        expect(student.get_by_text("We loved your churn analysis.")).to_be_visible()
        _shoot(student, tmp_path, "exploration-invited")
        student.get_by_role("button", name="Decline").click()
        expect(student.get_by_text("You declined")).to_be_visible()
        expect(student.locator("#invitations .badge")).to_have_text("Declined")

        # Invited again, the student accepts and lands on the project's apply page.
        member.reload()
        member.get_by_role("button", name="Invite to apply").click()
        expect(member.get_by_text("waiting for their answer")).to_be_visible()
        student.reload()
        student.get_by_role("button", name="Accept and apply").click()
        expect(student).to_have_url(
            f"{live_server.url}{reverse('projects:apply', args=[xw.employer_open.public_id])}"
        )
        assert member_problems == [] and student_problems == []
    finally:
        employer_context.close()
        student_context.close()
