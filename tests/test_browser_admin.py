"""The admin as career staff use it, in Chromium at 1280 px and 390 px: every page they work in passes axe
(no serious or critical violation), fits 1280 px without a horizontal scroll of the content (long lists
wrap instead of being cut off on the right), and breaks no rule of the Content-Security-Policy.

axe-core is vendored for the tests only (tests/vendor/axe.min.js, version and licence beside it) and injected
as an init script, which the page's CSP does not apply to. Screenshots land in a temporary directory whose
path the test prints (kept with `--basetemp`) for a human to look at.
"""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.factories import UserFactory, totp_code
from accounts.models import Role
from applications.factories import ApplicationFactory
from employers.factories import EmployerFactory
from engagements.factories import EngagementFactory
from engagements.models import Payment
from students.factories import StudentProfileFactory
from tests.conftest import DESKTOP, PHONE
from tests.journey import log_in
from universities.factories import PartnershipFactory, UniversityFactory
from universities.models import PartnershipSide
from universities.services import career_staff_add

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SERIOUS = {"serious", "critical"}
# Violations of the page's CSP, recorded as they happen (the init script runs outside the CSP).
RECORD_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI} from ${event.sourceFile}:${event.lineNumber}`
  );
});
"""
LONG = "Interdisciplinary Computational Neuroscience and Machine Learning for Sustainable Urban Systems"


@pytest.fixture
def north_world():
    """North University with its career staff and enough of everything that every list has rows."""
    north = UniversityFactory(name="North University", slug="north", domain="north.edu")
    carol = UserFactory(role=Role.CAREER_STAFF, email="carol@north.edu", full_name="Carol Career", mfa=True)
    career_staff_add(user=carol, university=north)
    employer = EmployerFactory(name="Brightlane Cartography and Geospatial Analytics International")
    students = [
        StudentProfileFactory(
            university=north,
            user__full_name=f"Maximiliana Alexandra Featherstonehaugh-Wolfeschlegel {n}",
            user__email=f"maximiliana.featherstonehaugh.{n}@students.north.edu",
            major=LONG,
        )
        for n in range(3)
    ]
    application = ApplicationFactory(
        student=students[0], project__employer=employer, project__title=f"Map the {LONG}"
    )
    engagement = EngagementFactory(application__student=students[1], application__project__employer=employer)
    Payment.objects.create(
        engagement=engagement,
        amount=Decimal("480.00"),
        currency="EUR",
        due_at=timezone.now() + dt.timedelta(days=14),
        reference="INV-2026-0042-BRIGHTLANE-GEOSPATIAL",
    )
    PartnershipFactory(employer=employer, university=north, message="We hire every term.")
    PartnershipFactory(
        employer=EmployerFactory(name="Quayside Robotics"),
        university=north,
        requested_by_side=PartnershipSide.UNIVERSITY,
    )
    return {"carol": carol, "student": students[0], "application": application}


def admin_pages(world) -> list[tuple[str, str]]:
    return [
        ("index", reverse("admin:index")),
        ("students", reverse("admin:students_studentprofile_changelist")),
        ("student", reverse("admin:students_studentprofile_change", args=[world["student"].pk])),
        ("users", reverse("admin:accounts_user_changelist")),
        ("partnerships", reverse("admin:universities_partnership_changelist")),
        ("partnership-ask", reverse("admin:universities_partnership_ask")),
        ("employers", reverse("admin:employers_employer_changelist")),
        ("projects", reverse("admin:projects_project_changelist")),
        ("applications", reverse("admin:applications_application_changelist")),
        ("application", reverse("admin:applications_application_change", args=[world["application"].pk])),
        ("engagements", reverse("admin:engagements_engagement_changelist")),
        ("payments", reverse("admin:engagements_payment_changelist")),
        ("universities", reverse("admin:universities_university_changelist")),
        ("domains", reverse("admin:universities_universitydomain_changelist")),
        ("career-staff", reverse("admin:universities_careerstaffmembership_changelist")),
        ("business-invitations", reverse("admin:invitations_businessinvitation_changelist")),
        ("student-invitations", reverse("admin:invitations_studentinvitation_changelist")),
    ]


def serious_violations(page) -> list[str]:
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in SERIOUS
    ]


def content_overflow(page) -> list[str]:
    """What is wider than it may be: the page itself, or a list's table scrolled inside its box."""
    return page.evaluate(
        """() => {
          const found = [];
          const root = document.documentElement;
          if (root.scrollWidth > root.clientWidth) found.push(`page ${root.scrollWidth}px`);
          const boxes = document.querySelectorAll('#content-main, .results, #changelist-form, fieldset');
          for (const box of boxes) {
            if (box.scrollWidth > box.clientWidth + 1) {
              found.push(`${box.id || box.className} ${box.scrollWidth}px > ${box.clientWidth}px`);
            }
          }
          return found;
        }"""
    )


def test_the_admin_pages_career_staff_use_are_accessible_and_fit(live_server, browser, north_world, tmp_path):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    context.add_init_script(script=RECORD_CSP)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    console_csp: list[str] = []
    page.on(
        "console",
        lambda message: (
            console_csp.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    page.goto(f"{live_server.url}{reverse('admin:index')}")
    log_in(page, live_server.url, email=north_world["carol"].email)
    page.get_by_label("Authenticator or recovery code").fill(totp_code())
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}{reverse('admin:index')}")
    expect(page.get_by_role("link", name="Back to the site")).to_be_visible()

    problems: list[str] = []
    for name, path in admin_pages(north_world):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, f"{name}: {response and response.status}"
        page.wait_for_load_state("load")
        # Read before axe runs: axe's own probes would count as the page's.
        problems += [f"{name}: CSP {v}" for v in page.evaluate("window.__cspViolations")]
        problems += [f"{name}: console {text}" for text in console_csp]
        console_csp.clear()
        for label, viewport in (("1280", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(viewport)
            page.screenshot(path=tmp_path / f"admin-{name}-{label}.png", full_page=True)
            problems += [f"{name} at {label}px: {v}" for v in serious_violations(page)]
            if label == "1280":
                problems += [f"{name} at 1280px overflows: {o}" for o in content_overflow(page)]
            elif page.evaluate("document.documentElement.scrollWidth") > viewport["width"]:
                problems.append(f"{name} is wider than the phone's {label}px")
        page.set_viewport_size(DESKTOP)
        console_csp.clear()
    context.close()
    print(f"admin screenshots in {tmp_path}")
    assert not problems, json.dumps(problems, indent=1)


def test_an_owner_asks_a_university_from_the_organisation_page(live_server, page, screenshot):
    """The employer's side in the browser: the partnerships card and the request form, axe-clean at both
    widths, and the request reaching the card as "Requested"."""
    from employers.factories import EmployerMemberFactory

    page.context.add_init_script(path=str(AXE))
    UniversityFactory(name="North University", slug="north", domain="north.edu")
    owner = EmployerMemberFactory(employer__name="Brightlane", employer__slug="brightlane").user
    PartnershipFactory(
        employer=owner.employer_memberships.get().employer,
        university=UniversityFactory(name="South University", slug="south", domain="south.edu"),
        requested_by_side=PartnershipSide.UNIVERSITY,
        message="Our geography students would love your projects.",
    )

    log_in(page, live_server.url, email=owner.email)
    page.goto(f"{live_server.url}{reverse('employers:org_detail', args=['brightlane'])}")
    card = page.locator("#partnerships")
    expect(card.get_by_text("The career office invited you")).to_be_visible()
    screenshot("partnership-invited")
    assert serious_violations(page) == []
    card.get_by_role("button", name="Confirm the partnership with South University").click()
    expect(page.get_by_text("Brightlane and South University are now partners.")).to_be_visible()
    expect(card.get_by_text("Active")).to_be_visible()
    card.get_by_role("link", name="Ask a university for a partnership").click()

    page.get_by_label("University").select_option(label="North University")
    page.get_by_label("Message").fill("We have map projects every term.")
    screenshot("partnership-request")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Send request").click()

    expect(card.get_by_text("North University")).to_be_visible()
    expect(card.get_by_text("Requested")).to_be_visible()
    screenshot("partnership-org-page")
    assert serious_violations(page) == []
