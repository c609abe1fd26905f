"""An organisation's partnership pages, composed into the "employers" namespace by marketplace/urls.py."""

from django.urls import path

from universities import views_employer

urlpatterns = [
    path("org/<slug:slug>/partnerships/new/", views_employer.partnership_new, name="partnership_new"),
    path(
        "org/<slug:slug>/partnerships/<int:pk>/confirm/",
        views_employer.partnership_confirm,
        name="partnership_confirm",
    ),
    path(
        "org/<slug:slug>/partnerships/<int:pk>/decline/",
        views_employer.partnership_refuse,
        name="partnership_decline",
    ),
]
