"""The career office's invitations in a real browser: the staff member checks an uploaded roster line by
line in the admin, and an invited business signs up from the emailed link, at 1280 px and 390 px.

Locators go by role and label, so the pages are shown to be labelled too. Screenshots land in
tests/screenshots/ as journey-invitations-*.png.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from accounts.factories import UserFactory
from accounts.models import Role
from employers.models import EmployerMember
from invitations.models import BusinessInvitation
from invitations.services import business_invite, invitation_emails_send
from universities.factories import UniversityFactory
from universities.models import Partnership, PartnershipStatus
from universities.services import career_staff_add

pytestmark = pytest.mark.browser

PASSWORD = "a-long-unusual-passphrase"
ROSTER = "Email;Full name;Major\nana@north.edu;Ana Diaz;Biology\nbo@south.edu;Bo South;\nnot-an-address;X;\n"


def log_in_as(page, live_server, user) -> None:
    """Hand the browser a session of `user` (the admin's MFA step is proven by the accounts tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_staff_check_a_roster_and_a_business_signs_up_from_its_invitation(
    live_server, page, second_page, shoot, mailoutbox, tmp_path
):
    north = UniversityFactory(name="North University", slug="north", domain="north.edu")
    UniversityFactory(name="South University", slug="south", domain="south.edu")
    carol = UserFactory(role=Role.CAREER_STAFF, email="carol@north.edu", mfa=True)
    career_staff_add(user=carol, university=north)

    log_in_as(page, live_server, carol)
    page.goto(live_server.url + reverse("admin:invitations_studentinvitation_changelist"))
    page.get_by_role("link", name="Upload a CSV").click()
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER)
    page.get_by_label("CSV file").set_input_files(str(roster))
    page.get_by_role("button", name="Check the file").click()
    table = page.get_by_role("table", name=re.compile("roster.csv"))
    expect(table.get_by_role("row")).to_have_count(4)
    expect(table).to_contain_text("OK: will be invited")
    expect(table).to_contain_text("An address of another university (South University).")
    shoot(page, "invitations-roster-preview")
    page.get_by_role("button", name="Send 1 invitation").click()
    expect(page.get_by_text("1 invitation confirmed")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Progress"))).to_be_visible()
    shoot(page, "invitations-student-list")

    invitation = business_invite(
        university=north, by=carol, email="dee@bakery.example", organisation_name="Corner Bakery"
    )
    invitation_emails_send(kind="businesses", ids=[invitation.pk])
    [message] = mailoutbox
    path = re.search(r"https?://[^/\s]+(/invitations/businesses/\S+/)", message.body).group(1)

    visitor = second_page
    visitor.goto(live_server.url + path)
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Join Micro-internships")
    expect(visitor.get_by_label("Email (the invited address)")).to_have_value("dee@bakery.example")
    shoot(visitor, "invitations-business-signup")
    visitor.get_by_label("Full name").fill("Dee Baker")
    visitor.get_by_label("Password", exact=True).fill(PASSWORD)
    visitor.get_by_label("Confirm password").fill(PASSWORD)
    visitor.get_by_role("main").get_by_role("button", name="Create account").click()
    expect(visitor).not_to_have_url(re.compile("/invitations/"))

    membership = EmployerMember.objects.select_related("employer").get(user__email="dee@bakery.example")
    assert membership.employer.name == "Corner Bakery"
    assert Partnership.objects.get(employer=membership.employer).status == PartnershipStatus.ACTIVE
    assert BusinessInvitation.objects.get().accepted_at is not None
    shoot(visitor, "invitations-business-after-signup")
