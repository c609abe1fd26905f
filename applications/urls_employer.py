"""The employer dashboard's URLs, in the "employers" namespace: marketplace/urls.py composes them with
employers/urls.py."""

from django.urls import path

from applications.views import employer_dashboard

urlpatterns = [
    path("dashboard/", employer_dashboard.dashboard, name="dashboard"),
    path("org/<slug:slug>/projects/", employer_dashboard.org_projects, name="org_projects"),
]
