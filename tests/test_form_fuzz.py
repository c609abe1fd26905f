"""A fuzz over every form of the site (not only the API): the pages each persona reaches are crawled, every
POST form found is sent hostile values, and no answer may be a server error.

Control characters get a 400 before any view runs (marketplace/text_input.py); everything else (text far
over its length, numbers out of range, impossible dates, unknown choices, an empty form) must come back as
a form error, a redirect or a 4xx. The crawl follows links from each persona's dashboard, stays on the site's
pages (not the admin, the API, files, or logging out) and sends each form as found on the page.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from projects.factories import ProjectFactory
from tests.engagement_world import make_engagement_world
from universities.factories import CareerStaffFactory

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/accounts/logout/", "/healthz")
MAX_PAGES = 80


@dataclass
class Form:
    action: str
    fields: list[tuple[str, str, str, list[str]]] = field(default_factory=list)  # name, kind, value, options


class PageParser(HTMLParser):
    """The links and POST forms of a page: enough of HTML for a crawler."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url, self.links, self.forms = url, set(), []
        self._form: Form | None = None
        self._select: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.add(urljoin(self.url, a["href"]))
        elif tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(urljoin(self.url, a.get("action") or self.url))
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input" and a.get("type", "text") not in ("submit", "button", "file", "image", "reset"):
            self._form.fields.append((a["name"], a.get("type", "text"), a.get("value", ""), []))
        elif tag == "textarea":
            self._form.fields.append((a["name"], "textarea", "", []))
        elif tag == "select":
            self._select = (a["name"], [])
            self._form.fields.append((a["name"], "select", "", self._select[1]))
        elif tag == "option" and self._select is not None:
            self._select[1].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


HOSTILE = {
    "text": "x" * 20_000,
    "textarea": "y" * 200_000,
    "email": "not-an-email@",
    "url": "javascript:alert(1)",
    "number": "-99999999999999999999999",
    "date": "2026-13-45",
    "datetime-local": "0000-00-00T99:99",
    "time": "25:61",
    "select": "zzz-not-a-choice",
    "password": "p" * 5000,
    "search": "%' OR 1=1 --",
    "tel": "+" * 300,
}


def variants(form: Form) -> Iterator[tuple[str, dict[str, str], set[int] | None]]:
    """(name, body, the statuses expected or None for "anything but 5xx")."""
    kept = {name: value for name, kind, value, _ in form.fields if kind in ("hidden", "checkbox", "radio")}
    texts = [name for name, kind, *_ in form.fields if kind in ("text", "textarea", "search", "email")]
    if texts:
        yield "nul", {**kept, **dict.fromkeys(texts, "a\x00b")}, {400}
        yield "escape", {**kept, **dict.fromkeys(texts, "a\x1b[31mb")}, {400}
    yield (
        "hostile",
        {
            **kept,
            **{
                name: HOSTILE.get(kind, "\u202e\ufeff")
                for name, kind, *_ in form.fields
                if kind not in ("hidden", "checkbox", "radio")
            },
        },
        None,
    )
    yield "empty", {}, None
    yield "negative", {name: "-1" for name, *_ in form.fields}, None


def crawl(client: Client, start: list[str]) -> Iterator[tuple[str, Form]]:
    seen_pages, seen_forms, queue = set(), set(), list(start)
    while queue and len(seen_pages) < MAX_PAGES:
        url = queue.pop(0)
        parts = urlsplit(url)
        if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        page = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path in seen_pages:
            continue
        seen_pages.add(parts.path)
        response = client.get(page)
        assert response.status_code < 500, (page, response.status_code)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        parser = PageParser(f"http://testserver{page}")
        parser.feed(response.content.decode())
        for form in parser.forms:
            key = (urlsplit(form.action).path, tuple(name for name, *_ in form.fields))
            if key not in seen_forms and not urlsplit(form.action).path.startswith(SKIPPED_PREFIXES):
                seen_forms.add(key)
                yield page, form
        queue.extend(sorted(parser.links))


@pytest.fixture
def personas():
    world = make_engagement_world()
    ProjectFactory(employer=world.engagement.employer, published=True)
    return {
        "anonymous": None,
        "student": world.student,
        "employer": world.employer,
        "career_staff": CareerStaffFactory().user,
    }


@pytest.mark.parametrize("persona", ["anonymous", "student", "employer", "career_staff"])
def test_no_form_answers_hostile_input_with_a_server_error(personas, persona):
    client = Client(raise_request_exception=False)
    if personas[persona] is not None:
        client.force_login(personas[persona])
    start = ["/", reverse("account_login"), reverse("account_signup")]
    if personas[persona] is not None:
        start.insert(0, reverse("dashboard"))
    failures, sent = [], 0
    forms = list(crawl(client, start))
    for page, form in forms:
        target = urlsplit(form.action)
        target_path = target.path + (f"?{target.query}" if target.query else "")
        for name, body, expected in variants(form):
            response = client.post(target_path, body)
            sent += 1
            if response.status_code >= 500 or (expected and response.status_code not in expected):
                failures.append((page, target_path, name, response.status_code))
        if personas[persona] is not None:
            client.force_login(personas[persona])  # a form may have signed the persona out
    print(f"{persona}: {len(forms)} forms, {sent} hostile requests")  # shown with pytest -s
    assert sent >= 10, f"only {sent} requests: the crawl found too few forms"
    assert failures == []
