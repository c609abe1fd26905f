"""Academic credit's whole loop in a real browser, through the pages each person uses (issue #14).

A confirmed faculty member creates a course with the form; a student joins with the course's link; an
employer proposes one of their open projects from their "Courses" page; the faculty accept it on the course
page. The enrolled student finds the project on their course page and applies (a student of the same
university who did not join gets 404 on its page); the employer accepts. From the engagement page the student
asks for credit; the faculty approve it with the outcomes the work must show. Both sides confirm the kickoff,
the student hands in the only milestone and the employer's approval completes the work. The employer fills
the competency evaluation, the student writes the reflection, the faculty sign off with a grade and download
the course's records as CSV and PDF.

Factories build only the starting world (a university, the faculty member, two students, an organisation with
one open project); every later step is a click or a keystroke, each person logging in with the login form.
The key pages are saved at 1280 px and 390 px in the test's tmp dir (`credit-NN-<page>-<width>.png`),
checked on the way for one h1 and no horizontal scroll.
"""

import csv
import datetime as dt
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.factories import UserFactory
from courses.factories import FacultyProfileFactory
from courses.models import Course, CreditRequest, CreditStatus
from employers.factories import EmployerFactory, EmployerMemberFactory
from engagements.models import Engagement, EngagementStatus
from projects.factories import ProjectFactory, SkillFactory
from students.factories import StudentProfileFactory
from tests.conftest import DESKTOP, PHONE
from tests.journey import flash, h1, log_in, milestone, nav
from universities.factories import UniversityFactory

pytestmark = pytest.mark.browser

TITLE = "Size the market for refillable cleaning products"
DELIVERABLE = "A sourced market brief with a recommendation"
OUTCOMES = ("Scope a client's problem", "Present findings to the client")
BRIEF_LINK = "https://docs.example/refill-market-brief"
SUMMARY = (
    "I sized the refill market in three cities from public retail data, interviewed four shop owners and "
    "wrote a brief recommending where the pilot should start."
)
ANSWERS = (
    "The first week I rewrote the question with the client: from 'is there a market' to 'which city first'.",
    "I presented the brief in a 20-minute call and answered the team's questions about the data sources.",
)
GRADE = "A-"


def _shoot(page: Page, folder: Path, name: str, problems: list[str]) -> None:
    """Save `name` at 1280 px and 390 px; note a missing or extra h1 and any horizontal scroll."""
    headings = page.locator("h1").count()
    if headings != 1:
        problems.append(f"{name}: {headings} h1 elements")
    for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            problems.append(f"{name} scrolls sideways at {label}px ({scroll}px wide)")
        page.screenshot(path=folder / f"credit-{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def _new_page(browser) -> Page:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    return context.new_page()


def test_a_course_project_earns_signed_off_credit_and_lands_in_the_exports(
    live_server, browser, page, second_page, tmp_path
):
    problems: list[str] = []
    base = live_server.url
    today = timezone.localdate()
    north = UniversityFactory(name="North University", slug="north", domain="north.edu")
    nora = FacultyProfileFactory(
        user=UserFactory(faculty=True, email="nora@north.edu", full_name="Nora North"), university=north
    ).user
    ella = UserFactory(student=True, email="ella@north.edu", full_name="Ella Enrolled")
    StudentProfileFactory(user=ella, university=north)
    otto = UserFactory(student=True, email="otto@north.edu", full_name="Otto Outside")
    StudentProfileFactory(user=otto, university=north)
    omar = UserFactory(employer=True, email="omar@refill.example", full_name="Omar Haddad")
    refill = EmployerFactory(name="Refill Co", slug="refill-co")
    EmployerMemberFactory(employer=refill, user=omar)
    project = ProjectFactory(
        employer=refill,
        title=TITLE,
        deliverables=[DELIVERABLE],
        required_skills=[SkillFactory(name="Market research", slug="market-research")],
        published=True,
    )
    faculty, employer = page, second_page
    student = _new_page(browser)

    # 1. The faculty member creates a course with the form.
    log_in(faculty, base, email=nora.email)
    expect(h1(faculty)).to_have_text("My courses")
    faculty.get_by_role("main").get_by_role("link", name="New course").click()
    faculty.get_by_label("Course code").fill("BUS 301")
    faculty.get_by_label("Title").fill("Consulting practicum")
    faculty.get_by_label("Term starts").fill((today - dt.timedelta(days=14)).isoformat())
    faculty.get_by_label("Term ends").fill((today + dt.timedelta(days=120)).isoformat())
    faculty.get_by_label("Credits available").fill("5")
    faculty.get_by_label("Expected hours of project work").fill("40")
    faculty.get_by_label("Learning outcomes").fill("\n".join(OUTCOMES))
    faculty.get_by_label("Communication").check()
    faculty.get_by_label("Problem-solving").check()
    faculty.get_by_role("button", name="Create course").click()
    expect(h1(faculty)).to_have_text("BUS 301 Consulting practicum")
    course = Course.objects.get(code="BUS 301")
    course_url = f"{base}{reverse('courses:detail', args=[course.public_id])}"
    join_link = faculty.locator(".join-link").inner_text()
    assert join_link.endswith(reverse("courses:join_link", args=[course.join_code]))

    # 2. Ella joins with the link the faculty member shared.
    log_in(student, base, email=ella.email)
    expect(h1(student)).to_have_text(re.compile("Welcome"))
    student.goto(base + urlsplit(join_link).path)
    expect(student.get_by_label("Join code")).to_have_value(course.join_code)
    student.get_by_role("button", name="Join").click()
    expect(h1(student)).to_have_text("BUS 301 Consulting practicum")
    expect(flash(student)).to_contain_text("You joined BUS 301 Consulting practicum.")

    # 3. The employer finds the course on their "Courses" page and proposes their open project.
    log_in(employer, base, email=omar.email)
    nav(employer).get_by_role("link", name="Courses").click()
    expect(h1(employer)).to_have_text("Courses")
    employer.get_by_role("link", name="Propose a project to BUS 301").click()
    expect(h1(employer)).to_have_text("Propose a project to BUS 301 Consulting practicum")
    employer.get_by_label("Project").select_option(label=f"{TITLE} (open for applications)")
    employer.get_by_label("Message to the faculty").fill("Two students could size one city each.")
    _shoot(employer, tmp_path, "01-propose", problems)
    employer.get_by_role("button", name="Propose").click()
    expect(flash(employer)).to_contain_text("Proposed to BUS 301 Consulting practicum.")

    # 4. The faculty accept it on the course page.
    faculty.goto(course_url)
    proposals = faculty.locator("#course-proposals")
    expect(proposals).to_contain_text(TITLE)
    expect(proposals).to_contain_text("Two students could size one city each.")
    _shoot(faculty, tmp_path, "02-course-proposal", problems)
    proposals.get_by_role("button", name=f"Accept {TITLE}").click()
    expect(flash(faculty)).to_contain_text(f"“{TITLE}” is now a project of BUS 301.")
    expect(faculty.locator("#course-projects")).to_contain_text("only this course's students")
    expect(faculty.get_by_role("table")).to_contain_text("Ella Enrolled")

    # 5. Otto, not in the course, gets 404 on the project's page; Ella finds it on her course page, applies.
    project_url = f"{base}{reverse('projects:detail', args=[project.public_id])}"
    outsider = _new_page(browser)
    log_in(outsider, base, email=otto.email)
    expect(h1(outsider)).to_have_text(re.compile("Welcome"))
    assert outsider.goto(project_url).status == 404
    outsider.context.close()

    nav(student).get_by_role("link", name="Courses").click()
    expect(h1(student)).to_have_text("My courses")
    student.get_by_role("link", name="BUS 301 Consulting practicum").click()
    student.locator("#course-projects").get_by_role("link", name=TITLE).click()
    expect(h1(student)).to_have_text(TITLE)
    student.get_by_role("link", name="Apply now").click()
    student.get_by_label("Cover note").fill("I sized two markets for my statistics course last term.")
    student.get_by_role("button", name="Send application").click()
    expect(h1(student)).to_have_text(f"Your application to “{TITLE}”")

    # 6. The employer accepts her.
    nav(employer).get_by_role("link", name="Employer dashboard").click()
    employer.get_by_role("link", name=f"Answer applicants for {TITLE}").click()
    employer.get_by_role("link", name="Ella Enrolled").click()
    decision = employer.locator("#decision")
    decision.get_by_text("Accept…").click()
    decision.get_by_role("button", name="Yes, accept Ella").click()
    expect(decision.locator(".badge")).to_have_text("Accepted")
    engagement = Engagement.objects.get(project=project)

    # 7. From the engagement page Ella asks for credit in BUS 301.
    nav(student).get_by_role("link", name="My applications").click()
    application = student.locator(".application-item", has_text=TITLE)
    application.get_by_role("link", name="Open the engagement").click()
    expect(h1(student)).to_have_text(TITLE)
    credit_panel = student.get_by_role("region", name="Academic credit", exact=True)
    credit_panel.get_by_role("link", name="Ask for credit").click()
    expect(h1(student)).to_have_text("Ask for academic credit")
    expect(student.get_by_label("Course")).to_contain_text("BUS 301 Consulting practicum")
    student.get_by_label("Note to the faculty").fill("The practicum's client project.")
    _shoot(student, tmp_path, "03-credit-request", problems)
    student.get_by_role("main").get_by_role("button", name="Ask for credit").click()
    expect(flash(student)).to_contain_text("Request sent: BUS 301's faculty will decide.")
    expect(h1(student)).to_have_text("Academic credit: BUS 301")
    credit = CreditRequest.objects.get(engagement=engagement)

    # 8. The faculty approve it from the course page, with both outcomes.
    faculty.goto(course_url)
    board = faculty.locator("#credit")
    expect(board).to_contain_text("Waiting for your decision (1)")
    board.get_by_role("link", name="Approve or decline").click()
    expect(h1(faculty)).to_have_text("Ella Enrolled asks for credit in BUS 301")
    for outcome in OUTCOMES:
        faculty.get_by_label(outcome).check()
    faculty.get_by_role("button", name="Approve", exact=True).click()
    expect(flash(faculty)).to_contain_text("Approved: the student and the employer have been told.")
    credit.refresh_from_db()
    assert credit.status == CreditStatus.APPROVED and credit.required_outcomes == list(OUTCOMES)

    # 9. The work: both confirm the kickoff, Ella hands in the brief, the employer's approval completes it.
    employer.get_by_role("main").get_by_role("link", name="Open the engagement").click()
    expect(employer.get_by_role("region", name="Academic credit", exact=True)).to_contain_text("BUS 301")
    employer.get_by_role("button", name="Confirm the kickoff").click()
    expect(flash(employer)).to_contain_text("Kickoff confirmed.")
    student.goto(f"{base}{reverse('engagements:detail', args=[engagement.public_id])}")
    student.get_by_role("button", name="Confirm the kickoff").click()
    expect(flash(student)).to_contain_text("the work has started")
    work = milestone(student, DELIVERABLE)
    work.get_by_text("Hand in your work").click()
    work.get_by_label("Link").fill(BRIEF_LINK)
    work.get_by_role("button", name=re.compile(r"^Hand in")).click()
    expect(flash(student)).to_contain_text(f"Your work for “{DELIVERABLE}” is handed in.")
    employer.reload()
    milestone(employer, DELIVERABLE).get_by_role("button", name="Approve", exact=True).click()
    expect(flash(employer)).to_contain_text("the engagement is complete")
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.COMPLETED

    # 10. The employer fills the competency evaluation from the engagement page.
    employer.get_by_role("link", name="Evaluate for BUS 301").click()
    expect(h1(employer)).to_have_text("Competency evaluation")
    rows = employer.get_by_role("group", name="Competency rubric").get_by_role("group")
    expect(rows.first).to_be_visible()
    labels = [row.locator("legend").inner_text() for row in rows.all()]
    for name in ("Time management", "Communication", "Problem-solving", "Working independently"):
        assert any(label.startswith(name) for label in labels), labels
    assert any(label.startswith("Market research") for label in labels), labels
    for row in rows.all():
        row.get_by_role("radio", name=re.compile(r"^Proficient")).check()
    exemplary = employer.get_by_role("group", name=re.compile(r"^Communication"))
    exemplary.get_by_role("radio", name=re.compile(r"^Exemplary")).check()
    employer.get_by_label("Comment on Communication").fill("Weekly notes the whole team read.")
    employer.get_by_label("Overall comment").fill("A brief we acted on the week it arrived.")
    _shoot(employer, tmp_path, "04-evaluation-rubric", problems)
    employer.get_by_role("button", name="Send the evaluation").click()
    expect(flash(employer)).to_contain_text("Evaluation saved")

    # 11. Ella writes her reflection from the engagement page.
    student.reload()
    student.get_by_role("link", name="Write it for BUS 301").click()
    expect(h1(student)).to_have_text("Reflection")
    student.get_by_label("What you did on the project").fill(SUMMARY)
    for outcome, answer in zip(OUTCOMES, ANSWERS, strict=True):
        student.get_by_label(outcome).fill(answer)
    _shoot(student, tmp_path, "05-reflection", problems)
    student.get_by_role("button", name="Send the reflection").click()
    expect(flash(student)).to_contain_text("Reflection saved")

    # 12. The faculty sign off with a grade, from the course page.
    faculty.goto(course_url)
    board = faculty.locator("#credit")
    expect(board).to_contain_text("Waiting for your sign-off (1)")
    _shoot(faculty, tmp_path, "06-course-page", problems)
    board.get_by_role("link", name="Sign off").click()
    expect(h1(faculty)).to_have_text("Sign off Ella Enrolled's credit in BUS 301")
    evaluation = faculty.get_by_role("region", name="The employer's competency evaluation", exact=True)
    expect(evaluation).to_contain_text("Exemplary")
    reflection = faculty.get_by_role("region", name="The student's reflection", exact=True)
    expect(reflection).to_contain_text(ANSWERS[1])
    form = faculty.get_by_role("region", name="Your sign-off", exact=True)
    form.get_by_role("radio", name="Grade").check()
    form.get_by_role("textbox", name="Grade").fill(GRADE)
    form.get_by_role("textbox", name="Note").fill("A client-ready brief and a clear reflection.")
    _shoot(faculty, tmp_path, "07-sign-off", problems)
    form.get_by_role("button", name="Sign off").click()
    expect(flash(faculty)).to_contain_text("Signed off: the student has been told.")
    expect(faculty.get_by_role("region", name="Sign-off", exact=True)).to_contain_text(f"Grade {GRADE}")
    _shoot(faculty, tmp_path, "08-credit-record-faculty", problems)
    faculty.get_by_role("link", name="Open the evaluation page").click()
    expect(faculty.get_by_role("table")).to_contain_text("Weekly notes the whole team read.")
    _shoot(faculty, tmp_path, "09-evaluation-read", problems)

    # 13. Ella, on her phone, reads her signed-off credit record from her course page (the header's links
    # are folded into its "Menu" at that width).
    student.set_viewport_size(PHONE)
    student.get_by_role("banner").get_by_text("Menu", exact=True).click()
    nav(student).get_by_role("link", name="Courses").click()
    student.get_by_role("link", name="BUS 301 Consulting practicum").click()
    student.locator("#credit").get_by_role("link", name=TITLE).click()
    expect(student.get_by_role("region", name="Sign-off", exact=True)).to_contain_text(f"Grade {GRADE}")
    _shoot(student, tmp_path, "10-credit-record-student", problems)

    # 14. The faculty download the course's records: the CSV, then the PDF.
    faculty.goto(course_url)
    expect(faculty.locator("#credit")).to_contain_text("Signed off (1)")
    exports = faculty.get_by_role("region", name="Credit records", exact=True)
    with faculty.expect_download() as download:
        exports.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert [(row["Student"], row["Grade"], row["Status"]) for row in rows] == [
        ("Ella Enrolled", GRADE, "Signed off")
    ]
    assert rows[0]["Communication"].startswith("Exemplary")
    with faculty.expect_response(re.compile(r"/credit\.pdf")) as pdf:
        exports.get_by_role("button", name="Printable PDF").click()
    # Chromium opens the inline PDF in its viewer (whose page replaces the body Playwright reports), so the
    # file itself is fetched again with the faculty's session.
    assert pdf.value.ok and pdf.value.headers["content-type"] == "application/pdf"
    again = faculty.request.get(pdf.value.url)
    assert again.ok and again.body().startswith(b"%PDF")
    student.context.close()
    print(f"screenshots in {tmp_path}")
    assert not problems, "\n".join(problems)
