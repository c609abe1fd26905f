"""The web benchmark's URLconf (settings.bench only): the site's, plus a bare JSON view, the baseline every
page is measured against in the same run. It exists only here: the site's own URLconf has no such view."""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from marketplace.urls import handler400, handler403, handler404, handler500
from marketplace.urls import urlpatterns as site_urlpatterns

BARE_PATH = "bench/bare/"


def bare(request: HttpRequest) -> JsonResponse:
    """The whole middleware stack and a JSON answer: no template, no query (the session is not read)."""
    return JsonResponse({"ok": True})


urlpatterns = [path(BARE_PATH, bare, name="bench_bare"), *site_urlpatterns]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
