"""The first half of the lifecycle in a real browser, through the real pages and forms.

An employer posts a project from a template and publishes it; a student searches, finds it, saves it and
applies with a résumé; the employer shortlists and accepts; the student sees "Accepted". Factories build only
the starting world (a university, a verified student, an organisation and its owner); every action is a
click or a keystroke. Each page is saved at 1280 px and 390 px wide in tests/screenshots/ (git-ignored) as
`journey-NN-<page>-<width>.png`, for a human to look at.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterator

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.factories import DEFAULT_PASSWORD, UserFactory
from applications.models import Application, ApplicationStatus, Engagement
from employers.factories import EmployerFactory, EmployerMemberFactory
from projects.factories import SkillFactory
from projects.models import Project, ProjectStatus, SkillCategory
from students.factories import StudentProfileFactory
from tests.conftest import DESKTOP, PHONE, SCREENSHOT_DIR
from universities.factories import UniversityFactory

pytestmark = pytest.mark.browser

TITLE = "Clean our sales data and build a weekly dashboard"
QUESTION = "Which tools would you use to clean and chart this data, and why?"
COVER_NOTE = "I cleaned two years of survey exports for my statistics course and built the charts in Excel."
ANSWER = "pandas for the cleaning, so the steps can be rerun, and Looker Studio for the weekly charts."
SMALL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def shoot() -> Iterator[Callable[[Page, str], None]]:
    """Save a full-page screenshot of `page` at 1280 px and at 390 px, then return to 1280 px.

    It checks on the way what every page must get right at both widths (exactly one h1, nothing wider than
    the viewport); the problems are gathered and reported together at the end, so one page's overflow
    still lets the journey reach, and photograph, every later page.
    """
    SCREENSHOT_DIR.mkdir(exist_ok=True)
    problems: list[str] = []

    def take(page: Page, name: str) -> None:
        headings = page.locator("h1").count()
        if headings != 1:
            problems.append(f"{name}: {headings} h1 elements instead of one")
        for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(viewport)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                problems.append(f"{name} is {width}px wide at {label}px")
            page.screenshot(path=SCREENSHOT_DIR / f"journey-{name}-{label}.png", full_page=True)
        page.set_viewport_size(DESKTOP)

    yield take
    assert not problems, "\n".join(problems)


@pytest.fixture
def second_page(browser) -> Iterator[Page]:
    """A second, separate browser session, so the student and the employer are signed in side by side."""
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def log_in(page: Page, base_url: str, *, email: str) -> None:
    page.goto(f"{base_url}{reverse('account_login')}")
    form = page.get_by_role("main")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(DEFAULT_PASSWORD)
    form.get_by_role("button", name="Log in").click()


def h1(page: Page):
    return page.get_by_role("heading", level=1)


def nav(page: Page):
    return page.get_by_role("navigation", name="Main")


def test_an_employer_posts_a_student_applies_and_is_accepted(live_server, page, second_page, shoot):
    university = UniversityFactory(name="Northfield University", slug="northfield", domain="northfield.edu")
    skills = [
        SkillFactory(name="Data cleaning", slug="data-cleaning", category=SkillCategory.DATA),
        SkillFactory(name="Dashboard design", slug="dashboard-design", category=SkillCategory.DATA),
        SkillFactory(name="Excel", slug="excel", category=SkillCategory.DATA),
    ]
    maya = UserFactory(student=True, email="maya@northfield.edu", full_name="Maya Patel")
    StudentProfileFactory(
        user=maya, university=university, skills=skills, major="Statistics", weekly_hours_available=15
    )
    omar = UserFactory(employer=True, email="omar@brightside.example", full_name="Omar Haddad")
    bakery = EmployerFactory(name="Brightside Bakery", slug="brightside-bakery")
    EmployerMemberFactory(employer=bakery, user=omar)
    base = live_server.url
    employer, student = page, second_page

    # 1. The employer posts a project from a template and publishes it.
    log_in(employer, base, email=omar.email)
    expect(employer).to_have_url(f"{base}{reverse('employers:dashboard')}")
    expect(h1(employer)).to_have_text("Welcome, Omar")
    expect(employer.get_by_text("No projects yet.")).to_be_visible()
    shoot(employer, "01-employer-dashboard")

    employer.get_by_role("main").get_by_role("link", name="Post a project", exact=True).click()
    expect(h1(employer)).to_have_text("Post a project")
    shoot(employer, "02-choose-template")

    employer.get_by_role("link", name="Data cleaning and dashboard").click()
    expect(h1(employer)).to_have_text("New project: Data cleaning and dashboard")
    expect(employer.get_by_label("Title")).to_have_value(TITLE)
    expect(employer.get_by_label("Fixed fee")).to_have_value("625.00")
    deadline = timezone.localtime() + dt.timedelta(days=14)
    employer.get_by_label("Application deadline").fill(deadline.strftime("%Y-%m-%dT%H:%M"))
    due_date = deadline.date() + dt.timedelta(days=30)
    employer.get_by_label("Due date of the work").fill(due_date.isoformat())
    employer.get_by_label("Fixed fee").fill("650")
    shoot(employer, "03-editor-from-template")
    employer.get_by_role("button", name="Save draft").click()

    expect(h1(employer)).to_have_text(TITLE)
    expect(employer.get_by_text("Draft saved.")).to_be_visible()
    expect(employer.locator(".manage-status")).to_contain_text("Draft")
    expect(employer.get_by_text("Every scoping check passes")).to_be_visible()
    preview = employer.get_by_role("region", name="Preview — this is exactly what students see")
    expect(preview).to_contain_text("A cleaned dataset with a data dictionary")
    expect(preview).to_contain_text("650")
    shoot(employer, "04-project-draft-overview")

    employer.get_by_role("button", name="Publish").click()
    expect(employer.get_by_text("Published. Students can now find your project and apply.")).to_be_visible()
    expect(employer.locator(".manage-status")).to_contain_text("Open")
    expect(employer.get_by_role("button", name="Publish")).to_have_count(0)
    shoot(employer, "05-project-open")
    project = Project.objects.get(title=TITLE)
    assert project.status == ProjectStatus.OPEN

    # 2. The student searches, finds the project, saves it and applies.
    log_in(student, base, email=maya.email)
    expect(student).to_have_url(f"{base}{reverse('students:dashboard')}")
    expect(h1(student)).to_have_text("Welcome, Maya")
    shoot(student, "06-student-dashboard")

    nav(student).get_by_role("link", name="Find projects").click()
    expect(h1(student)).to_have_text("Find a project")
    student.get_by_role("searchbox", name="Search projects").fill("sales dashboard")
    student.get_by_role("button", name="Search", exact=True).click()
    expect(student).to_have_url(re.compile(r"[?&]q=sales(\+|%20)dashboard"))
    result = student.locator("#search-results").get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    expect(student.locator("#search-results")).to_contain_text("Brightside Bakery")
    shoot(student, "07-search-results")

    result.click()
    expect(h1(student)).to_have_text(TITLE)
    expect(student.get_by_role("link", name="Apply now")).to_be_visible()
    expect(student.get_by_text("You have 2 of 2 required skills")).to_be_visible()
    student.get_by_role("button", name=re.compile(r"^Save\b")).click()
    expect(student.get_by_role("button", name=re.compile(r"^Saved\b"))).to_be_visible()
    shoot(student, "08-project-page-saved")

    student.get_by_role("link", name="Apply now").click()
    expect(h1(student)).to_have_text(f"Apply to “{TITLE}”")
    student.get_by_label("Cover note").fill(COVER_NOTE)
    student.get_by_label(QUESTION).fill(ANSWER)
    student.get_by_label("Your résumé").set_input_files(
        {"name": "maya-patel-cv.pdf", "mimeType": "application/pdf", "buffer": SMALL_PDF}
    )
    shoot(student, "09-apply-form")
    student.get_by_role("button", name="Send application").click()

    expect(h1(student)).to_have_text(f"Your application to “{TITLE}”")
    expect(student.locator(".application-header .badge")).to_have_text("Submitted")
    expect(student.get_by_role("heading", name="Waiting for the employer")).to_be_visible()
    expect(student.get_by_text(ANSWER)).to_be_visible()
    shoot(student, "10-application-submitted")

    student.get_by_role("main").get_by_role("link", name="My applications").click()
    expect(h1(student)).to_have_text("My applications")
    item = student.locator(".application-item", has_text=TITLE)
    expect(item.locator(".badge")).to_have_text("Submitted")
    shoot(student, "11-my-applications")

    nav(student).get_by_role("link", name="Saved").click()
    expect(h1(student)).to_contain_text("Saved")
    expect(student.get_by_role("main").get_by_role("link", name=TITLE)).to_be_visible()
    shoot(student, "12-saved-projects")

    # 3. The employer answers: the applicant's page, shortlist, then accept after confirming.
    nav(employer).get_by_role("link", name="Employer dashboard").click()
    expect(h1(employer)).to_have_text("Welcome, Omar")
    expect(employer.get_by_text("1 applicant waiting for an answer")).to_be_visible()
    expect(employer.locator(".org-project", has_text=TITLE)).to_contain_text("1 submitted")
    shoot(employer, "13-employer-dashboard-waiting")

    employer.get_by_role("link", name=f"Answer applicants for {TITLE}").click()
    expect(h1(employer)).to_contain_text("Applicants")
    expect(employer.get_by_text("1 waiting for your answer.")).to_be_visible()
    shoot(employer, "14-applicants")

    employer.get_by_role("link", name="Maya Patel").click()
    expect(h1(employer)).to_have_text("Maya Patel")
    resume_link = employer.get_by_role("link", name="Download résumé (PDF)")
    expect(resume_link).to_have_attribute("href", re.compile(r"^/students/[0-9a-f-]{36}/resume/$"))
    expect(employer.get_by_role("region", name="Cover note")).to_contain_text(COVER_NOTE)
    expect(employer.get_by_role("region", name="Screening questions")).to_contain_text(ANSWER)
    decision = employer.locator("#decision")
    expect(decision.locator(".badge")).to_have_text("Submitted")
    shoot(employer, "15-applicant")

    decision.get_by_role("button", name="Shortlist").click()
    expect(decision.locator(".badge")).to_have_text("Shortlisted")
    expect(decision).to_contain_text("Maya Patel is on your shortlist.")
    shoot(employer, "16-applicant-shortlisted")

    decision.get_by_text("Accept…").click()
    confirm = decision.get_by_role("button", name="Yes, accept Maya")
    expect(confirm).to_be_visible()
    expect(decision).to_contain_text("This fills the last opening")
    shoot(employer, "17-accept-confirmation")
    confirm.click()
    expect(decision.locator(".badge")).to_have_text("Accepted")
    expect(decision).to_contain_text("Maya Patel is accepted and an engagement was created")
    shoot(employer, "18-applicant-accepted")

    # 4. The student sees the answer.
    nav(student).get_by_role("link", name="My applications").click()
    item = student.locator(".application-item", has_text=TITLE)
    expect(item.locator(".badge")).to_have_text("Accepted")
    expect(item).to_contain_text("You were accepted")
    shoot(student, "19-my-applications-accepted")

    item.get_by_role("link", name=TITLE).click()
    expect(h1(student)).to_have_text(f"Your application to “{TITLE}”")
    expect(student.locator(".application-header .badge")).to_have_text("Accepted")
    expect(student.get_by_role("heading", name="You got it!")).to_be_visible()
    timeline = student.get_by_role("region", name="Timeline")
    expect(timeline).to_contain_text("Shortlisted")
    expect(timeline).to_contain_text("Accepted")
    shoot(student, "20-application-accepted")

    application = Application.objects.select_related("student__user").get(project=project)
    assert application.student.user == maya
    assert application.status == ApplicationStatus.ACCEPTED
    assert application.answers[0]["answer"] == ANSWER
    assert application.student.resume.name.endswith(".pdf")
    assert Engagement.objects.filter(application=application, student=application.student).exists()
    project.refresh_from_db()
    assert project.accepted_count == 1
