"""The applications API: students apply, follow and withdraw their applications, and search and open
projects (`project_search`: marked with what they applied to). Employer members review a project's
applicants and decide (shortlist, reject with a note, accept, reject several at once) through
matching/api_applicants.py, which ranks applicants by match and accepts through engagements.

Thin views over the pages' selectors and services (`applications.selectors`,
`applications.services.applications`): the same access rules (outsiders get 404 from the scoped selectors),
the same refusals (the services' ValidationErrors become 400s through the API's one error format). A whole
endpoint outside the user's role answers 403. `common` is shared with the employer side.
"""

from django.urls import path

from applications.api.project_search import ProjectDetailView, ProjectSearchView
from applications.api.student import (
    ProjectApply,
    StudentApplicationCounts,
    StudentApplicationDetail,
    StudentApplicationList,
    StudentApplicationWithdraw,
)

urlpatterns = [
    # The students' project search and project page (URL names of the projects API).
    path("projects/", ProjectSearchView.as_view(), name="api-project-list"),
    path("projects/<uuid:public_id>/", ProjectDetailView.as_view(), name="api-project-detail"),
    path("applications/", StudentApplicationList.as_view(), name="api-application-list"),
    path("applications/counts/", StudentApplicationCounts.as_view(), name="api-application-counts"),
    path("applications/<uuid:public_id>/", StudentApplicationDetail.as_view(), name="api-application-detail"),
    path(
        "applications/<uuid:public_id>/withdraw/",
        StudentApplicationWithdraw.as_view(),
        name="api-application-withdraw",
    ),
    path("projects/<uuid:public_id>/apply/", ProjectApply.as_view(), name="api-project-apply"),
]
