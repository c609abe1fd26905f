"""The calendar page (find, copy and reset one's feed address) and the feed itself.

The feed is fetched by calendar apps, which carry no session: the secret token in the address is the only
credential, so an unknown or reset token answers 404 like any missing page.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from calendars.addresses import feed_addresses
from calendars.feeds import calendar_render
from calendars.selectors import calendar_events_for_user, calendar_feed_allowed, calendar_feed_get_by_token
from calendars.services import calendar_feed_ensure, calendar_feed_reset

CACHE_SECONDS = 300


def _allowed_or_404(request: HttpRequest) -> None:
    if not calendar_feed_allowed(user=request.user):
        raise Http404("No such page.")


@never_cache
@login_required
@require_http_methods(["GET", "HEAD"])
def calendar_page(request: HttpRequest) -> HttpResponse:
    _allowed_or_404(request)
    feed = calendar_feed_ensure(user=request.user)
    return render(request, "calendars/feed.html", feed_addresses(request=request, feed=feed))


@login_required
@require_POST
def calendar_reset(request: HttpRequest) -> HttpResponse:
    _allowed_or_404(request)
    calendar_feed_reset(user=request.user)
    messages.success(
        request,
        "Your calendar has a new address: the old one stopped working. Subscribe again with the new one.",
    )
    return redirect("calendars:page")


@require_http_methods(["GET", "HEAD"])
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar document, computed on each request; an ETag of its bytes answers revalidations
    with 304, and calendar apps may keep it a few minutes."""
    feed = calendar_feed_get_by_token(token=token)
    if feed is None:
        raise Http404("No such calendar.")
    body = calendar_render(
        events=calendar_events_for_user(user=feed.user),
        name="Micro-internships",
        absolute_url=request.build_absolute_uri,
    )
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    if etag in _etags(request.headers.get("If-None-Match", "")):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="micro-internships.ics"'
    response["ETag"] = etag
    patch_cache_control(response, private=True, max_age=CACHE_SECONDS)
    # The address is the credential: keep it out of search engines and of Referer headers.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _etags(header: str) -> set[str]:
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}
