"""Notifications in a real browser, as the demo student: the header badge counts what is unread (filled in
by htmx after the page loads), the centre marks one read in place and the badge follows, "Mark all read"
empties it; then the settings page and the unsubscribe page an email links to. Screenshots at 1280 px and
390 px go to tests/screenshots/ as `notifications-<page>-<width>.png`."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import User
from notifications.models import Notification, NotificationKind
from notifications.services import Notice, notification_unsubscribe_token, notify
from tests.journey import account_menu

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "demo-password-2026"
NOTICES = [
    (
        NotificationKind.APPLICATION_STATUS,
        "You were shortlisted for “Clean our sales data”",
        "/applications/",
    ),
    (NotificationKind.MESSAGE, "New message from Brightside Analytics", "/engagements/"),
    (
        NotificationKind.NEW_MATCH,
        "A new project matches your skills: “Survey dashboard in Looker”",
        "/projects/",
    ),
]


def badge(page: Page):
    return page.locator("#notification-badge")


@pytest.fixture
def demo_student(transactional_db) -> User:
    call_command("seed_demo", "--scale", "0.1", verbosity=0)
    student = User.objects.get(email="student@demo.test")
    for n, (kind, title, url) in enumerate(NOTICES):
        notify(
            user_ids=[student.pk],
            notice=Notice(
                kind=kind, key=f"browser-test:{n}", title=title, body="Open it to see more.", url=url
            ),
        )
    return student


def test_the_demo_student_reads_their_notifications(live_server, page: Page, screenshot, demo_student):
    base = live_server.url
    unread = Notification.objects.filter(user=demo_student, read_at__isnull=True).count()
    assert unread >= len(NOTICES)

    page.goto(f"{base}{reverse('account_login')}")
    page.get_by_role("main").get_by_label("Email").fill("student@demo.test")
    page.get_by_role("main").get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").click()
    expect(badge(page)).to_have_text(f"{unread} unread")
    expect(page.get_by_role("link", name=f"Notifications {unread} unread")).to_be_visible()

    page.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    items = page.locator(".notification-item")
    expect(items.first).to_contain_text(NOTICES[-1][1])
    screenshot("notifications-centre")

    first = items.first
    first.get_by_role("button", name=re.compile("^Mark read")).click()
    expect(first).not_to_have_class(re.compile("is-unread"))
    expect(badge(page)).to_have_text(f"{unread - 1} unread")

    page.get_by_role("button", name="Mark all read").click()
    expect(page.get_by_role("status")).to_contain_text("as read")
    expect(page.locator(".notification-item.is-unread")).to_have_count(0)
    expect(badge(page)).to_have_text("")
    assert not Notification.objects.filter(user=demo_student, read_at__isnull=True).exists()
    screenshot("notifications-centre-read")

    page.get_by_role("link", name="Unread").click()
    expect(page.get_by_text("You are all caught up.")).to_be_visible()

    page.goto(f"{base}{reverse('notifications:settings')}")
    page.get_by_role("group", name="New messages in an engagement").get_by_label("Off").check()
    screenshot("notifications-settings")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("Your notification settings are saved.")
    expect(
        page.get_by_role("group", name="New messages in an engagement").get_by_label("Off")
    ).to_be_checked()

    account_menu(page).get_by_role("button", name="Log out").click()
    token = notification_unsubscribe_token(user_id=demo_student.pk, kinds=[NotificationKind.NEW_MATCH])
    page.goto(f"{base}{reverse('notifications:unsubscribe', kwargs={'token': token})}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Stop emails about “New projects that match you”?"
    )
    screenshot("notifications-unsubscribe")
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    screenshot("notifications-unsubscribed")
    page.get_by_role("button", name=re.compile("^Undo")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Emails are back on")
