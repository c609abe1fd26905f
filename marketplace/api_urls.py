"""Everything under /api/: version 1 of the API and its schema and documentation.

Each app keeps its endpoints in ``<app>/api.py``, or an ``<app>/api/`` package split by audience (views and
serializers, with ``urlpatterns``); they are all mounted under /api/v1/ here.
"""

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

v1 = [
    path("", include("projects.api")),
    path("", include("applications.api")),
    path("", include("engagements.api")),
    path("", include("courses.api")),
    path("", include("courses.api_projects")),
    path("", include("courses.api_credit")),
    path("", include("courses.api_instructors")),
    path("", include("courses.api_evaluation")),
    path("", include("courses.api_exports")),
    path("", include("calendars.api")),
    path("", include("credentials.api")),
    path("", include("projects.api_student_profile")),
    path("", include("engagements.api.student_export")),
    path("", include("employers.api")),
    path("", include("engagements.api.employer_public")),
    path("", include("notifications.api")),
    path("", include("matching.api")),
    path("", include("exploration.api")),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    # Redoc's search runs in a worker it makes from a blob: URL (templates/drf_spectacular/redoc.html).
    path(
        "redoc/",
        csp_update({"worker-src": ["'self'", "blob:"]})(SpectacularRedocView.as_view(url_name="api-schema")),
        name="api-redoc",
    ),
]
