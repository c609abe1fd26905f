"""The one-click unsubscribe page: GET asks, POST unsubscribes (no login, no CSRF), undo restores."""

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from notifications.models import Delivery, NotificationKind, NotificationPreference
from notifications.services import (
    UNSUBSCRIBE_MAX_AGE,
    notification_preference_set,
    notification_preferences_for_user,
    notification_unsubscribe_token,
)

pytestmark = pytest.mark.django_db

MATCH = NotificationKind.NEW_MATCH


def url_for(user, kinds=(MATCH,)) -> str:
    token = notification_unsubscribe_token(user_id=user.pk, kinds=list(kinds))
    return reverse("notifications:unsubscribe", kwargs={"token": token})


def delivery(user, kind=MATCH) -> str:
    return {p.kind: p.delivery for p in notification_preferences_for_user(user=user)}[kind]


@pytest.fixture
def csrf_client(client):
    client.handler.enforce_csrf_checks = True
    return client


def test_opening_the_link_only_asks(csrf_client, student):
    response = csrf_client.get(url_for(student))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stop emails about “New projects that match you”?" in html
    assert student.email in html
    assert not NotificationPreference.objects.exists()
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_the_button_unsubscribes_logged_out_and_offers_an_undo(csrf_client, student):
    notification_preference_set(user=student, kind=MATCH, delivery=Delivery.INSTANT)
    url = url_for(student)

    response = csrf_client.post(url, {"action": "unsubscribe"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "You are unsubscribed" in html
    assert f'href="{reverse("notifications:settings")}"' in html
    assert f'<input type="hidden" name="{MATCH}" value="instant">' in html
    assert delivery(student) == Delivery.OFF

    undone = csrf_client.post(url, {"action": "resubscribe", MATCH: "instant"})
    assert undone.status_code == 200 and "Emails are back on" in undone.content.decode()
    assert delivery(student) == Delivery.INSTANT


def test_a_mail_clients_one_click_post_unsubscribes(csrf_client, student):
    response = csrf_client.post(
        url_for(student, kinds=(MATCH, NotificationKind.DEADLINE)), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert delivery(student) == delivery(student, NotificationKind.DEADLINE) == Delivery.OFF
    assert delivery(student, NotificationKind.MESSAGE) == Delivery.INSTANT


def test_it_works_for_the_link_owner_whoever_is_logged_in(csrf_client, student, employer_user):
    csrf_client.force_login(employer_user)
    csrf_client.post(url_for(student), {"action": "unsubscribe"})
    assert delivery(student) == Delivery.OFF
    assert not NotificationPreference.objects.filter(user=employer_user).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_a_clear_400_and_changes_nothing(csrf_client, student, method):
    url = url_for(student)
    other = UserFactory()
    forged = url.replace(
        url.split("/")[-2].split(":")[0],
        signing.b64_encode(b'{"u":%d,"k":["new_match"]}' % other.pk).decode(),
    )

    for bad in (forged, url[:-5] + "xxxx/"):
        response = getattr(csrf_client, method)(bad)
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_an_expired_link_is_a_clear_400_and_changes_nothing(csrf_client, student, monkeypatch):
    url = url_for(student)
    later = timezone.now().timestamp() + UNSUBSCRIBE_MAX_AGE.total_seconds() + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    response = csrf_client.post(url, {"action": "unsubscribe"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "This link has expired" in html and "Nothing was changed." in html
    assert not NotificationPreference.objects.exists()


def test_undo_cannot_turn_on_more_than_the_link_names(csrf_client, student):
    csrf_client.post(url_for(student), {"action": "resubscribe", MATCH: "digest", "message": "digest"})
    assert delivery(student) == Delivery.DIGEST
    assert not NotificationPreference.objects.filter(kind=NotificationKind.MESSAGE).exists()
