"""The student's dashboard, in the "students" namespace (composed in marketplace/urls.py)."""

from django.urls import path

from matching import views_dashboard

urlpatterns = [
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
]
