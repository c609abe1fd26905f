"""Courses in a real browser, at 1280 px and 390 px: a faculty member signs up with their university
address and waits; North's career office confirms them in the admin; they create a course; a student joins
by its code; the faculty member sees the student on the course page.

Screenshots land in the test's own pytest tmp dir (courses-*-1280.png and -390.png), checked on the way for
one h1 and nothing wider than the viewport.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accounts.factories import UserFactory
from accounts.models import Role
from courses.models import Course, FacultyProfile
from students.factories import StudentProfileFactory
from tests.conftest import DESKTOP, PHONE
from universities.factories import UniversityFactory
from universities.services import career_staff_add

pytestmark = pytest.mark.browser

PASSWORD = "a-long-unusual-passphrase"


def _session_of(page, live_server, user) -> None:
    """Hand the browser a session of `user` (the admin's MFA step is proven by the accounts tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _shoot(page, folder: Path, name: str, problems: list[str]) -> None:
    if page.locator("h1").count() != 1:
        problems.append(f"{name}: {page.locator('h1').count()} h1 elements")
    for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            problems.append(f"{name} is {width}px wide at {label}px")
        page.screenshot(path=folder / f"courses-{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_faculty_sign_up_get_confirmed_create_a_course_and_see_a_student_join(
    live_server, page, second_page, mailoutbox, tmp_path
):
    problems: list[str] = []
    north = UniversityFactory(name="North University", slug="north", domain="north.edu")
    carol = UserFactory(role=Role.CAREER_STAFF, email="carol@north.edu", mfa=True)
    career_staff_add(user=carol, university=north)
    student = StudentProfileFactory(
        user=UserFactory(student=True, email="ella@north.edu", full_name="Ella Enrolled"), university=north
    )

    # The faculty member signs up with a North address, and confirms it.
    page.goto(live_server.url + reverse("account_signup"))
    page.get_by_role("radio", name="Faculty").check()
    page.get_by_label("Full name").fill("Nora North")
    page.get_by_label("Email").fill("nora@north.edu")
    page.get_by_label("Department").fill("Business School")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    _shoot(page, tmp_path, "signup", problems)
    page.get_by_role("main").get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mailoutbox[0].body).group(1)
    page.goto(live_server.url + link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your faculty account is waiting for confirmation"
    )
    expect(page.get_by_role("main")).to_contain_text("North University")
    _shoot(page, tmp_path, "waiting", problems)

    # North's career office confirms her in the admin.
    admin_page = second_page
    _session_of(admin_page, live_server, carol)
    admin_page.goto(live_server.url + reverse("admin:courses_facultyprofile_changelist") + "?confirmed=no")
    row = admin_page.get_by_role("row").filter(has_text="nora@north.edu")
    row.get_by_role("checkbox").check()
    admin_page.get_by_label("Action:").select_option(label="Confirm the selected faculty")
    admin_page.get_by_role("button", name="Go").click()
    expect(admin_page.get_by_text("1 faculty member confirmed.")).to_be_visible()
    _shoot(admin_page, tmp_path, "admin-confirmed", problems)
    assert FacultyProfile.objects.get(user__email="nora@north.edu").confirmed_by == carol

    # Confirmed, she creates a course.
    page.goto(live_server.url + reverse("dashboard"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My courses")
    page.get_by_role("main").get_by_role("link", name="New course").click()
    page.get_by_label("Course code").fill("BUS 301")
    page.get_by_label("Title").fill("Consulting practicum")
    page.get_by_label("Term starts").fill("2026-09-01")
    page.get_by_label("Term ends").fill("2027-06-30")
    page.get_by_label("Credits available").fill("5")
    page.get_by_label("Expected hours of project work").fill("40")
    page.get_by_label("Learning outcomes").fill("Scope a client's problem\nPresent findings to the client")
    page.get_by_label("Communication").check()
    page.get_by_label("Time management").check()
    _shoot(page, tmp_path, "new-course", problems)
    page.get_by_role("button", name="Create course").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("BUS 301 Consulting practicum")
    expect(page.get_by_role("main")).to_contain_text("No student has joined yet.")
    code = page.locator("#join-code").inner_text()
    assert code == Course.objects.get().join_code

    # A student joins with the code.
    student_page = admin_page.context.browser.new_context(viewport=DESKTOP, locale="en-GB").new_page()
    _session_of(student_page, live_server, student.user)
    student_page.goto(live_server.url + reverse("courses:mine"))
    student_page.get_by_label("Join code").fill(code.lower())
    student_page.get_by_role("button", name="Join").click()
    expect(student_page.get_by_role("heading", level=1)).to_have_text("BUS 301 Consulting practicum")
    expect(student_page.get_by_role("main")).to_contain_text("Log 40 hours of project work")
    _shoot(student_page, tmp_path, "student-course", problems)
    student_page.context.close()

    # The faculty member sees her on the course page.
    page.reload()
    students = page.get_by_role("table")
    expect(students).to_contain_text("Ella Enrolled")
    expect(students).to_contain_text("0 / 40")
    _shoot(page, tmp_path, "course-page", problems)
    print(f"screenshots in {tmp_path}")
    assert not problems, "\n".join(problems)
