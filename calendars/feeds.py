"""A user's events as an iCalendar document (RFC 5545), written with the `icalendar` library.

Moments (application deadlines, kickoffs) are written in UTC, so no VTIMEZONE is needed and every calendar
app shows them in its own zone; date-only fields (due dates) are all-day events. The feed is a published
calendar without METHOD, so DTSTAMP is when the event's source row last changed (RFC 5545 §3.8.7.2):
the same data gives the same bytes, which lets the view answer conditional requests with 304.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from calendars.selectors import CalendarEvent
from notifications.emails import site_url

PRODUCT_ID = "-//Micro-internships//Calendar feed//EN"
# How often calendar apps that honour it should fetch again (Apple, Outlook; Google decides for itself).
REFRESH_EVERY = dt.timedelta(hours=1)


def uid_domain() -> str:
    """The right-hand side of every UID: the site's own host, the same whichever address asked."""
    return urlsplit(site_url()).hostname or "localhost"


def calendar_render(
    *, events: Iterable[CalendarEvent], name: str, absolute_url: Callable[[str], str]
) -> bytes:
    """The iCalendar document of `events`; `absolute_url` turns a path on the site into a full address."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_EVERY, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    domain = uid_domain()
    for event in events:
        calendar.add_component(_vevent(event, domain=domain, absolute_url=absolute_url))
    return calendar.to_ical()


def _vevent(event: CalendarEvent, *, domain: str, absolute_url: Callable[[str], str]) -> Event:
    vevent = Event()
    vevent.add("uid", f"{event.uid}@{domain}")
    modified = event.last_modified.astimezone(dt.UTC)
    vevent.add("dtstamp", modified)
    vevent.add("last-modified", modified)
    if isinstance(event.start, dt.datetime):
        # A moment: no DTEND, so the event lasts no time (RFC 5545 §3.6.1) and shows as a point.
        vevent.add("dtstart", event.start.astimezone(dt.UTC))
    else:
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.start + dt.timedelta(days=1))
        vevent.add("transp", "TRANSPARENT")
    vevent.add("summary", event.summary)
    url = absolute_url(event.path)
    vevent.add("url", url)
    vevent.add("description", f"{event.description}\n\n{url}".strip())
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    return vevent
