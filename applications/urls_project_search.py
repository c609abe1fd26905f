"""The students' project search page (it marks the projects they applied to), mounted with the project pages
under /projects/ (namespace "projects") by the root URLconf."""

from django.urls import path

from applications.views import project_search

urlpatterns = [
    path("", project_search.project_search, name="search"),
]
