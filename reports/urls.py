from django.contrib import admin
from django.urls import path

from reports import views

app_name = "reports"

# admin_view: the admin's own login redirect, never-cache and CSRF handling, for pages that live in it.
urlpatterns = [
    path("", admin.site.admin_view(views.index), name="index"),
    path("funnel/", admin.site.admin_view(views.report), {"name": "funnel"}, name="funnel"),
    path("outcomes/", admin.site.admin_view(views.report), {"name": "outcomes"}, name="outcomes"),
    path("employers/", admin.site.admin_view(views.report), {"name": "employers"}, name="employers"),
    path("trends/", admin.site.admin_view(views.report), {"name": "trends"}, name="trends"),
    path("courses/", admin.site.admin_view(views.report), {"name": "courses"}, name="courses"),
]
