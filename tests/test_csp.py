"""The Content-Security-Policy (django-csp, CONTENT_SECURITY_POLICY in marketplace/settings/base.py): on every
page, with no 'unsafe-inline' for scripts or styles; the report endpoint; and in a browser, the site's pages,
the admin and the API docs work under it without a single violation."""

import json
import logging
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.test_career_admin_scoping import change_url

ROOT = Path(__file__).resolve().parent.parent


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.fixture
def csp_admin(db):
    return UserFactory(email="csp-admin@example.org", is_staff=True, is_superuser=True)


def _pages(w, csp_admin, student_profile) -> list[tuple[object, str]]:
    """(who, URL) for pages of every kind: public, a student's search, an engagement, the admin, the docs."""
    return [
        (None, reverse("home")),
        (None, reverse("account_login")),
        (None, "/no-such-page/"),
        (None, reverse("api-docs")),
        (None, reverse("api-redoc")),
        (None, reverse("api-schema")),
        (None, "/api/v1/skills/"),
        (w.student, reverse("projects:search") + "?q=data"),
        (w.student, reverse("engagements:detail", args=[w.engagement.public_id])),
        (w.student, reverse("mfa_index")),
        (csp_admin, reverse("admin:index")),
        (csp_admin, change_url(student_profile)),
    ]


def test_every_kind_of_page_carries_a_strict_policy(client, w, csp_admin, student_profile):
    for user, url in _pages(w, csp_admin, student_profile):
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code in (200, 401, 404), (url, response.status_code)
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"], url
        for directive in ("script-src", "style-src"):
            assert "'unsafe-inline'" not in policy[directive], (url, directive)
            assert "'unsafe-eval'" not in policy[directive], (url, directive)
        assert policy["frame-ancestors"] == ["'none'"], url
        assert policy["object-src"] == ["'none'"], url
        assert policy["base-uri"] == ["'self'"], url
        assert policy["form-action"] == ["'self'"], url
        assert policy["report-uri"] == [reverse("csp_report")], url


def test_the_docs_pages_allow_their_inline_code_by_this_responses_nonce_only(client):
    for name in ("api-docs", "api-redoc"):
        first, second = client.get(reverse(name)), client.get(reverse(name))
        nonces = []
        for response in (first, second):
            policy = _policy(response)
            (nonce,) = [value for value in policy["script-src"] if value.startswith("'nonce-")]
            assert nonce in policy["style-src"]
            value = nonce.removeprefix("'nonce-").removesuffix("'")
            html = response.content.decode()
            # Every inline <script> and <style> carries it; none goes without.
            inline = re.findall(r"<(script|style)(?![^>]*\bsrc=)([^>]*)>", html)
            assert inline and all(f'nonce="{value}"' in attributes for _, attributes in inline), name
            nonces.append(value)
        assert nonces[0] != nonces[1]


def test_a_page_without_inline_code_gets_no_nonce(client, db):
    policy = _policy(client.get(reverse("home")))
    assert not any(value.startswith("'nonce-") for value in policy["script-src"] + policy["style-src"])


def test_the_sites_templates_hold_no_inline_script_style_or_event_handler():
    """What the policy refuses must not be in a page template (e-mail templates are not pages)."""
    offenders = []
    apps = [path for path in ROOT.glob("*/templates") if path.parent.name != ".venv"]
    folders = [ROOT / "templates", *apps]
    for path in (path for folder in folders for path in folder.glob("**/*.html")):
        if "email" in path.parts or "drf_spectacular" in path.parts:
            continue
        text = path.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)([^>]*)>", text):
            attributes = match.group(1)
            # allauth's data blocks are not run; nor is a JSON-LD block, which carries the response's nonce.
            data_block = 'type="application/json"' in attributes or (
                'type="application/ld+json"' in attributes and "request.csp_nonce" in attributes
            )
            if not data_block:
                offenders.append(f"{path}: inline <script>")
        if re.search(r"<style\b|\sstyle=|\son[a-z]+=", text):
            offenders.append(f"{path}: inline style or event handler")
    assert offenders == []


# --- The report endpoint ----------------------------------------------------------------------------------


REPORT = {
    "csp-report": {
        "document-uri": "https://example.org/projects/",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "blocked-uri": "inline",
        "original-policy": "default-src 'self'",
    }
}


def _post_report(client, body: bytes):
    return client.post(reverse("csp_report"), data=body, content_type="application/csp-report")


def test_a_violation_report_is_logged_and_answered_204_without_a_csrf_token(db, caplog):
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING, logger="marketplace.csp"):
        response = _post_report(client, json.dumps(REPORT).encode())
    assert response.status_code == 204
    assert response.content == b""
    (record,) = [r for r in caplog.records if r.name == "marketplace.csp"]
    assert "script-src-elem" in record.getMessage()
    assert "https://example.org/projects/" in record.getMessage()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"csp-report": "text"}',
        json.dumps({"csp-report": {**REPORT["csp-report"], "blocked-uri": "x" * 9000}}).encode(),
        b"",
    ],
    ids=["not-json", "a-list", "no-object", "over-8-kb", "empty"],
)
def test_a_bad_or_oversized_report_is_answered_204_and_not_logged(db, caplog, body):
    with caplog.at_level(logging.WARNING, logger="marketplace.csp"):
        response = _post_report(Client(enforce_csrf_checks=True), body)
    assert response.status_code == 204
    assert [r for r in caplog.records if r.name == "marketplace.csp"] == []


def test_reports_from_one_address_are_logged_at_most_thirty_a_minute(db, caplog):
    client = Client()
    with caplog.at_level(logging.WARNING, logger="marketplace.csp"):
        answers = {_post_report(client, json.dumps(REPORT).encode()).status_code for _ in range(35)}
    assert answers == {204}
    assert len([r for r in caplog.records if r.name == "marketplace.csp"]) == 30


def test_the_report_endpoint_only_takes_posts(client):
    assert client.get(reverse("csp_report")).status_code == 405


# --- In a browser -------------------------------------------------------------------------------------------


def _watch_for_violations(page) -> list[str]:
    """Every CSP violation the page meets: the browser's console line and the page's own event."""
    seen: list[str] = []
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', function (event) {"
        "  console.error('securitypolicyviolation ' + event.violatedDirective + ' ' + event.blockedURI);"
        "});"
    )
    page.on(
        "console",
        lambda message: (
            ("Content Security Policy" in message.text or "securitypolicyviolation" in message.text)
            and seen.append(f"{page.url}: {message.text}")
        ),
    )
    page.on(
        "request",
        lambda request: "/csp-report/" in request.url and seen.append(f"report from {page.url}"),
    )
    return seen


def _sign_in(page, live_server, user) -> None:
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


@pytest.mark.browser
def test_the_site_the_admin_and_the_docs_work_under_the_policy_without_a_violation(
    live_server, page, w, csp_admin, student_profile
):
    from playwright.sync_api import expect

    violations = _watch_for_violations(page)

    _sign_in(page, live_server, None)
    page.goto(f"{live_server.url}{reverse('home')}")
    expect(page.locator("h1")).to_be_visible()
    page.screenshot(path="tests/screenshots/csp-home-1280.png", full_page=True)

    # A student's search: htmx swaps the results in as they type.
    _sign_in(page, live_server, w.student)
    page.goto(f"{live_server.url}{reverse('projects:search')}")
    with page.expect_response(lambda response: "q=zzz" in response.url):
        page.get_by_role("searchbox").fill("zzz")
    page.wait_for_load_state("networkidle")
    page.screenshot(path="tests/screenshots/csp-search-1280.png", full_page=True)

    page.goto(f"{live_server.url}{reverse('engagements:detail', args=[w.engagement.public_id])}")
    expect(page.locator("h1")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.screenshot(path="tests/screenshots/csp-engagement-1280.png", full_page=True)

    page.goto(f"{live_server.url}{reverse('mfa_index')}")
    expect(page.locator("h1")).to_be_visible()

    _sign_in(page, live_server, csp_admin)
    page.goto(f"{live_server.url}{reverse('admin:index')}")
    expect(page.locator("#site-name")).to_be_visible()
    page.goto(f"{live_server.url}{change_url(student_profile)}")
    expect(page.locator("form#studentprofile_form")).to_be_visible()
    page.wait_for_load_state("networkidle")
    page.screenshot(path="tests/screenshots/csp-admin-change-1280.png", full_page=True)

    _sign_in(page, live_server, None)
    page.goto(f"{live_server.url}{reverse('api-docs')}")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15_000)
    page.wait_for_load_state("networkidle")
    page.screenshot(path="tests/screenshots/csp-swagger-1280.png")
    page.goto(f"{live_server.url}{reverse('api-redoc')}")
    expect(page.locator(".redoc-wrap .api-content h1").first).to_be_visible(timeout=15_000)
    # Redoc's own styles (injected with the nonce it is given) applied: its menu is laid out beside the text.
    assert page.locator(".redoc-wrap .menu-content").evaluate("e => getComputedStyle(e).position") != "static"
    page.wait_for_load_state("networkidle")
    page.screenshot(path="tests/screenshots/csp-redoc-1280.png")

    # The one refusal expected, and wanted: Redoc's bundled "by Redocly" logo, an image on cdn.redoc.ly.
    redocly_logo = [v for v in violations if "/api/redoc/" in v and ("cdn.redoc.ly" in v or "report" in v)]
    assert 1 <= len(redocly_logo) <= 3
    assert [v for v in violations if v not in redocly_logo] == []


@pytest.mark.browser
def test_the_copy_button_of_a_new_api_token_works_under_the_policy(live_server, page, student):
    """Its script was inline; it is a static file now (static/js/copy-token.js)."""
    from playwright.sync_api import expect

    violations = _watch_for_violations(page)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    _sign_in(page, live_server, student)
    page.goto(f"{live_server.url}{reverse('api_tokens')}")
    page.get_by_label("Token name").fill("csp check")
    page.get_by_role("button", name="Create token").click()
    page.get_by_role("main").get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    token = page.get_by_label("New API token").input_value()
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("status").filter(has_text="Copied to the clipboard.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == token
    assert violations == []
