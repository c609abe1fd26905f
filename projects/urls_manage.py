from django.urls import path

from applications.views import employer
from projects.views import manage

app_name = "manage"

urlpatterns = [
    path("new/", manage.project_new, name="new"),
    path("new/<slug:template>/", manage.project_create_view, name="create"),
    path("<uuid:public_id>/", manage.project_detail, name="detail"),
    path("<uuid:public_id>/edit/", manage.project_edit, name="edit"),
    path("<uuid:public_id>/publish/", manage.project_publish_view, name="publish"),
    path("<uuid:public_id>/close/", manage.project_close_view, name="close"),
    path("<uuid:public_id>/duplicate/", manage.project_duplicate_view, name="duplicate"),
    path("<uuid:public_id>/cancel/", manage.project_cancel_view, name="cancel"),
    path("<uuid:public_id>/applicants/", employer.applicant_list, name="applicants"),
    path("<uuid:public_id>/applicants/reject/", employer.applicant_bulk_reject, name="bulk_reject"),
    path("applicants/<uuid:public_id>/", employer.applicant_detail, name="applicant"),
    path("applicants/<uuid:public_id>/shortlist/", employer.applicant_shortlist, name="shortlist"),
    path("applicants/<uuid:public_id>/reject/", employer.applicant_reject, name="reject"),
    path("applicants/<uuid:public_id>/accept/", employer.applicant_accept, name="accept"),
]
