"""The student's applications; the page of one application (it shows the thread before the decision) is
engagements/urls_applications.py, in the same namespace (composed in marketplace/urls.py)."""

from django.urls import path

from applications.views import student

app_name = "applications"

urlpatterns = [
    path("", student.application_list, name="mine"),
    path("<uuid:public_id>/withdraw/", student.application_withdraw, name="withdraw"),
]
