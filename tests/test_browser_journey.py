"""The whole lifecycle in a real browser, through the real pages and forms.

An employer posts a project from a template and publishes it; a student searches, finds it, saves it and
applies with a résumé; the employer shortlists and accepts; the student sees "Accepted". Then the two sides
open the engagement page: the employer trims the milestones proposed from the deliverables, adds one and
moves a due date; both confirm the kickoff; they exchange messages; the student logs hours and hands in a
file and a link; the employer approves the file, asks for a change to the link and approves the new
version (the last approval completes the engagement and records the payment), then marks the payment
paid; both write double-blind reviews; the student makes the portfolio public and a visitor sees the
project and the employer's review on it, then the employer's public page.

Factories build only the starting world (a university, a verified student, an organisation and its owner);
every action is a click or a keystroke. Each page is saved at 1280 px and 390 px wide in tests/screenshots/
(git-ignored) as `journey-NN-<page>-<width>.png`, for a human to look at.
"""

import datetime as dt
import re

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.factories import UserFactory
from applications.models import Application, ApplicationStatus
from employers.factories import EmployerFactory, EmployerMemberFactory
from engagements.models import Engagement
from projects.factories import SkillFactory
from projects.models import Project, ProjectStatus, SkillCategory
from students.factories import StudentProfileFactory
from tests.conftest import DESKTOP
from tests.journey import (
    ANSWER,
    CHANGES,
    COVER_NOTE,
    DASHBOARD,
    DASHBOARD_LINK,
    DASHBOARD_SCOPE,
    DATASET,
    DATASET_NOTE,
    DROPPED,
    EMPLOYER_REVIEW,
    FIX_NOTE,
    HELLO,
    HOURS_NOTE,
    QUESTION,
    REPLY,
    SMALL_PDF,
    STUDENT_REVIEW,
    TITLE,
    account_menu,
    flash,
    h1,
    log_in,
    milestone,
    nav,
)
from universities.factories import UniversityFactory

pytestmark = pytest.mark.browser


def test_a_project_goes_from_posting_to_paid_and_reviewed_work(
    live_server, browser, page, second_page, shoot
):
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

    account_menu(student).get_by_role("link", name="Saved projects").click()
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

    # 5. The employer opens the engagement from the applicant's page and shapes the milestones: one per
    # deliverable was proposed; three are folded into a new one, and the first gets an earlier date.
    engagement = Engagement.objects.get(application=application)
    fee = f"{floatformat(engagement.fee, '-2g')} {engagement.currency}"  # as the pages show it
    today = timezone.localdate()
    decision.get_by_role("link", name="Open the engagement").click()
    expect(h1(employer)).to_have_text(TITLE)
    expect(employer.locator(".engagement-heading .badge")).to_have_text("Kickoff")
    expect(employer.get_by_role("region", name="Student")).to_contain_text("Maya Patel")
    expect(employer.locator("li.work-milestone")).to_have_count(4)
    shoot(employer, "21-engagement-employer-kickoff")

    for title in DROPPED:
        milestone(employer, title).get_by_role("button", name=re.compile(r"^Remove")).click()
        expect(flash(employer)).to_contain_text(f"Milestone “{title}” removed.")
    expect(employer.locator("li.work-milestone")).to_have_count(1)

    employer.get_by_text("Propose a milestone").click()
    proposal = employer.locator("#milestone-new")
    proposal.get_by_label("Title").fill(DASHBOARD)
    proposal.get_by_label("What it includes").fill(DASHBOARD_SCOPE)
    proposal.get_by_label("Due date").fill((today + dt.timedelta(days=21)).isoformat())
    proposal.get_by_role("button", name="Add the milestone").click()
    expect(flash(employer)).to_contain_text(f"Milestone “{DASHBOARD}” added")
    expect(milestone(employer, DASHBOARD)).to_contain_text(DASHBOARD_SCOPE)

    milestone(employer, DATASET).get_by_role("link", name=re.compile(r"^Edit")).click()
    expect(h1(employer)).to_have_text("Edit milestone")
    expect(employer.get_by_label("Title")).to_have_value(DATASET)
    employer.get_by_label("Due date").fill((today + dt.timedelta(days=7)).isoformat())
    shoot(employer, "22-milestone-edit")
    employer.get_by_role("button", name="Save the milestone").click()
    expect(flash(employer)).to_contain_text(f"Milestone “{DATASET}” saved.")
    expect(milestone(employer, DATASET)).to_contain_text("(in 7 days)")

    employer.get_by_role("button", name="Confirm the kickoff").click()
    expect(flash(employer)).to_contain_text("Kickoff confirmed. The work starts as soon as Maya")
    expect(employer.get_by_role("button", name="Confirm the kickoff")).to_have_count(0)
    shoot(employer, "23-engagement-employer-confirmed")

    # 6. The student finds it under Engagements (it is also linked from the application), checks the scope
    # and confirms: the work starts.
    expect(student.get_by_role("main").get_by_role("link", name="Open the engagement")).to_be_visible()
    nav(student).get_by_role("link", name="Engagements").click()
    expect(h1(student)).to_have_text("Engagements")
    row = student.locator(".engagement-item", has_text=TITLE)
    expect(row).to_contain_text("your confirmation is needed")
    shoot(student, "24-student-engagements")

    row.get_by_role("link", name=TITLE).click()
    expect(h1(student)).to_have_text(TITLE)
    expect(student.get_by_text("Your confirmation is the last step before the work starts")).to_be_visible()
    expect(student.locator("li.work-milestone")).to_have_count(2)
    expect(milestone(student, DASHBOARD)).to_contain_text(DASHBOARD_SCOPE)
    shoot(student, "25-engagement-student-kickoff")
    student.get_by_role("button", name="Confirm the kickoff").click()
    expect(flash(student)).to_contain_text("You have both confirmed the kickoff: the work has started.")
    expect(student.locator(".engagement-heading .badge")).to_have_text("In progress")

    # 7. The student says hello and logs the first hours (both forms answer in place through htmx).
    messages_card = student.locator("#messages")
    messages_card.get_by_label("Your message").fill(HELLO)
    messages_card.get_by_role("button", name="Send message").click()
    expect(student.locator("#messages").get_by_role("status")).to_have_text("Message sent.")
    expect(student.locator("#messages .activity-message-mine")).to_contain_text(HELLO)
    expect(student.locator("#messages").get_by_label("Your message")).to_have_value("")

    hours = student.locator("#hours")
    expect(hours.get_by_label("Day", exact=True)).to_have_value(today.isoformat())
    hours.get_by_label("Hours", exact=True).fill("3.5")
    hours.get_by_label("What you worked on").fill(HOURS_NOTE)
    hours.get_by_role("button", name="Log hours").click()
    expect(student.locator("#hours .message-success")).to_contain_text("Logged 3.5 h")
    expect(student.locator("#hours")).to_contain_text("logged of 25 h estimated")
    expect(student.locator("#hours table")).to_contain_text(HOURS_NOTE)

    # 8. The student hands in the first milestone: a PDF and a note.
    first = milestone(student, DATASET)
    first.get_by_text("Hand in your work").click()
    first.get_by_label("File").set_input_files(
        {"name": "sales-data-dictionary.pdf", "mimeType": "application/pdf", "buffer": SMALL_PDF}
    )
    first.get_by_label("Note to the employer").fill(DATASET_NOTE)
    first.get_by_role("button", name=re.compile(r"^Hand in")).click()
    expect(flash(student)).to_contain_text(f"Your work for “{DATASET}” is handed in.")
    expect(first.locator(".work-submission .badge")).to_have_text("Awaiting review")
    expect(first.get_by_role("link", name="sales-data-dictionary.pdf")).to_be_visible()
    shoot(student, "26-engagement-student-handed-in")

    # 9. The employer sees the unread message, answers it, downloads the file and approves it.
    nav(employer).get_by_role("link", name="Engagements").click()
    row = employer.locator(".engagement-item", has_text=TITLE)
    expect(row).to_contain_text("1 unread message")
    shoot(employer, "27-employer-engagements")
    row.get_by_role("link", name=TITLE).click()
    unread = employer.locator("#messages .activity-message-unread")
    expect(unread).to_contain_text(HELLO)
    expect(unread).to_contain_text("New")
    expect(employer.locator("#hours table")).to_contain_text(HOURS_NOTE)
    employer.locator("#messages").get_by_label("Your message").fill(REPLY)
    employer.locator("#messages").get_by_role("button", name="Send message").click()
    expect(employer.locator("#messages .activity-message-mine")).to_contain_text(REPLY)

    first = milestone(employer, DATASET)
    expect(first).to_contain_text(DATASET_NOTE)
    download = first.get_by_role("link", name="sales-data-dictionary.pdf")
    response = employer.request.get(f"{base}{download.get_attribute('href')}")
    assert response.ok and response.body() == SMALL_PDF
    shoot(employer, "28-engagement-employer-review-work")
    first.get_by_role("button", name="Approve", exact=True).click()
    expect(flash(employer)).to_contain_text(f"“{DATASET}” approved. The student sees it now.")
    expect(milestone(employer, DATASET).locator(".work-milestone-head .badge")).to_have_text("Done")

    # 10. The student reads the answer and hands in the dashboard as a link.
    student.reload()
    expect(student.locator("#messages .activity-message-unread")).to_contain_text(REPLY)
    expect(milestone(student, DATASET).locator(".work-milestone-head .badge")).to_have_text("Done")
    second = milestone(student, DASHBOARD)
    second.get_by_text("Hand in your work").click()
    second.get_by_label("Link").fill(DASHBOARD_LINK)
    second.get_by_role("button", name=re.compile(r"^Hand in")).click()
    expect(flash(student)).to_contain_text(f"Your work for “{DASHBOARD}” is handed in.")
    expect(milestone(student, DASHBOARD).get_by_role("link", name=DASHBOARD_LINK)).to_be_visible()

    # 11. The employer asks for a change; the student reads the comment and hands in a new version.
    employer.reload()
    last = milestone(employer, DASHBOARD)
    expect(last.get_by_role("link", name=DASHBOARD_LINK)).to_be_visible()
    last.get_by_text("Request changes").click()
    last.get_by_label("What should change").fill(CHANGES)
    last.get_by_role("button", name="Send back with this comment").click()
    expect(flash(employer)).to_contain_text(f"Changes requested on “{DASHBOARD}”.")

    student.reload()
    second = milestone(student, DASHBOARD)
    expect(second.locator(".work-milestone-head .badge")).to_have_text("Changes requested")
    expect(second).to_contain_text(CHANGES)
    expect(second.get_by_label("Link")).to_be_visible()  # the hand-in form opens by itself
    shoot(student, "29-engagement-student-changes-requested")
    second.get_by_label("Link").fill(DASHBOARD_LINK)
    second.get_by_label("Note to the employer").fill(FIX_NOTE)
    second.get_by_role("button", name=re.compile(r"^Hand in")).click()
    expect(flash(student)).to_contain_text(f"Your work for “{DASHBOARD}” is handed in.")
    expect(milestone(student, DASHBOARD)).to_contain_text("Earlier hand-ins (1)")

    # 12. The employer approves the last milestone, which completes the engagement, then records the payment.
    employer.reload()
    last = milestone(employer, DASHBOARD)
    expect(last).to_contain_text(FIX_NOTE)
    last.get_by_role("button", name="Approve", exact=True).click()
    expect(flash(employer)).to_contain_text("that was the last milestone, so the engagement is complete")
    expect(employer.locator(".engagement-heading .badge")).to_have_text("Completed")
    payment = employer.locator("#payment")
    expect(payment.locator(".badge-warning")).to_have_text("Pending")
    expect(payment).to_contain_text(fee)
    shoot(employer, "30-engagement-employer-completed")

    payment.get_by_text("Mark as paid…").click()
    payment.get_by_label("Payment reference").fill("TRX-2026-1142")
    payment.get_by_role("button", name=f"Yes, {fee} was paid").click()
    expect(flash(employer)).to_contain_text(f"Payment of {fee} recorded as paid.")
    expect(employer.locator("#payment")).to_contain_text("TRX-2026-1142")
    expect(employer.locator("#payment .badge-success", has_text="Paid")).to_be_visible()

    # 13. Double-blind reviews: the employer writes first; the student cannot read it until theirs is sent.
    employer.locator("#reviews").get_by_role("link", name="Write your review").click()
    expect(h1(employer)).to_have_text("Review Maya Patel's work")
    employer.get_by_role("radio", name=re.compile(r"^5 stars")).check()
    employer.get_by_label("Your review").fill(EMPLOYER_REVIEW)
    employer.get_by_role("checkbox", name="Data cleaning").check()
    employer.get_by_role("checkbox", name="Dashboard design").check()
    shoot(employer, "31-employer-review-form")
    employer.get_by_role("button", name="Send my review").click()
    expect(flash(employer)).to_contain_text("Thank you: your review is in.")
    expect(employer.locator("#reviews")).to_contain_text("Your organisation's review")
    expect(employer.locator("#reviews")).not_to_contain_text(STUDENT_REVIEW)

    student.reload()
    reviews = student.locator("#reviews")
    expect(reviews).to_contain_text("Brightside Bakery has reviewed you.")
    expect(reviews).not_to_contain_text(EMPLOYER_REVIEW)
    expect(student.locator("#payment .badge-success", has_text="Paid")).to_be_visible()
    shoot(student, "32-engagement-student-completed")

    reviews.get_by_role("link", name="Write your review").click()
    expect(h1(student)).to_have_text("Review Brightside Bakery")
    student.get_by_role("radio", name=re.compile(r"^5 stars")).check()
    student.get_by_label("Your review of Brightside Bakery").fill(STUDENT_REVIEW)
    shoot(student, "33-student-review-form")
    student.get_by_role("button", name="Send my review").click()
    expect(flash(student)).to_contain_text("Brightside Bakery has reviewed you too")
    reviews = student.locator("#reviews")
    expect(reviews).to_contain_text(EMPLOYER_REVIEW)
    expect(reviews).to_contain_text(STUDENT_REVIEW)
    expect(reviews).to_contain_text("Dashboard design")
    shoot(student, "34-engagement-student-reviews")

    employer.reload()
    expect(employer.locator("#reviews")).to_contain_text(STUDENT_REVIEW)
    expect(employer.locator("#reviews")).to_contain_text(EMPLOYER_REVIEW)

    # 14. The student makes the portfolio public; a visitor who is not signed in sees the project there.
    account_menu(student).get_by_role("link", name="Profile").click()
    expect(h1(student)).to_have_text("Your profile")
    student.get_by_role("link", name="Edit about you").click()
    expect(h1(student)).to_have_text("About you")
    public = student.get_by_label("Show my completed projects on a public page")
    expect(public).not_to_be_checked()
    public.check()
    student.get_by_role("button", name="Save and see the overview").click()
    expect(h1(student)).to_have_text("Your profile")
    portfolio_link = student.get_by_role("link", name="Your public portfolio")
    portfolio_url = f"{base}{portfolio_link.get_attribute('href')}"
    portfolio_link.click()
    expect(h1(student)).to_have_text("Maya Patel")
    expect(student.get_by_text("This is your public portfolio")).to_be_visible()

    visitor_context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    visitor_context.set_default_timeout(10_000)
    try:
        visitor = visitor_context.new_page()
        visitor.goto(f"{base}{reverse('engagements:detail', args=[engagement.public_id])}")
        expect(visitor).to_have_url(re.compile(re.escape(reverse("account_login"))))
        visitor.goto(portfolio_url)
        expect(h1(visitor)).to_have_text("Maya Patel")
        item = visitor.locator(".portfolio-item", has_text=TITLE)
        expect(item).to_contain_text("Brightside Bakery")
        expect(item).to_contain_text(EMPLOYER_REVIEW)
        expect(item).to_contain_text("Data cleaning")
        expect(item).not_to_contain_text(STUDENT_REVIEW)
        expect(visitor.get_by_text("This is your public portfolio")).to_have_count(0)
        shoot(visitor, "35-public-portfolio")

        item.get_by_role("link", name="Brightside Bakery").click()
        expect(h1(visitor)).to_contain_text("Brightside Bakery")
        expect(visitor.locator(".public-figure", has_text="Students' rating")).to_contain_text("5.0")
        expect(visitor.locator(".public-figure", has_text="Payments on time")).to_contain_text("100")
        shoot(visitor, "36-employer-public-page")
    finally:
        visitor_context.close()

    engagement.refresh_from_db()
    assert engagement.status == "completed"
    assert engagement.payment.status == "paid"
    assert [m.title for m in engagement.milestones.order_by("position")] == [DATASET, DASHBOARD]
    assert engagement.reviews.count() == 2
