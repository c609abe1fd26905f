"""The calendar page and its API: who finds which address, copying it, resetting it."""

import pytest
from django.urls import reverse
from icalendar import Calendar
from rest_framework.test import APIClient

from accounts.factories import UserFactory
from calendars.models import CalendarFeed
from calendars.services import calendar_feed_ensure
from employers.factories import EmployerMemberFactory
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("calendars:page")
RESET = reverse("calendars:reset")
API = reverse("api-calendar-feed")
API_RESET = reverse("api-calendar-feed-reset")


def test_a_student_finds_their_address_on_the_page_and_it_works(client):
    user = StudentProfileFactory().user
    client.force_login(user)
    response = client.get(PAGE)
    assert response.status_code == 200
    token = CalendarFeed.objects.get(user=user).token
    html = response.content.decode()
    assert f'value="http://testserver/calendar/{token}.ics"' in html
    assert f'href="webcal://testserver/calendar/{token}.ics"' in html
    assert "calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver%2Fcalendar%2F" in html
    assert "no-store" in response["Cache-Control"]
    assert client.get(PAGE).content.decode().count(token) >= 1
    assert CalendarFeed.objects.filter(user=user).count() == 1

    client.logout()
    assert client.get(f"/calendar/{token}.ics").status_code == 200


def test_the_dashboards_and_account_settings_link_to_the_page(client):
    member = EmployerMemberFactory()
    client.force_login(member.user)
    assert f'href="{PAGE}"' in client.get(reverse("employers:dashboard")).content.decode()
    assert f'href="{PAGE}"' in client.get(reverse("notifications:settings")).content.decode()
    client.force_login(StudentProfileFactory().user)
    assert f'href="{PAGE}"' in client.get(reverse("students:dashboard")).content.decode()


def test_reset_gives_a_new_address_and_the_old_one_stops(client):
    user = EmployerMemberFactory().user
    old = calendar_feed_ensure(user=user).token
    client.force_login(user)
    assert client.get(RESET).status_code == 405
    response = client.post(RESET, follow=True)
    new = CalendarFeed.objects.get(user=user).token
    assert new != old
    assert "the old one stopped working" in response.content.decode()
    assert new in response.content.decode()
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200


def test_the_anonymous_are_sent_to_log_in_and_other_roles_find_no_page(client):
    assert client.get(PAGE).status_code == 302
    assert client.post(RESET).status_code == 302
    staff = UserFactory(career_staff=True, is_staff=False)
    client.force_login(staff)
    assert client.get(PAGE).status_code == 404
    assert client.post(RESET).status_code == 404
    assert not CalendarFeed.objects.exists()


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_reads_the_address_and_resets_it():
    user = StudentProfileFactory().user
    api = _api(user)
    first = api.get(API)
    assert first.status_code == 200
    body = first.json()
    token = CalendarFeed.objects.get(user=user).token
    assert body == {
        "feed_url": f"http://testserver/calendar/{token}.ics",
        "webcal_url": f"webcal://testserver/calendar/{token}.ics",
        "google_url": body["google_url"],
        "reset_at": None,
    }
    assert api.get(API).json()["feed_url"] == body["feed_url"]

    reset = api.post(API_RESET)
    assert reset.status_code == 200
    assert reset.json()["feed_url"] != body["feed_url"]
    assert reset.json()["reset_at"] is not None
    anonymous = APIClient()
    assert anonymous.get(body["feed_url"]).status_code == 404
    feed = anonymous.get(reset.json()["feed_url"])
    assert Calendar.from_ical(feed.content).get("VERSION") == "2.0"


def test_the_api_refuses_the_anonymous_and_other_roles():
    assert APIClient().get(API).status_code == 401
    assert APIClient().post(API_RESET).status_code == 401
    staff = _api(UserFactory(career_staff=True))
    assert staff.get(API).status_code == 403
    assert staff.post(API_RESET).status_code == 403
    assert not CalendarFeed.objects.exists()


def test_the_api_is_documented():
    document = APIClient().get("/api/schema/?format=json").json()
    assert document["paths"]["/api/v1/calendar/feed/"]["get"]["operationId"] == "calendar_feed_retrieve"
    assert document["paths"]["/api/v1/calendar/feed/reset/"]["post"]["operationId"] == "calendar_feed_reset"
