"""robots.txt: crawlers may read the public pages (the home page, the project search and pages, the
organisations' pages) and are pointed at the sitemap; the signed-in parts of the site are not for them."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from notifications.emails import site_url


@require_GET
@cache_control(public=True, max_age=3600)
def robots_txt(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "robots.txt",
        {"sitemap_url": site_url() + reverse("sitemap")},
        content_type="text/plain; charset=utf-8",
    )
