"""The home page: what the marketplace is, a few projects open now, its true figures and each role's way in.
It lives here, not in the kernel, because its figures read engagements (engagements/selectors_home.py)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from engagements.selectors_home import home_page


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"home": home_page()})
