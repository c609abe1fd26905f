"""The employer's project pages under /manage/projects/ (namespace "manage"; the root URLconf adds the
applicant pages to the same namespace). Here because a project's page counts its applicants and cancelling
a project is an engagements service."""

from django.urls import path

from engagements.views import project_manage as manage

urlpatterns = [
    path("new/", manage.project_new, name="new"),
    path("new/<slug:template>/", manage.project_create_view, name="create"),
    path("<uuid:public_id>/", manage.project_detail, name="detail"),
    path("<uuid:public_id>/edit/", manage.project_edit, name="edit"),
    path("<uuid:public_id>/publish/", manage.project_publish_view, name="publish"),
    path("<uuid:public_id>/close/", manage.project_close_view, name="close"),
    path("<uuid:public_id>/duplicate/", manage.project_duplicate_view, name="duplicate"),
    path("<uuid:public_id>/cancel/", manage.project_cancel_view, name="cancel"),
]
