"""In Chromium: a student whose university is not on the platform signs up naming it, applies to a public
project as a student not verified yet, and the employer sees "Not verified" beside them and can list
verified students only. axe finds nothing serious; pages fit 390 and 1280 px. Screenshots are saved in the
test's tmp dir (pytest's tmp_path), one per page and width."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from applications.factories import ApplicationFactory
from employers.factories import EmployerMemberFactory
from projects.factories import ProjectFactory
from students.factories import StudentProfileFactory
from tests.conftest import DESKTOP, PHONE
from tests.journey import h1, log_in
from tests.test_browser_admin import AXE, serious_violations
from universities.factories import UniversityFactory
from universities.models import UniversityRequest

pytestmark = pytest.mark.browser

PASSWORD = "a-long-unusual-passphrase"
TITLE = "Tidy our volunteer spreadsheet"


def _check_at_both_widths(page: Page, name: str, shots, problems: list[str]) -> None:
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        width = viewport["width"]
        problems += [f"{name} at {width}px: {v}" for v in serious_violations(page)]
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{name} is wider than {width}px")
        path = shots / f"{name}-{width}.png"
        page.screenshot(path=path, full_page=True)
        assert path.stat().st_size > 5000, f"{path} looks empty"


def test_an_unlisted_student_applies_and_the_employer_sees_the_badge(
    live_server, browser, mailoutbox, tmp_path
):
    shots = tmp_path / "screenshots"
    shots.mkdir()
    UniversityFactory(name="North University", slug="north", domain="north.edu")
    owner = EmployerMemberFactory(user__email="olivia@brightlane.example", employer__name="Brightlane")
    project = ProjectFactory(
        employer=owner.employer,
        published=True,
        title=TITLE,
        screening_questions=[],
        summary="Clean a 2,000-row spreadsheet of volunteers and their shifts.",
    )
    ApplicationFactory(project=project, student=StudentProfileFactory(user__full_name="Vera Verified"))
    project_url = f"{live_server.url}{reverse('projects:detail', args=[project.public_id])}"
    problems: list[str] = []

    student_context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    student_context.add_init_script(path=str(AXE))
    student = student_context.new_page()
    student.goto(project_url)
    student.get_by_role("main").get_by_role("link", name="Apply", exact=True).click()
    expect(h1(student)).to_contain_text("Create your")
    student.get_by_label("Full name").fill("Uma Unlisted")
    student.get_by_label("Email").fill("uma@lakeside.ac")
    student.get_by_label("Your university").fill("Lakeside College")
    student.get_by_label("Password", exact=True).fill(PASSWORD)
    student.get_by_label("Confirm password").fill(PASSWORD)
    _check_at_both_widths(student, "signup", shots, problems)
    student.get_by_role("main").get_by_role("button", name="Create account").click()
    expect(h1(student)).to_have_text("Check your email")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mailoutbox[-1].body)
    student.goto(f"{live_server.url}{link.group(1)}")
    student.get_by_role("button", name="Confirm").click()

    expect(student).to_have_url(project_url)
    expect(student.locator(".unverified-apply-note")).to_contain_text("not verified yet")
    student.wait_for_load_state("networkidle")
    _check_at_both_widths(student, "project-unverified", shots, problems)
    student.get_by_role("link", name="Apply now").click()
    student.get_by_label("Cover note").fill(
        "I keep the volunteer rota of my student society in a spreadsheet."
    )
    student.get_by_role("button", name="Send application").click()
    expect(h1(student)).to_have_text(f"Your application to “{TITLE}”")
    student.goto(f"{live_server.url}{reverse('students:profile')}")
    expect(student.locator(".university-request-status")).to_contain_text("Waiting")
    _check_at_both_widths(student, "profile-request", shots, problems)
    assert UniversityRequest.objects.get().domain == "lakeside.ac"
    student_context.close()

    employer_context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    employer_context.add_init_script(path=str(AXE))
    employer = employer_context.new_page()
    log_in(employer, live_server.url, email=owner.user.email)
    employer.goto(f"{live_server.url}{reverse('manage:applicants', args=[project.public_id])}")
    uma = employer.locator(".manage-applicant", has_text="Uma Unlisted")
    expect(uma.locator(".badge-unverified")).to_have_text(
        "Not verified: no university has confirmed this student yet"
    )
    expect(uma).to_contain_text("Lakeside College (not on the platform yet)")
    expect(employer.locator(".manage-applicant")).to_have_count(2)
    _check_at_both_widths(employer, "applicants", shots, problems)
    employer.get_by_role("link", name="Verified students only").click()
    expect(employer.locator(".manage-applicant")).to_have_count(1)
    expect(employer.locator(".manage-applicant")).to_contain_text("Vera Verified")
    _check_at_both_widths(employer, "applicants-verified-only", shots, problems)
    employer_context.close()

    assert not problems, "\n".join(problems)
    assert len(list(shots.glob("*.png"))) == 10
