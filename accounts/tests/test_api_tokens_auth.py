"""Calling the API with a personal token: who it authenticates, what it refuses, and the rate limits.

A probe endpoint mounted only for these tests keeps them about authentication, whatever the domain
endpoints do; it uses the project's default authentication, permission and throttle settings.
"""

from datetime import timedelta

import pytest
from django.urls import path
from django.utils import timezone
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from accounts.factories import UserFactory
from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke


class WhoAmI(APIView):
    def get(self, request):
        token = request.auth if isinstance(request.auth, ApiToken) else None
        return Response({"email": request.user.email, "token": token and token.name})

    def post(self, request):
        return Response({"email": request.user.email}, status=201)


class Public(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        return Response({"ok": True})


urlpatterns = [path("api/v1/probe/", WhoAmI.as_view()), path("api/v1/public-probe/", Public.as_view())]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

PROBE = "/api/v1/probe/"


@pytest.fixture
def token(student):
    return api_token_create(user=student, name="ci")


def assert_unauthenticated(response, detail: str | None = None) -> None:
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    body = response.json()
    assert body["type"] == "not_authenticated"
    assert body["errors"] == {}
    if detail:
        assert body["detail"] == detail


@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_a_token_authenticates_its_owner(api, student, token, keyword):
    _, raw = token
    response = api.get(PROBE, HTTP_AUTHORIZATION=f"{keyword} {raw}")
    assert response.status_code == 200
    assert response.json() == {"email": student.email, "token": "ci"}


def test_no_credentials_is_a_401_not_a_403(api):
    assert_unauthenticated(api.get(PROBE), "Authentication credentials were not provided.")


def test_a_wrong_token_is_refused(api, token):
    _, raw = token
    assert_unauthenticated(api.get(PROBE, HTTP_AUTHORIZATION=f"Bearer {raw}x"), "Invalid or revoked token.")


def test_a_revoked_token_is_refused(api, token):
    instance, raw = token
    api_token_revoke(token=instance)
    assert_unauthenticated(api.get(PROBE, HTTP_AUTHORIZATION=f"Bearer {raw}"), "Invalid or revoked token.")


def test_a_deactivated_users_token_is_refused(api, student, token):
    _, raw = token
    student.is_active = False
    student.save(update_fields=["is_active"])
    assert_unauthenticated(api.get(PROBE, HTTP_AUTHORIZATION=f"Bearer {raw}"), "This account is deactivated.")


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer two parts", "Bearer " + "a" * 500, "Bearer caf\u00e9".encode().decode("latin-1")],
)
def test_a_malformed_header_is_refused(api, token, header):
    assert_unauthenticated(api.get(PROBE, HTTP_AUTHORIZATION=header))


def test_another_scheme_is_left_to_the_other_authenticators(api, token):
    assert_unauthenticated(api.get(PROBE, HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz"))


def test_a_bad_token_is_refused_even_on_a_public_endpoint(api):
    assert_unauthenticated(api.get("/api/v1/public-probe/", HTTP_AUTHORIZATION="Bearer mp_nope"))


def test_a_token_needs_no_csrf_token_but_a_session_does(student, token):
    _, raw = token
    csrf_client = APIClient(enforce_csrf_checks=True)
    assert csrf_client.post(PROBE, {}, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 201

    csrf_client.force_login(student)
    refused = csrf_client.post(PROBE, {})
    assert refused.status_code == 403
    assert refused.json()["type"] == "permission_denied"


def test_the_first_use_is_recorded(api, token):
    instance, raw = token
    assert instance.last_used_at is None
    api.get(PROBE, HTTP_AUTHORIZATION=f"Bearer {raw}")
    instance.refresh_from_db()
    assert instance.last_used_at is not None


def test_use_is_recorded_at_most_once_a_minute(api, token, django_assert_num_queries):
    instance, raw = token
    recent = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.filter(pk=instance.pk).update(last_used_at=recent)

    with django_assert_num_queries(1):  # the token with its user; no UPDATE
        api.get(PROBE, HTTP_AUTHORIZATION=f"Bearer {raw}")
    instance.refresh_from_db()
    assert instance.last_used_at == recent

    stale = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.filter(pk=instance.pk).update(last_used_at=stale)
    with django_assert_num_queries(2):
        api.get(PROBE, HTTP_AUTHORIZATION=f"Bearer {raw}")
    instance.refresh_from_db()
    assert instance.last_used_at > stale


# --- Throttling --------------------------------------------------------------------------------------------


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "3/minute"},
    }


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert body["type"] == "throttled"
    assert "throttled" in body["detail"]
    assert body["errors"] == {}


def test_an_authenticated_client_is_throttled_per_user_across_tokens(api, student, low_rates):
    _, first = api_token_create(user=student, name="one")
    _, second = api_token_create(user=student, name="two")
    for raw in (first, second, first):
        assert api.get(PROBE, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200

    assert_throttled(api.get(PROBE, HTTP_AUTHORIZATION=f"Bearer {second}"))


def test_each_user_has_a_budget_of_their_own(api, student, low_rates):
    _, raw = api_token_create(user=student, name="one")
    for _ in range(3):
        api.get(PROBE, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert_throttled(api.get(PROBE, HTTP_AUTHORIZATION=f"Bearer {raw}"))

    other = UserFactory()
    api.force_authenticate(other)
    assert api.get(PROBE).status_code == 200


def test_an_anonymous_client_is_throttled_on_public_endpoints(api, low_rates):
    for _ in range(2):
        assert api.get("/api/v1/public-probe/").status_code == 200
    assert_throttled(api.get("/api/v1/public-probe/"))
