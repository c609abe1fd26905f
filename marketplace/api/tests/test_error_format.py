"""One error format under /api/, whatever fails: a service, a serializer, the router, or the server."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import path
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from marketplace import urls as project_urls


class SkillSerializer(serializers.Serializer):
    slug = serializers.SlugField()


class NestedSerializer(serializers.Serializer):
    title = serializers.CharField()
    skills = SkillSerializer(many=True)


class Probe(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        kind = request.query_params.get("raise")
        if kind == "fields":
            raise ValidationError({"title": ["Too short."], "__all__": ["Nope."]})
        if kind == "plain":
            raise ValidationError("Not now.")
        if kind == "crash":
            raise RuntimeError("boom")
        return Response({})

    def post(self, request):
        NestedSerializer(data=request.data).is_valid(raise_exception=True)
        return Response({}, status=201)


# The project's URLs and error handlers, plus the probe.
urlpatterns = [path("api/v1/error-probe/", Probe.as_view()), *project_urls.urlpatterns]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def test_a_services_field_errors_become_a_400_per_field(api):
    response = api.get("/api/v1/error-probe/?raise=fields")
    assert response.status_code == 400
    assert response.json() == {
        "type": "validation_error",
        "detail": "Check the fields listed in errors.",
        "errors": {"title": ["Too short."], "non_field_errors": ["Nope."]},
    }


def test_a_services_plain_error_is_a_non_field_error(api):
    response = api.get("/api/v1/error-probe/?raise=plain")
    assert response.status_code == 400
    assert response.json()["errors"] == {"non_field_errors": ["Not now."]}


def test_nested_serializer_errors_are_flattened_to_dotted_fields(api):
    response = api.post(
        "/api/v1/error-probe/", {"title": "", "skills": [{"slug": "ok"}, {"slug": "not ok!"}]}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"title", "skills.1.slug"}
    assert all(isinstance(messages, list) and messages for messages in errors.values())
    assert all(isinstance(message, str) for messages in errors.values() for message in messages)


def test_malformed_json_is_a_parse_error(api):
    response = api.post("/api/v1/error-probe/", "{nope", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["type"] == "parse_error"


def test_an_unsupported_media_type_is_a_415(api):
    response = api.post("/api/v1/error-probe/", "title=x", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["type"] == "unsupported_media_type"


def test_an_unknown_api_path_is_a_json_404(api):
    response = api.get("/api/v1/nope/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"type": "not_found", "detail": "Not found.", "errors": {}}


def test_an_unknown_page_outside_the_api_stays_html(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_wrong_method_is_a_json_405(api):
    response = api.delete("/api/v1/error-probe/")
    assert response.status_code == 405
    assert response.json()["type"] == "method_not_allowed"
    assert response["Allow"]


def test_a_crash_is_a_json_500_without_details():
    api = APIClient(raise_request_exception=False)
    response = api.get("/api/v1/error-probe/?raise=crash")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "type": "server_error",
        "detail": "Something went wrong on our side; it has been logged.",
        "errors": {},
    }
    assert b"boom" not in response.content


def test_a_bad_host_under_the_api_is_a_json_400():
    response = APIClient().get("/api/v1/error-probe/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response.json()["type"] == "parse_error"
