"""The applications API: students apply, follow and withdraw their applications; employer members review a
project's applicants and decide (shortlist, reject with a note, accept, reject several at once).

Split by audience as the pages are: `student` and `employer`, sharing `common`. Thin views over the pages'
selectors and services (`applications.selectors`, `applications.services.applications`): the
same access rules (outsiders get 404 from the scoped selectors), the same refusals (the services'
ValidationErrors become 400s through the API's one error format). A whole endpoint outside the user's role
answers 403.

Files (an applicant's résumé here, a deliverable in the engagements API) are streamed by API endpoints of
their own, so a client holding only a token can fetch them; they use the pages' access rules and
`marketplace.uploads.private_file_response`.
"""

from django.urls import path

from applications.api.employer import (
    ApplicantAccept,
    ApplicantBulkReject,
    ApplicantDetail,
    ApplicantList,
    ApplicantReject,
    ApplicantResume,
    ApplicantShortlist,
)
from applications.api.student import (
    ProjectApply,
    StudentApplicationCounts,
    StudentApplicationDetail,
    StudentApplicationList,
    StudentApplicationWithdraw,
)

urlpatterns = [
    path("applications/", StudentApplicationList.as_view(), name="api-application-list"),
    path("applications/counts/", StudentApplicationCounts.as_view(), name="api-application-counts"),
    path("applications/<uuid:public_id>/", StudentApplicationDetail.as_view(), name="api-application-detail"),
    path(
        "applications/<uuid:public_id>/withdraw/",
        StudentApplicationWithdraw.as_view(),
        name="api-application-withdraw",
    ),
    path("projects/<uuid:public_id>/apply/", ProjectApply.as_view(), name="api-project-apply"),
    path(
        "employer/projects/<uuid:public_id>/applications/",
        ApplicantList.as_view(),
        name="api-applicant-list",
    ),
    path(
        "employer/projects/<uuid:public_id>/applications/reject/",
        ApplicantBulkReject.as_view(),
        name="api-applicant-bulk-reject",
    ),
    path("employer/applications/<uuid:public_id>/", ApplicantDetail.as_view(), name="api-applicant-detail"),
    path(
        "employer/applications/<uuid:public_id>/resume/",
        ApplicantResume.as_view(),
        name="api-applicant-resume",
    ),
    path(
        "employer/applications/<uuid:public_id>/shortlist/",
        ApplicantShortlist.as_view(),
        name="api-applicant-shortlist",
    ),
    path(
        "employer/applications/<uuid:public_id>/reject/",
        ApplicantReject.as_view(),
        name="api-applicant-reject",
    ),
    path(
        "employer/applications/<uuid:public_id>/accept/",
        ApplicantAccept.as_view(),
        name="api-applicant-accept",
    ),
]
