"""An organisation's public page, in the "employers" namespace: marketplace/urls.py composes it with
employers/urls.py."""

from django.urls import path

from engagements.views import employer_public

urlpatterns = [
    path("profile/<slug:slug>/", employer_public.public_page, name="public"),
]
