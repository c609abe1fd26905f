"""Before deciding, in a real browser: an employer member messages an applicant from the applicant page
(htmx swaps the card in place), the student replies on their application page, the member accepts, and the
conversation is in the engagement's thread. Screenshots at 1280 and 390 px go to the test's tmp folder."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from applications.factories import ApplicationFactory
from employers.factories import EmployerMemberFactory
from projects.factories import ProjectFactory
from students.factories import StudentProfileFactory
from tests.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def _signed_in(browser, live_server, user):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context.new_page()


def _shoot(page, folder: Path, name: str) -> None:
    assert page.locator("h1").count() == 1
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"{name} is {width}px wide at {viewport['width']}px"
        page.screenshot(path=folder / f"{name}-{viewport['width']}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_a_conversation_before_the_decision_carries_over(browser, live_server, transactional_db, tmp_path):
    membership = EmployerMemberFactory(user__full_name="Maya Manager")
    project = ProjectFactory(
        employer=membership.employer, published=True, openings=1, title="Survey clean-up"
    )
    student = StudentProfileFactory(user__full_name="Sam Student")
    application = ApplicationFactory(project=project, student=student)
    base = live_server.url

    employer = _signed_in(browser, live_server, membership.user)
    employer.goto(base + reverse("manage:applicant", kwargs={"public_id": application.public_id}))
    card = employer.locator("#messages")
    card.get_by_label("Your message").fill("Could we have a 15-minute call on Tuesday?")
    card.get_by_role("button", name="Send a message").click()
    expect(employer.locator("#messages [role=status]")).to_have_text("Message sent.")
    expect(employer.locator("#messages .activity-message")).to_have_count(1)
    assert "/applicants/" in employer.url  # htmx swapped the card in place
    _shoot(employer, tmp_path, "applicant-thread")

    student_page = _signed_in(browser, live_server, student.user)
    student_page.goto(base + reverse("applications:detail", kwargs={"public_id": application.public_id}))
    expect(student_page.locator("#messages")).to_contain_text("Could we have a 15-minute call")
    student_page.locator("#messages").get_by_label("Your message").fill("Tuesday at 10 works for me.")
    student_page.locator("#messages").get_by_role("button", name="Send").click()
    expect(student_page.locator("#messages .activity-message")).to_have_count(2)
    _shoot(student_page, tmp_path, "application-thread")

    employer.reload()
    expect(employer.locator("#messages")).to_contain_text("Tuesday at 10 works for me.")
    employer.locator("summary", has_text="Accept").click()
    employer.get_by_role("button", name="Yes, accept Sam").click()
    for _ in range(50):
        application.refresh_from_db()
        if application.status == "accepted":
            break
        employer.wait_for_timeout(100)
    assert application.status == "accepted"

    employer.goto(
        base + reverse("engagements:detail", kwargs={"public_id": application.engagement.public_id})
    )
    thread = employer.locator("#activity-thread")
    expect(thread).to_contain_text("Could we have a 15-minute call on Tuesday?")
    expect(thread).to_contain_text("Tuesday at 10 works for me.")
    _shoot(employer, tmp_path, "engagement-thread")
    print(f"screenshots in {tmp_path}")
