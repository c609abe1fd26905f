"""The notifications API: the user's own notices and preferences, through the same services as the pages."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.factories import UserFactory
from notifications.factories import NotificationFactory
from notifications.models import Notification, NotificationKind, NotificationPreference

pytestmark = pytest.mark.django_db

LIST = reverse("api-notification-list")
UNREAD = reverse("api-notification-unread-count")
READ_ALL = reverse("api-notification-read-all")
PREFERENCES = reverse("api-notification-preferences")
# Session, user, the page's count and rows.
LIST_QUERIES = 4


def read_url(notification: Notification) -> str:
    return reverse("api-notification-read", args=[notification.public_id])


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def alice_api(student) -> APIClient:
    """An API client signed in as Alice (the root `student`)."""
    return api_as(student)


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", LIST), ("get", UNREAD), ("post", READ_ALL), ("get", PREFERENCES), ("put", PREFERENCES)],
)
def test_the_anonymous_get_401(method, url):
    response = getattr(APIClient(), method)(url)
    assert response.status_code == 401
    assert response.json()["type"] == "not_authenticated"


def test_the_list_holds_the_users_own_notifications_newest_first(alice_api, student):
    first = NotificationFactory(user=student, title="First", url="/applications/")
    second = NotificationFactory(user=student, title="Second", read_at=timezone.now(), url="")
    NotificationFactory(title="Someone else's")

    body = alice_api.get(LIST).json()

    assert body["count"] == 2 and body["next"] is None and body["previous"] is None
    newest, oldest = body["results"]
    assert newest["id"] == str(second.public_id) and newest["is_read"] is True and newest["url"] is None
    assert oldest == {
        "id": str(first.public_id),
        "kind": "application_status",
        "kind_label": "Changes to your applications",
        "title": "First",
        "body": first.body,
        "url": "http://testserver/applications/",
        "created_at": oldest["created_at"],
        "is_read": False,
        "read_at": None,
    }


def test_the_list_filters_unread(alice_api, student):
    unread = NotificationFactory(user=student)
    NotificationFactory(user=student, read_at=timezone.now())
    body = alice_api.get(LIST, {"unread": "true"}).json()
    assert [item["id"] for item in body["results"]] == [str(unread.public_id)]
    assert alice_api.get(LIST, {"unread": "false"}).json()["count"] == 2


def test_a_bad_filter_is_a_400_in_the_error_format(alice_api):
    response = alice_api.get(LIST, {"unread": "perhaps"})
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error" and "unread" in response.json()["errors"]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_runs_the_same_queries_for_1_and_50_notifications(
    alice_api, student, rows, django_assert_num_queries
):
    NotificationFactory.create_batch(rows, user=student)
    with django_assert_num_queries(LIST_QUERIES):
        response = alice_api.get(LIST, {"page_size": 100})
    assert len(response.json()["results"]) == rows


def test_the_unread_count(alice_api, student):
    NotificationFactory.create_batch(2, user=student)
    NotificationFactory(user=student, read_at=timezone.now())
    NotificationFactory()
    assert alice_api.get(UNREAD).json() == {"unread": 2}


def test_marking_one_read_answers_the_updated_notification(alice_api, student):
    notification = NotificationFactory(user=student)
    response = alice_api.post(read_url(notification))
    assert response.status_code == 200
    assert response.json()["is_read"] is True and response.json()["read_at"] is not None
    notification.refresh_from_db()
    assert notification.read_at is not None


@pytest.mark.parametrize("reader", ["other_student", "employer", "career_staff"])
def test_someone_elses_notification_is_404_and_unchanged(student, reader):
    notification = NotificationFactory(user=student)
    user = {
        "other_student": lambda: UserFactory(),
        "employer": lambda: UserFactory(employer=True),
        "career_staff": lambda: UserFactory(career_staff=True),
    }[reader]()
    response = api_as(user).post(read_url(notification))
    assert response.status_code == 404 and response.json()["type"] == "not_found"
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_all_read(alice_api, student):
    NotificationFactory.create_batch(3, user=student)
    other = NotificationFactory()
    assert alice_api.post(READ_ALL).json() == {"marked_read": 3, "unread": 0}
    other.refresh_from_db()
    assert other.read_at is None


def test_the_preferences_list_the_roles_kinds_with_defaults(alice_api):
    preferences = {p["kind"]: p for p in alice_api.get(PREFERENCES).json()["preferences"]}
    assert NotificationKind.APPLICANTS_WAITING not in preferences
    assert preferences[NotificationKind.NEW_MATCH] == {
        "kind": "new_match",
        "label": "New projects that match you",
        "delivery": "digest",
        "is_default": True,
    }


def test_putting_preferences_changes_only_the_kinds_listed(alice_api, student):
    response = alice_api.put(
        PREFERENCES,
        {
            "preferences": [
                {"kind": "new_match", "delivery": "off"},
                {"kind": "message", "delivery": "digest"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200
    preferences = {p["kind"]: p["delivery"] for p in response.json()["preferences"]}
    assert preferences["new_match"] == "off" and preferences["message"] == "digest"
    assert preferences["payment"] == "instant"
    assert NotificationPreference.objects.filter(user=student).count() == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"preferences": [{"kind": "new_match", "delivery": "weekly"}]}, "preferences.0.delivery"),
        ({"preferences": [{"kind": "gossip", "delivery": "off"}]}, "preferences.0.kind"),
        (
            {
                "preferences": [
                    {"kind": "new_match", "delivery": "off"},
                    {"kind": "new_match", "delivery": "instant"},
                ]
            },
            "preferences",
        ),
        ({"preferences": "off"}, "preferences.non_field_errors"),
        ({}, "preferences"),
    ],
)
def test_bad_preferences_are_a_400_and_nothing_changes(alice_api, payload, field):
    response = alice_api.put(PREFERENCES, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not NotificationPreference.objects.exists()
