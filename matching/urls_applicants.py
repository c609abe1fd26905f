"""The employer's applicant pages (ranked by match; accepting starts the engagement), mounted with the
project pages under /manage/projects/ (namespace "manage") by the root URLconf."""

from django.urls import path

from matching import views_applicants as employer

urlpatterns = [
    path("<uuid:public_id>/applicants/", employer.applicant_list, name="applicants"),
    path("<uuid:public_id>/applicants/reject/", employer.applicant_bulk_reject, name="bulk_reject"),
    path("applicants/<uuid:public_id>/", employer.applicant_detail, name="applicant"),
    path("applicants/<uuid:public_id>/shortlist/", employer.applicant_shortlist, name="shortlist"),
    path("applicants/<uuid:public_id>/reject/", employer.applicant_reject, name="reject"),
    path("applicants/<uuid:public_id>/accept/", employer.applicant_accept, name="accept"),
]
