"""A URLconf with the admin and no reports: the admin's navigation must work without them."""

from django.contrib import admin
from django.urls import path

from engagements.views.home import home

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
]
