"""The student's export of all their data in the API (`me/export/`, beside the profile in
projects/api_student_profile.py): the same JSON the export page downloads, built by
`engagements.export.student_export`. It lives in engagements because the export holds the student's
applications, engagements and reviews. Student accounts only (403 for others), always their own data.
"""

from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import StudentsOnly
from engagements.export import student_export
from marketplace.api.serializers import error_responses
from students.services import student_profile_ensure

TAG = "students"


class ExportView(APIView):
    permission_classes = [IsAuthenticated, StudentsOnly]

    @extend_schema(
        operation_id="me_export_retrieve",
        tags=[TAG],
        summary="All my data",
        description="The same document as the export page: the profile as JSON Resume "
        "(https://jsonresume.org/schema) plus a `marketplace` part with applications, engagements and "
        "reviews.",
        responses={200: OpenApiTypes.OBJECT, **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        student_profile_ensure(user=request.user)
        data = student_export(user=request.user, now=timezone.now(), absolute_url=request.build_absolute_uri)
        return Response(data, headers={"Cache-Control": "no-store"})


urlpatterns = [
    path("me/export/", ExportView.as_view(), name="api-me-export"),
]
