"""A feed's addresses as the page and the API show them."""

import datetime as dt
from typing import TypedDict
from urllib.parse import quote

from django.http import HttpRequest
from django.urls import reverse

from calendars.models import CalendarFeed


class FeedAddresses(TypedDict):
    feed_url: str
    webcal_url: str
    google_url: str
    reset_at: dt.datetime | None


def feed_addresses(*, request: HttpRequest, feed: CalendarFeed) -> FeedAddresses:
    """The https address (to paste), the webcal:// one (opens the subscription in Apple Calendar and
    Outlook) and Google Calendar's "add by URL" link."""
    url = request.build_absolute_uri(reverse("calendars:feed", kwargs={"token": feed.token}))
    webcal = "webcal://" + url.split("://", 1)[1]
    return {
        "feed_url": url,
        "webcal_url": webcal,
        "google_url": f"https://calendar.google.com/calendar/r?cid={quote(webcal, safe='')}",
        "reset_at": feed.reset_at,
    }
