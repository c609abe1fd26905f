"""The first visit in a real browser: signed out, the search (with htmx) and a project's page work under the
Content-Security-Policy without a single violation (the JSON-LD block carries the response's nonce), fit at
390 px and 1280 px, and "Apply" opens the sign-up. Screenshots land in tests/screenshots/.
"""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from employers.factories import EmployerFactory
from projects.factories import ProjectFactory
from tests.test_csp import _watch_for_violations

pytestmark = pytest.mark.browser


def test_a_signed_out_visitor_searches_reads_and_reaches_sign_up(live_server, page, screenshot):
    employer = EmployerFactory(name="Brightlane Analytics")
    project = ProjectFactory(
        employer=employer,
        published=True,
        title="Customer churn dashboard",
        summary="Build a churn dashboard from our subscription data.",
    )
    ProjectFactory(employer=employer, published=True, title="Survey cleaning")
    violations = _watch_for_violations(page)

    page.goto(f"{live_server.url}{reverse('projects:search')}")
    expect(page.get_by_role("heading", name="Find a project")).to_be_visible()
    with page.expect_response(lambda response: "q=churn" in response.url):
        page.get_by_role("searchbox").fill("churn")
    expect(page.locator(".result-card")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    screenshot("public-search")

    page.get_by_role("link", name="Customer churn dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Customer churn dashboard")
    data = page.locator('script[type="application/ld+json"]').text_content()
    assert json.loads(data)["title"] == project.title
    page.wait_for_load_state("networkidle")
    screenshot("public-project")

    page.get_by_role("main").get_by_role("link", name="Apply", exact=True).click()
    expect(page).to_have_url(
        f"{live_server.url}{reverse('account_signup')}?role=student&next="
        f"{reverse('projects:detail', args=[project.public_id])}"
    )
    assert violations == []
