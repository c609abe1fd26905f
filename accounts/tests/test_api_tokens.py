"""Personal API tokens: the services, and the settings page where a user creates, sees and revokes them."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory, reauthenticate
from accounts.models import ApiToken
from accounts.selectors import api_token_for_secret
from accounts.services import API_TOKEN_MAX_ACTIVE, api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def test_create_returns_the_secret_once_and_stores_only_its_hash(student):
    token, raw = api_token_create(user=student, name="laptop script")

    assert raw.startswith("mp_") and len(raw) >= 43
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.secret_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert stored.prefix == raw[:8]
    assert raw not in {str(value) for value in ApiToken.objects.values().get(pk=token.pk).values()}


def test_each_token_gets_a_different_secret(student):
    secrets = {api_token_create(user=student, name=f"token {n}")[1] for n in range(5)}
    assert len(secrets) == 5


def test_create_refuses_a_blank_name(student):
    with pytest.raises(ValidationError) as error:
        api_token_create(user=student, name="   ")
    assert "name" in error.value.message_dict
    assert not ApiToken.objects.exists()


def test_create_refuses_a_name_already_used_by_an_active_token(student):
    api_token_create(user=student, name="ci")
    with pytest.raises(ValidationError) as error:
        api_token_create(user=student, name=" ci ")
    assert error.value.message_dict["name"] == ["You already have an active token with this name."]
    assert ApiToken.objects.count() == 1


def test_a_revoked_tokens_name_may_be_reused(student):
    token, _ = api_token_create(user=student, name="ci")
    api_token_revoke(token=token)
    api_token_create(user=student, name="ci")
    assert ApiToken.objects.filter(user=student, name="ci").count() == 2


def test_two_users_may_use_the_same_name(student, employer_user):
    api_token_create(user=student, name="ci")
    api_token_create(user=employer_user, name="ci")
    assert ApiToken.objects.count() == 2


def test_create_stops_at_the_active_token_cap(student):
    for n in range(API_TOKEN_MAX_ACTIVE):
        api_token_create(user=student, name=f"token {n}")
    with pytest.raises(ValidationError) as error:
        api_token_create(user=student, name="one too many")
    assert "revoke one" in error.value.message_dict["name"][0]
    assert ApiToken.objects.active().filter(user=student).count() == API_TOKEN_MAX_ACTIVE


def test_revoke_is_idempotent_and_the_secret_stops_working(student):
    token, raw = api_token_create(user=student, name="ci")
    assert api_token_for_secret(raw=raw) == token

    first = api_token_revoke(token=token).revoked_at
    second = api_token_revoke(token=token).revoked_at

    assert first is not None and first == second
    assert api_token_for_secret(raw=raw) is None


def test_lookup_ignores_unknown_secrets(student):
    api_token_create(user=student, name="ci")
    assert api_token_for_secret(raw="mp_not-a-real-token") is None


# --- The settings page -------------------------------------------------------------------------------------


def test_page_sends_the_anonymous_to_the_login_page(client):
    response = client.get(reverse("api_tokens"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ["student", "employer", "career_staff"])
def test_every_role_can_open_the_page_from_the_account_tabs(client, role):
    user = UserFactory(**{role: True})
    client.force_login(user)
    response = client.get(reverse("account_change_password"))
    assert reverse("api_tokens").encode() in response.content

    response = client.get(reverse("api_tokens"))
    assert response.status_code == 200
    assert b'aria-current="page">API tokens' in response.content
    assert reverse("api-docs").encode() in response.content


def test_creating_a_token_shows_the_secret_once_and_never_again(client, student):
    client.force_login(student)
    reauthenticate(client)
    response = client.post(reverse("api_tokens"), {"name": "laptop script"})

    assert response.status_code == 200
    token = ApiToken.objects.get(user=student)
    raw = response.context["new_token"]
    assert token.secret_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.encode() in response.content
    assert "no-store" in response["Cache-Control"]
    assert b"shown only this once" in response.content

    again = client.get(reverse("api_tokens"))
    assert raw.encode() not in again.content
    assert b"laptop script" in again.content
    assert token.prefix.encode() in again.content


def test_a_duplicate_name_is_shown_on_the_form_and_nothing_is_created(client, student):
    api_token_create(user=student, name="ci")
    client.force_login(student)
    reauthenticate(client)
    response = client.post(reverse("api_tokens"), {"name": "ci"})

    assert response.status_code == 200
    assert response.context["new_token"] is None
    assert response.context["form"].errors["name"] == ["You already have an active token with this name."]
    assert ApiToken.objects.count() == 1


def test_the_list_shows_only_the_users_own_active_tokens(client, student, employer_user):
    api_token_create(user=student, name="mine")
    revoked, _ = api_token_create(user=student, name="old one")
    api_token_revoke(token=revoked)
    api_token_create(user=employer_user, name="somebody else's")
    client.force_login(student)

    response = client.get(reverse("api_tokens"))

    assert [token.name for token in response.context["tokens"]] == ["mine"]
    assert b"somebody else" not in response.content
    assert b"old one" not in response.content


def test_revoking_asks_for_confirmation_first(client, student):
    token, _ = api_token_create(user=student, name="ci")
    client.force_login(student)

    response = client.get(reverse("api_token_revoke", args=[token.public_id]))

    assert response.status_code == 200
    assert b"Revoke token" in response.content
    token.refresh_from_db()
    assert token.revoked_at is None


def test_owner_revokes_a_token(client, student):
    token, raw = api_token_create(user=student, name="ci")
    client.force_login(student)

    response = client.post(reverse("api_token_revoke", args=[token.public_id]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("api_tokens")
    assert b"revoked" in response.content
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_token_for_secret(raw=raw) is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_nobody_else_can_revoke_a_token(client, student, employer_user, method):
    token, _ = api_token_create(user=student, name="ci")
    client.force_login(employer_user)

    response = getattr(client, method)(reverse("api_token_revoke", args=[token.public_id]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_revoked_token_cannot_be_revoked_again_through_the_page(client, student):
    token, _ = api_token_create(user=student, name="ci")
    api_token_revoke(token=token)
    revoked_at = ApiToken.objects.get(pk=token.pk).revoked_at
    client.force_login(student)

    response = client.post(reverse("api_token_revoke", args=[token.public_id]))

    assert response.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at == revoked_at


def test_the_anonymous_cannot_revoke(client, student):
    token, _ = api_token_create(user=student, name="ci")
    response = client.post(reverse("api_token_revoke", args=[token.public_id]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("count", [1, API_TOKEN_MAX_ACTIVE])
def test_the_page_runs_the_same_queries_for_one_token_or_many(
    client, student, django_assert_num_queries, count
):
    for n in range(count):
        api_token_create(user=student, name=f"token {n}")
    ApiToken.objects.filter(user=student).update(last_used_at=timezone.now())
    client.force_login(student)
    client.get(reverse("api_tokens"))  # warm the session

    # session, user, tokens
    with django_assert_num_queries(3):
        response = client.get(reverse("api_tokens"))
    assert len(response.context["tokens"]) == count
