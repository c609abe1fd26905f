"""A student's portfolio and data export, in the "students" namespace (composed in marketplace/urls.py)."""

from django.urls import path

from engagements.views import portfolio

urlpatterns = [
    path("<uuid:public_id>/portfolio/", portfolio.portfolio, name="portfolio"),
    path("export.json", portfolio.export, name="export"),
]
