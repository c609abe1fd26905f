"""Notifications are private: in the admin only site staff see them, read-only; career staff see nothing."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from notifications.factories import NotificationFactory
from notifications.models import Delivery, NotificationKind, NotificationPreference

pytestmark = pytest.mark.django_db

LIST = reverse("admin:notifications_notification_changelist")
PREFERENCES = reverse("admin:notifications_notificationpreference_changelist")


def test_site_staff_browse_notifications_and_preferences(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    NotificationFactory.create_batch(3, title="Shortlisted for the survey project")
    NotificationPreference.objects.create(
        user=UserFactory(), kind=NotificationKind.NEW_MATCH, delivery=Delivery.OFF
    )

    listing = client.get(LIST, {"q": "survey"})
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 3
    assert client.get(PREFERENCES).status_code == 200
    notification = NotificationFactory()
    change = client.get(reverse("admin:notifications_notification_change", args=[notification.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()


def test_career_staff_cannot_see_anyones_notifications(client, career_staff_user):
    client.force_login(career_staff_user)
    notification = NotificationFactory(title="A private notice")
    for url in (
        LIST,
        PREFERENCES,
        reverse("admin:notifications_notification_change", args=[notification.pk]),
    ):
        response = client.get(url)
        assert response.status_code in {302, 403, 404}
        assert "A private notice" not in response.content.decode()
    assert LIST not in client.get(reverse("admin:index")).content.decode()
