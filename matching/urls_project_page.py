"""A project as a student sees it (its page with the match reasons, applying, saving, reporting; the saved
list), mounted with the other project pages under /projects/ (namespace "projects") by the root URLconf."""

from django.urls import path

from matching import views_project_page as student

urlpatterns = [
    path("saved/", student.saved_list, name="saved"),
    path("<uuid:public_id>/", student.project_detail, name="detail"),
    path("<uuid:public_id>/apply/", student.project_apply, name="apply"),
    path("<uuid:public_id>/save/", student.project_save_toggle, name="save"),
    path("<uuid:public_id>/report/", student.project_report, name="report"),
]
