"""Hostile text never reaches the database: a NUL or another control character in a query string, a form or a
JSON body is a 400 naming the field; JSON nested too deep or too large is a parse error, never a 500."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from employers.models import Employer
from engagements.models import Message

pytestmark = pytest.mark.django_db


def assert_api_error(response, error_type: str, field: str | None = None) -> dict:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"type", "detail", "errors"}
    assert body["type"] == error_type
    if field is not None:
        assert "control character" in body["errors"][field][0]
    return body


@pytest.fixture
def signed_in_api(student) -> APIClient:
    client = APIClient()
    client.force_authenticate(student)
    return client


@pytest.mark.parametrize("character", ["\x00", "\x01", "\x1b", "\x7f", "\x85"])
def test_a_control_character_in_an_api_query_is_a_400_not_a_database_error(signed_in_api, character):
    response = signed_in_api.get("/api/v1/skills/", {"q": f"py{character}"})
    assert_api_error(response, "validation_error", "q")


def test_tabs_and_line_breaks_are_text_like_any_other(signed_in_api):
    assert signed_in_api.get("/api/v1/skills/", {"q": "py\t\r\n"}).status_code == 200


def test_a_control_character_in_a_page_query_is_a_plain_400(client, student):
    client.force_login(student)
    response = client.get(reverse("projects:search"), {"q": "py\x00"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "control character U+0000" in response.content.decode()


def test_a_control_character_in_a_query_parameter_name_is_refused_too(client):
    response = client.get("/?a%00b=1")
    assert response.status_code == 400


def test_a_control_character_in_a_form_is_refused_and_nothing_is_saved(client, employer_user):
    client.force_login(employer_user)
    response = client.post(
        reverse("employers:org_create"), {"name": "Acme\x00", "description": "", "website": ""}
    )
    assert response.status_code == 400
    assert "“name”" in response.content.decode()
    assert not Employer.objects.exists()


def test_a_control_character_in_a_multipart_form_is_refused(client, employer_user):
    client.force_login(employer_user)
    response = client.post(
        reverse("employers:org_create"), {"name": "Acme", "description": "bell\x07", "website": ""}
    )  # the test client sends multipart
    assert response.status_code == 400
    assert not Employer.objects.exists()


def test_a_control_character_in_an_api_form_body_is_a_json_400(signed_in_api, w):
    client = APIClient()
    client.force_authenticate(w.student)
    url = reverse("api-engagement-message-list", kwargs={"public_id": w.engagement.public_id})
    response = client.post(url, {"body": "hello\x00"}, format="multipart")
    assert_api_error(response, "validation_error", "body")
    assert not Message.objects.exists()


def _messages_url(w) -> str:
    return reverse("api-engagement-message-list", kwargs={"public_id": w.engagement.public_id})


def _post_json(w, raw: str | bytes):
    client = APIClient()
    client.force_authenticate(w.student)
    return client.post(_messages_url(w), raw, content_type="application/json")


def test_a_control_character_in_a_json_string_is_refused_with_its_field(w):
    response = _post_json(w, json.dumps({"body": "hello\u0000world"}))
    assert_api_error(response, "validation_error", "body")
    assert not Message.objects.exists()


def test_a_control_character_deep_in_a_json_body_names_its_path(w):
    response = _post_json(w, json.dumps({"body": "ok", "extra": [{"x": "\u0001"}]}))
    assert_api_error(response, "validation_error", "extra.0.x")


def test_json_nested_100000_levels_is_a_parse_error(w):
    response = _post_json(w, "[" * 100_000 + "]" * 100_000)
    body = assert_api_error(response, "parse_error")
    assert "levels deep" in body["detail"]


def test_json_nested_past_the_limit_but_parseable_is_a_parse_error_too(w):
    response = _post_json(w, json.dumps({"body": "hi", "x": json.loads("[" * 40 + "]" * 40)}))
    assert_api_error(response, "parse_error")


def test_a_json_body_over_the_size_limit_is_a_parse_error(w, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = _post_json(w, json.dumps({"body": "x" * 2000}))
    body = assert_api_error(response, "parse_error")
    assert "over" in body["detail"]


def test_an_ordinary_json_message_with_line_breaks_still_goes_through(w):
    response = _post_json(w, json.dumps({"body": "Hello,\n\tsee the draft.\r\n"}))
    assert response.status_code == 201, response.content
    assert Message.objects.get().body.startswith("Hello,\n\tsee")
