"""The notification centre, the header badge and the settings page, through HTTP as each user."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.factories import NotificationFactory
from notifications.models import Delivery, Notification, NotificationKind, NotificationPreference

pytestmark = pytest.mark.django_db

CENTRE = reverse("notifications:centre")
SETTINGS = reverse("notifications:settings")
BADGE = reverse("notifications:badge")
# Session, user, the page's count and rows, the unread count.
CENTRE_QUERIES = 5


def read_url(notification: Notification) -> str:
    return reverse("notifications:read", args=[notification.public_id])


def open_url(notification: Notification) -> str:
    return reverse("notifications:open", args=[notification.public_id])


@pytest.fixture
def alice_client(client, student):
    client.force_login(student)
    return client


@pytest.mark.parametrize(
    ("method", "url"),
    [("get", CENTRE), ("get", SETTINGS), ("post", reverse("notifications:read_all"))],
)
def test_the_anonymous_are_sent_to_log_in(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_anonymous_cannot_open_or_read_a_notification(client):
    notification = NotificationFactory()
    for url in (open_url(notification), read_url(notification)):
        assert client.post(url).status_code == 302
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_centre_lists_only_the_users_notifications_newest_first(alice_client, student):
    NotificationFactory(user=student, title="First notice")
    NotificationFactory(user=student, title="Second notice", read_at=timezone.now())
    NotificationFactory(title="Someone else's notice")

    html = alice_client.get(CENTRE).content.decode()

    assert html.index("Second notice") < html.index("First notice")
    assert "Someone else" not in html
    assert html.count("is-unread") == 1
    assert "Mark all read" in html


def test_the_unread_filter_shows_only_unread(alice_client, student):
    NotificationFactory(user=student, title="Still unread")
    NotificationFactory(user=student, title="Already read", read_at=timezone.now())
    html = alice_client.get(CENTRE, {"show": "unread"}).content.decode()
    assert "Still unread" in html and "Already read" not in html


def test_an_empty_centre_says_so(alice_client):
    html = alice_client.get(CENTRE).content.decode()
    assert "No notifications yet." in html
    assert "Mark all read" not in html
    assert "You are all caught up." in alice_client.get(CENTRE, {"show": "unread"}).content.decode()


@pytest.mark.parametrize("rows", [1, 50])
def test_the_centre_runs_the_same_queries_for_1_and_50_notifications(
    alice_client, student, rows, django_assert_num_queries
):
    NotificationFactory.create_batch(rows, user=student)
    with django_assert_num_queries(CENTRE_QUERIES):
        response = alice_client.get(CENTRE)
    assert response.content.decode().count('class="notification-item') == min(rows, 25)


def test_the_centre_pages_by_25_and_keeps_the_filter(alice_client, student):
    NotificationFactory.create_batch(30, user=student)
    html = alice_client.get(CENTRE, {"show": "unread"}).content.decode()
    assert "Page 1 of 2" in html and "?show=unread&amp;page=2" in html
    second = alice_client.get(CENTRE, {"show": "unread", "page": 2}).content.decode()
    assert second.count('class="notification-item') == 5


def test_opening_marks_read_and_follows_the_link(alice_client, student):
    notification = NotificationFactory(user=student, url="/applications/")
    response = alice_client.post(open_url(notification))
    assert response.status_code == 302 and response["Location"] == "/applications/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_never_leads_off_the_site(alice_client, student):
    notification = NotificationFactory(user=student, url="https://elsewhere.example/phish")
    response = alice_client.post(open_url(notification))
    assert response["Location"] == CENTRE


@pytest.mark.parametrize("action", [open_url, read_url])
def test_another_users_notification_is_not_found_and_unchanged(alice_client, action):
    notification = NotificationFactory()
    assert alice_client.post(action(notification)).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_read_without_javascript_returns_to_the_page(alice_client, student):
    notification = NotificationFactory(user=student)
    response = alice_client.post(read_url(notification), {"next": f"{CENTRE}?show=unread"})
    assert response.status_code == 302 and response["Location"] == f"{CENTRE}?show=unread"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_never_returns_off_the_site(alice_client, student):
    notification = NotificationFactory(user=student)
    response = alice_client.post(read_url(notification), {"next": "https://elsewhere.example/"})
    assert response["Location"] == CENTRE


def test_mark_read_with_htmx_swaps_the_item_and_refreshes_the_badge(alice_client, student):
    notification = NotificationFactory(user=student, title="Shortlisted")
    response = alice_client.post(read_url(notification), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    html = response.content.decode()
    assert html.strip().startswith(f'<li id="notification-{notification.public_id}"')
    assert "is-unread" not in html and "Mark read" not in html


def test_mark_read_is_a_post(alice_client, student):
    notification = NotificationFactory(user=student)
    assert alice_client.get(read_url(notification)).status_code == 405


def test_mark_all_read_marks_only_the_users_own(alice_client, student):
    NotificationFactory.create_batch(3, user=student)
    others = NotificationFactory()
    response = alice_client.post(reverse("notifications:read_all"), follow=True)
    assert "Marked 3 notifications as read." in response.content.decode()
    assert not Notification.objects.filter(user=student, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_the_badge_shows_the_unread_count_with_words_for_screen_readers(alice_client, student):
    NotificationFactory.create_batch(3, user=student)
    NotificationFactory(user=student, read_at=timezone.now())
    html = alice_client.get(BADGE).content.decode()
    assert '>3<span class="visually-hidden"> unread</span>' in html


def test_the_badge_is_empty_with_nothing_unread_and_caps_at_99(alice_client, student):
    assert alice_client.get(BADGE).content.decode().strip() == ""
    NotificationFactory.create_batch(100, user=student)
    assert "99+" in alice_client.get(BADGE).content.decode()


def test_the_badge_answers_the_anonymous_with_nothing(client):
    assert client.get(BADGE).status_code == 204


def test_the_badge_costs_one_query_beyond_the_login(alice_client, django_assert_num_queries):
    with django_assert_num_queries(3):
        alice_client.get(BADGE)


def test_pages_carry_the_badge_for_htmx_to_fill_without_counting_themselves(alice_client):
    html = alice_client.get(reverse("students:dashboard")).content.decode()
    assert f'hx-get="{BADGE}"' in html
    assert 'hx-trigger="load, every 60s, notifications-changed from:body"' in html
    assert f'href="{CENTRE}"' in html


def test_the_settings_offer_the_students_kinds(alice_client):
    html = alice_client.get(SETTINGS).content.decode()
    assert NotificationKind.NEW_MATCH.label in html
    assert NotificationKind.APPLICANTS_WAITING.label not in html
    assert f'href="{SETTINGS}" aria-current="page"' in html


def test_the_settings_offer_the_employers_kinds(client, employer_user):
    client.force_login(employer_user)
    html = client.get(SETTINGS).content.decode()
    assert NotificationKind.APPLICANTS_WAITING.label in html
    assert NotificationKind.NEW_MATCH.label not in html


def test_career_staff_are_told_there_is_nothing_to_set(client, career_staff_user):
    client.force_login(career_staff_user)
    html = client.get(SETTINGS).content.decode()
    assert "nothing to set up yet" in html
    assert 'type="radio"' not in html


def test_the_settings_show_the_current_choices(alice_client, student):
    NotificationPreference.objects.create(
        user=student, kind=NotificationKind.NEW_MATCH, delivery=Delivery.OFF
    )
    form = alice_client.get(SETTINGS).context["form"]
    assert form[NotificationKind.NEW_MATCH].value() == Delivery.OFF
    assert form[NotificationKind.MESSAGE].value() == Delivery.INSTANT


def test_the_settings_are_saved_in_one_post(alice_client, student):
    form = alice_client.get(SETTINGS).context["form"]
    data = dict.fromkeys(form.fields, Delivery.DIGEST) | {NotificationKind.MESSAGE: Delivery.OFF}

    response = alice_client.post(SETTINGS, data, follow=True)

    assert "Your notification settings are saved." in response.content.decode()
    saved = dict(NotificationPreference.objects.filter(user=student).values_list("kind", "delivery"))
    assert saved == data


def test_a_bad_choice_is_shown_and_nothing_is_saved(alice_client):
    form = alice_client.get(SETTINGS).context["form"]
    data = dict.fromkeys(form.fields, Delivery.DIGEST) | {NotificationKind.MESSAGE: "hourly"}
    response = alice_client.post(SETTINGS, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_account_link_is_current_on_the_notification_and_token_settings(client, db):
    from accounts.factories import UserFactory

    client.force_login(UserFactory(student=True))
    for path in (reverse("notifications:settings"), reverse("api_tokens")):
        body = client.get(path).content.decode()
        assert 'aria-current="page">Account settings</a>' in body, path
