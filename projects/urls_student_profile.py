"""The student's profile wizard, in the "students" namespace (composed in marketplace/urls.py)."""

from django.urls import path

from projects.views import student_profile

urlpatterns = [
    path("profile/", student_profile.profile_overview, name="profile"),
    path("profile/<slug:step>/", student_profile.profile_step, name="profile_step"),
]
