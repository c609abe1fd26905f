"""A student's résumé, in the "students" namespace (composed in marketplace/urls.py)."""

from django.urls import path

from applications.views import resume

urlpatterns = [
    path("<uuid:public_id>/resume/", resume.resume_download, name="resume"),
]
