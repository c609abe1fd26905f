"""The server refuses what its schema does not allow, and the schema allows what the server accepts.

Findings of schemathesis' full checks (tests/test_api_schema.py runs them for every role), pinned here one by
one: invalid paging and filter parameters were silently ignored, the schema offered values the server
refuses, a JSON-only endpoint was documented as taking forms, and with DEBUG on a malformed id got HTML.
"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "/api/v1/notifications/"
SEARCH = "/api/v1/projects/"
PREFERENCES = "/api/v1/notifications/preferences/"


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def assert_field_error(response, field: str) -> None:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["type"] == "validation_error"
    assert list(body["errors"]) == [field], body


@pytest.fixture
def schema_document() -> dict:
    return APIClient().get("/api/schema/?format=json").json()


def query_parameter(document: dict, path: str, name: str) -> dict:
    parameters = document["paths"][path]["get"]["parameters"]
    return next(p for p in parameters if p["name"] == name)["schema"]


# --- Paging -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["null", "abc", "-1", "0", "1.5", "101", "", "²"])
def test_a_page_size_that_is_not_a_whole_number_from_1_to_100_is_a_400(student, value):
    assert_field_error(api_for(student).get(NOTIFICATIONS, {"page_size": value}), "page_size")


@pytest.mark.parametrize("value", ["abc", "0", "-1", ""])
def test_a_page_that_is_not_a_whole_number_from_1_is_a_400(student, value):
    assert_field_error(api_for(student).get(NOTIFICATIONS, {"page": value}), "page")


def test_a_page_past_the_end_stays_a_404_and_good_values_work(student):
    api = api_for(student)
    assert api.get(NOTIFICATIONS, {"page": 2}).status_code == 404
    assert api.get(NOTIFICATIONS, {"page": 1, "page_size": 100}).status_code == 200


def test_a_paging_parameter_given_twice_is_a_400(student):
    assert_field_error(api_for(student).get(NOTIFICATIONS + "?page_size=5&page_size=6"), "page_size")


def test_the_schema_bounds_the_paging_parameters(schema_document):
    for path in (NOTIFICATIONS, SEARCH, "/api/v1/employer/projects/"):
        assert query_parameter(schema_document, path, "page") == {"type": "integer", "minimum": 1}
        assert query_parameter(schema_document, path, "page_size")["minimum"] == 1
        assert query_parameter(schema_document, path, "page_size")["maximum"] == 100


# --- Filters ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("deadline_before", ""),
        ("hours_min", ""),
        ("sort", ""),
        ("remote", "maybe"),
        ("fee_min", "1e5"),
        ("fee_max", "-3"),
        ("hours_min", "-1"),
        ("hours_max", "1001"),
    ],
)
def test_an_empty_or_malformed_search_filter_is_a_400(student, parameter, value):
    assert_field_error(api_for(student).get(SEARCH, {parameter: value}), parameter)


def test_a_search_filter_given_twice_is_a_400(student):
    assert_field_error(api_for(student).get(SEARCH + "?hours_min=1&hours_min=2"), "hours_min")


def test_search_filters_within_the_schema_are_accepted(student):
    response = api_for(student).get(
        SEARCH,
        {
            "q": "data",
            "hours_min": 0,
            "hours_max": 1000,
            "fee_min": "0",
            "fee_max": "120.50",
            "remote": "false",
        },
    )
    assert response.status_code == 200


def test_the_schema_states_the_bounds_the_search_enforces(schema_document):
    for name in ("hours_min", "hours_max"):
        assert query_parameter(schema_document, SEARCH, name) == {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000,
        }
    assert query_parameter(schema_document, SEARCH, "fee_min")["pattern"] == r"^[0-9]{1,8}(\.[0-9]{1,2})?$"
    assert query_parameter(schema_document, SEARCH, "q")["maxLength"] == 200


def test_an_empty_filter_of_a_serializer_read_list_is_a_400(student, member):
    assert_field_error(api_for(student).get(NOTIFICATIONS, {"unread": ""}), "unread")
    assert_field_error(api_for(member).get(reverse("api-employer-project-list"), {"status": ""}), "status")


# --- Content types ------------------------------------------------------------------------------------------


def test_notification_preferences_are_documented_and_taken_as_json_only(student, schema_document):
    body = schema_document["paths"][PREFERENCES]["put"]["requestBody"]["content"]
    assert list(body) == ["application/json"]
    api = api_for(student)
    form = api.put(PREFERENCES, {"preferences": "new_match"}, format="multipart")
    assert form.status_code == 415
    assert form.json()["type"] == "unsupported_media_type"
    json = api.put(PREFERENCES, {"preferences": [{"kind": "new_match", "delivery": "off"}]}, format="json")
    assert json.status_code == 200


@pytest.mark.parametrize("debug", [False, True], ids=["production", "development"])
@pytest.mark.parametrize("path", ["/api/v1/applications/not-a-uuid/", "/api/v1/no-such-endpoint/"])
def test_a_path_that_matches_nothing_is_a_json_404_under_every_setting(student, settings, debug, path):
    settings.DEBUG = debug
    response = api_for(student).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"type": "not_found", "detail": "Not found.", "errors": {}}


def test_outside_the_api_debug_keeps_its_html_404(client, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
