"""The web benchmark's URLconf (settings.bench only): the site's, plus two views that exist only here (the
site's own URLconf has neither):

- a bare JSON view, the baseline every page is measured against in the same run;
- the floor: the site's base layout for the signed-in user with nothing in it (the session read, the user
  loaded, `base.html` with its navigation rendered). No real page does less, so its rate is the highest
  share of the bare view that any server-rendered page can reach on this stack.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import path

from marketplace.urls import handler400, handler403, handler404, handler500
from marketplace.urls import urlpatterns as site_urlpatterns

BARE_PATH = "bench/bare/"
FLOOR_PATH = "bench/floor/"


def bare(request: HttpRequest) -> JsonResponse:
    """The whole middleware stack and a JSON answer: no template, no query (the session is not read)."""
    return JsonResponse({"ok": True})


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    """The base layout for the signed-in user, empty: what every page of the site costs at least."""
    return render(request, "base.html")


urlpatterns = [
    path(BARE_PATH, bare, name="bench_bare"),
    path(FLOOR_PATH, floor, name="bench_floor"),
    *site_urlpatterns,
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
