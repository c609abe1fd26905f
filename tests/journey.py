"""The journey test's script: the words each side types, and how it finds things on a page."""

from django.urls import reverse
from playwright.sync_api import Page

from accounts.factories import DEFAULT_PASSWORD

TITLE = "Clean our sales data and build a weekly dashboard"
QUESTION = "Which tools would you use to clean and chart this data, and why?"
COVER_NOTE = "I cleaned two years of survey exports for my statistics course and built the charts in Excel."
ANSWER = "pandas for the cleaning, so the steps can be rerun, and Looker Studio for the weekly charts."
SMALL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

DATASET = "A cleaned dataset with a data dictionary"
DROPPED = (
    "A written, repeatable list of cleaning steps (or a script)",
    "A dashboard answering the three weekly questions",
    "A 30-minute handover session with the team",
)
DASHBOARD = "Weekly dashboard and handover"
DASHBOARD_SCOPE = (
    "The three weekly questions in Looker Studio, the cleaning script, and a 30-minute walkthrough."
)
HELLO = "Hello! Could you share last month's export first? I will start with the product names."
REPLY = "Welcome, Maya. The export is in the shared folder; ask Lina if a region code puzzles you."
HOURS_NOTE = "Mapped the product names and filled the missing regions"
DATASET_NOTE = (
    "The cleaned table and its data dictionary are in the PDF; the script comes with the dashboard."
)
DASHBOARD_LINK = "https://lookerstudio.example/reporting/brightside-weekly"
CHANGES = "Please add a filter by region: the Monday meeting starts with the north."
FIX_NOTE = "Added the region filter; the north is the default view."
EMPLOYER_REVIEW = "Maya cleaned two years of messy exports and the dashboard now runs our Monday meeting."
STUDENT_REVIEW = "A clear brief, quick answers in the messages, and paid the day the work was approved."


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


def account_menu(page: Page):
    """Open the header's account menu (a <details> at the right of the nav: Profile, Saved projects,
    Account settings, Admin, Log out) and return it; on a phone those links are in the open "Menu" instead."""
    # Its <summary> shows an avatar and a chevron, with "Account" as its tooltip and hidden text.
    menu = nav(page).get_by_role("group").filter(has=page.get_by_title("Account", exact=True))
    menu.get_by_title("Account", exact=True).click()
    return menu


def flash(page: Page):
    """The messages shown after a form was sent (the POST/redirect/GET flash)."""
    return page.locator(".messages")


def milestone(page: Page, title: str):
    """One milestone of the engagement page, found by its heading."""
    return page.locator("li.work-milestone").filter(has=page.get_by_role("heading", name=title, exact=True))
