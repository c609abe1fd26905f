"""The faculty course page on a 390 px phone: the enrolled students stack one under the other, each figure
with its column's name, long email addresses wrap at their "@" rather than mid-word, and nothing scrolls
sideways (neither the page nor the table inside its card). On the way, the "Adopt a project" section lists
nothing before a search and the match after one.

Screenshots at 1280 px and 390 px land in the test's tmp dir (`roster-<page>-<width>.png`).
"""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.factories import UserFactory
from courses.factories import CourseFactory, EnrolmentFactory, FacultyProfileFactory
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import HoursLog
from projects.factories import ProjectFactory
from students.factories import StudentProfileFactory
from tests.conftest import DESKTOP, PHONE
from tests.journey import h1, log_in
from universities.factories import UniversityFactory

pytestmark = pytest.mark.browser

LONG_EMAILS = (
    "wilhelmina.montgomery-wojciechowsk@mw.uk",
    "bartholomew.featherstonehaugh@students.north.edu",
    "ella@north.edu",
)
COLUMNS = ["Student", "Applications", "Engagements", "Hours", "Milestones late"]

# Per cell of the students' table: the column name its ::before shows.
CELL_LABELS = """() => [...document.querySelectorAll("#course-students tbody tr")].map((row) =>
    [...row.children].map((cell) => getComputedStyle(cell, "::before").content.replace(/^"|"$/g, "")))"""
# How many lines the part of each email before its "@" takes (1: it wrapped at the "@" or not at all).
LOCAL_PART_LINES = """() => [...document.querySelectorAll("#course-students .roster-email")].map((email) => {
    const range = document.createRange();
    range.selectNodeContents(email.firstChild);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
})"""


def _widths(page: Page) -> dict[str, int]:
    return page.evaluate(
        """() => {
            const scroller = document.querySelector("#course-students").closest(".table-scroll");
            return {page: document.documentElement.scrollWidth, table: scroller.scrollWidth,
                    card: scroller.clientWidth};
        }"""
    )


def _shoot(page: Page, folder: Path, name: str) -> None:
    for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=folder / f"roster-{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_the_roster_stacks_on_a_phone_and_adopting_starts_with_a_search(live_server, page, tmp_path):
    today = timezone.localdate()
    north = UniversityFactory(name="North University", slug="north", domain="north.edu")
    nora = FacultyProfileFactory(
        user=UserFactory(faculty=True, email="nora@north.edu", full_name="Nora North"), university=north
    )
    course = CourseFactory(created_by=nora, code="BUS 301", instructors=[nora])
    names = ("Wilhelmina Montgomery-Wojciechowska", "Bartholomew Featherstonehaugh", "Ella Enrolled")
    students = [
        StudentProfileFactory(user=UserFactory(student=True, email=email, full_name=name), university=north)
        for email, name in zip(LONG_EMAILS, names, strict=True)
    ]
    for student in students:
        EnrolmentFactory(course=course, student=student)
    engagement = EngagementFactory(
        application__student=students[0],
        application__project=ProjectFactory(
            title="Size the market for refillable cleaning products", published=True
        ),
    )
    MilestoneFactory(engagement=engagement, due_date=today - dt.timedelta(days=3))
    HoursLog.objects.create(engagement=engagement, date=today, hours=Decimal("6.5"))
    ProjectFactory(title="Harbour footfall study", published=True)

    log_in(page, live_server.url, email=nora.user.email)
    page.goto(live_server.url + reverse("courses:detail", args=[course.public_id]))
    expect(h1(page)).to_have_text("BUS 301 Consulting practicum")
    roster = page.locator("#course-students")
    expect(roster).to_contain_text("Size the market for refillable cleaning products")
    expect(page.locator("#adoptable-projects")).to_have_count(0)
    expect(page.locator("#projects")).not_to_contain_text("Harbour footfall study")
    _shoot(page, tmp_path, "course")

    widths = _widths(page)
    assert widths["page"] <= DESKTOP["width"] and widths["table"] <= widths["card"], widths
    expect(roster.locator("thead")).to_be_visible()
    assert page.evaluate(LOCAL_PART_LINES) == [1, 1, 1]

    page.set_viewport_size(PHONE)
    widths = _widths(page)
    assert widths["page"] <= PHONE["width"], f"the course page is {widths['page']}px wide at 390px"
    assert widths["table"] <= widths["card"], f"the students' table scrolls inside its card: {widths}"
    assert page.evaluate(CELL_LABELS) == [COLUMNS] * len(students)
    assert page.evaluate(LOCAL_PART_LINES) == [1, 1, 1]
    for email in LONG_EMAILS:
        expect(roster).to_contain_text(email)

    page.get_by_label("Search projects to adopt").fill("harbour")
    page.get_by_role("search", name="Projects to adopt").get_by_role("button", name="Search").click()
    expect(page.locator("#adoptable-projects")).to_contain_text("Harbour footfall study")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)
    _shoot(page, tmp_path, "adopt-search")
