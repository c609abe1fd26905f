"""The API keeps the promises of its OpenAPI schema, and the schema and its docs are served self-contained.

Schemathesis loads /api/schema/ from the WSGI application and calls every operation with generated input,
authenticated with a personal token as a student, an employer member and career staff, over a small seeded
world (tests/api_world.py). Each operation is called with valid input aimed at the world's own objects
and with invalid input (random ids included), under the test settings and again with DEBUG on as in
development. Every schemathesis check runs (CHECKS below): no 5xx; a documented status code, content type,
headers and body; invalid input (an empty or mistyped query parameter included) refused with a 4xx; valid
input to a read accepted (the exclusions are explained in positive_query_acceptance); a request without
its credentials refused; an unsupported method answered 405. Requests go through the real WSGI
handler, which closes the database connection after each request, so the test uses committed data
(transactional_db).

Operations are driven one by one with ``operation.as_strategy()`` rather than schemathesis' pytest
parametrisation, whose lazy-fixture mode relies on pytest internals that pytest 9.2 removed; a failure names
the operation, the request and the response, and every operation is tried before the test fails.
"""

import re
from typing import Any

import pytest
import schemathesis
from django.db import connection
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from rest_framework.test import APIClient
from schemathesis import GenerationMode
from schemathesis import checks as schemathesis_checks
from schemathesis.core.failures import FailureGroup

from accounts.factories import DEFAULT_PASSWORD
from marketplace.wsgi import application
from notifications.models import Notification
from tests.api_world import ApiWorld, build_api_world

ROLES = ["student", "member", "career_staff"]
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Query parameters whose valid values depend on the data, not on the schema: a skill that is in the
# taxonomy, an organisation with open projects; and pairs where the least must not pass the most.
DATA_DEPENDENT_QUERY = {"skills", "employer"}
RANGES = (("hours_min", "hours_max"), ("fee_min", "fee_max"))


def _has_control_character(value: Any) -> bool:
    if isinstance(value, str):
        return bool(CONTROL_CHARACTER.search(value))
    if isinstance(value, dict):
        return any(_has_control_character(k) or _has_control_character(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_control_character(item) for item in value)
    return False


def _reversed_range(query: dict[str, Any]) -> bool:
    try:
        return any(
            float(query[low]) > float(query[high]) for low, high in RANGES if low in query and high in query
        )
    except (TypeError, ValueError):
        return False


def positive_query_acceptance(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis' positive_data_acceptance (every schema-valid request is accepted), for reads.

    Excluded on purpose: (1) bodies of writes, whose schema-valid values are refused with a documented 400
    by the services' rules on the object's state (a kickoff already confirmed, a review before the end, an
    application already made, a milestone date before today) — rules that no OpenAPI schema can state;
    (2) any text holding a control character, refused with a 400 on purpose everywhere (marketplace/
    text_input.py; JSON Schema has no way to say "no control characters" that generators honour);
    (3) the data-dependent and cross-field search parameters above."""
    query = case.query or {}
    if (
        case.method != "GET"
        or _has_control_character(query)
        or _has_control_character(case.path_parameters or {})
        or DATA_DEPENDENT_QUERY & set(query)
        or _reversed_range(query)
    ):
        return None
    return schemathesis_checks.positive_data_acceptance(ctx, response, case)


CHECKS = [
    schemathesis_checks.not_a_server_error,
    schemathesis_checks.status_code_conformance,
    schemathesis_checks.content_type_conformance,
    schemathesis_checks.response_headers_conformance,
    schemathesis_checks.response_schema_conformance,
    schemathesis_checks.negative_data_rejection,
    positive_query_acceptance,
    schemathesis_checks.missing_required_header,
    schemathesis_checks.unsupported_method,
    schemathesis_checks.ignored_auth,
]
EXAMPLES_PER_MODE = 2  # x 2 modes x ~60 operations x 3 roles x 2 settings: under a minute
HYPOTHESIS = hypothesis_settings(
    max_examples=EXAMPLES_PER_MODE,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # report the failing input as found; shrinking costs minutes
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def committed_api_world(transactional_db, settings, monkeypatch) -> ApiWorld:
    # Thousands of generated requests per user: lift the rate limits (tested in accounts/tests), and keep
    # the database connection between requests instead of reconnecting for each (test settings say 0).
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    connection.close()
    return build_api_world()


def known_path_parameters(world: ApiWorld, path: str) -> dict[str, Any]:
    """Ids of the world's own objects for an operation's path, so valid input reaches past the 404."""
    values: dict[str, Any] = {}
    if "{public_id}" in path:
        if path.startswith("/api/v1/engagements/"):
            values["public_id"] = world.engagement.public_id
        elif "applications/{public_id}" in path:
            values["public_id"] = world.application.public_id
        elif path.startswith("/api/v1/notifications/"):
            values["public_id"] = Notification.objects.filter(user=world.student).values_list(
                "public_id", flat=True
            )[0]
        else:
            values["public_id"] = world.project.public_id
    if "{id}" in path:
        values["id"] = world.submission.pk if "/submissions/{id}" in path else world.milestones[1].pk
    if "{slug}" in path:
        values["slug"] = world.employer.slug
    return {name: str(value) for name, value in values.items()}


def run_operation(strategy: Any, headers: dict[str, str]) -> None:
    @HYPOTHESIS
    @given(case=strategy)
    def check(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
@pytest.mark.parametrize("role", ROLES)
def test_every_operation_keeps_to_the_schema(committed_api_world, role, debug, settings):
    # The development settings differ for the API in DEBUG, which makes Django answer its own errors (a path
    # that matches no URL, a crash) with HTML pages; the API must answer alike under both.
    settings.DEBUG = debug
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    headers = {"Authorization": f"Bearer {committed_api_world.token_for(role)}"}
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        known = known_path_parameters(committed_api_world, operation.path)
        strategies = [
            operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known),
            operation.as_strategy(GenerationMode.NEGATIVE),
        ]
        for strategy in strategies:
            try:
                run_operation(strategy, headers)
            except Unsatisfiable:
                continue  # nothing invalid can be said to it (e.g. a slug path parameter takes any string)
            except (Exception, FailureGroup) as error:  # every failing operation is reported
                failures.append(f"{operation.label} as {role}:\n{error}")
                break
    assert operations > 0
    assert not failures, f"{len(failures)} of {operations} operations broke the schema:\n\n" + "\n\n".join(
        failures
    )


# --- The schema document and the documentation pages -------------------------------------------------------


@pytest.fixture
def document(db) -> dict:
    response = APIClient().get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_the_schema_is_public_and_declares_the_bearer_token(document):
    assert document["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal token from /accounts/api-tokens/: `Authorization: Bearer mp_…`.",
    }
    assert document["paths"], "no endpoint is documented"
    assert all(path.startswith("/api/v1/") for path in document["paths"])


def test_the_error_format_is_one_documented_component(document):
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["detail", "errors", "type"]
    assert error["properties"]["errors"]["additionalProperties"]["type"] == "array"


def test_every_operation_documents_its_errors_and_its_rate_limit(document):
    missing = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            public = {} in operation.get("security", [])
            if "429" not in responses or ("401" not in responses and not public):
                missing.append(f"{method.upper()} {path}")
            assert operation.get("operationId"), f"{method.upper()} {path} has no operation id"
            assert operation.get("tags"), f"{method.upper()} {path} has no tag"
    assert not missing


def test_every_tag_in_use_is_declared_with_a_description(document, settings):
    """The docs group operations by tag and show each declared tag's description; a tag used but not
    declared in SPECTACULAR_SETTINGS["TAGS"] shows bare, at the end."""
    used = {
        tag for item in document["paths"].values() for operation in item.values() for tag in operation["tags"]
    }
    declared = {tag["name"]: tag.get("description", "") for tag in settings.SPECTACULAR_SETTINGS["TAGS"]}
    assert sorted(used - set(declared)) == []
    assert all(declared[tag] for tag in used)
    assert [tag["name"] for tag in document["tags"]] == list(declared)


def test_the_schema_is_valid_openapi(document):
    validate_schema(document)  # raises jsonschema.ValidationError, naming the part that is not


@pytest.mark.parametrize("name", ["api-docs", "api-redoc"])
def test_the_docs_pages_load_only_vendored_assets(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/schema/" in html
    external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", html)
    assert external == []
    assert "/static/drf_spectacular_sidecar/" in html


# --- In a browser: the docs pages and the tokens page ------------------------------------------------------


def _record_requests(page) -> list[str]:
    """URLs the page asked for, less those its Content-Security-Policy stopped before they went out."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "requestfailed",
        lambda request: request.failure == "csp" and requests.remove(request.url),
    )
    return requests


@pytest.mark.browser
@pytest.mark.parametrize(
    ("name", "ready"), [("api-docs", ".swagger-ui .opblock"), ("api-redoc", ".redoc-wrap")]
)
def test_the_docs_render_in_a_browser_without_external_requests(live_server, page, name, ready):
    requests = _record_requests(page)
    page.goto(f"{live_server.url}{reverse(name)}")
    page.wait_for_selector(ready, state="attached", timeout=15_000)
    page.wait_for_load_state("networkidle")

    outside = [url for url in requests if not url.startswith((live_server.url, "data:", "blob:"))]
    assert outside == []
    for label, viewport in (("1280", {"width": 1280, "height": 800}), ("390", {"width": 390, "height": 844})):
        page.set_viewport_size(viewport)
        page.screenshot(path=f"tests/screenshots/{name}-{label}.png")


@pytest.mark.browser
def test_a_user_creates_a_token_in_the_browser_calls_the_api_and_revokes_it(
    live_server, page, screenshot, student
):
    from playwright.sync_api import expect

    page.context.add_cookies(_session_cookie(student, live_server))
    page.goto(f"{live_server.url}{reverse('account_change_password')}")
    page.get_by_role("navigation", name="Account settings").get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    expect(page.get_by_text("You have no active tokens.")).to_be_visible()
    screenshot("api-tokens-empty")

    page.get_by_label("Token name").fill("laptop script")
    page.get_by_role("button", name="Create token").click()
    # A new token asks for the password again (accounts/views_tokens.py); the held request then goes on.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your password")
    page.get_by_role("main").get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Copy your new token now")).to_be_visible()
    token = page.get_by_label("New API token").input_value()
    assert token.startswith("mp_")
    screenshot("api-tokens-created")

    api = APIClient()
    response = api.get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200

    page.get_by_label("Token name").fill("laptop script")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_text("You already have an active token with this name.")).to_be_visible()
    screenshot("api-tokens-duplicate")

    page.get_by_role("link", name="Revoke laptop script").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revoke “laptop script”?")
    screenshot("api-token-revoke")
    page.get_by_role("button", name="Revoke token").click()
    expect(page.get_by_text("You have no active tokens.")).to_be_visible()
    refused = api.get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert refused.status_code == 401


def _session_cookie(user, live_server) -> list[dict]:
    from django.conf import settings as django_settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return [
        {
            "name": django_settings.SESSION_COOKIE_NAME,
            "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url,
        }
    ]
