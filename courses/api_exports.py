"""A course's credit records as files through the API: the CSV and the printable PDF the course page offers
(courses/views_exports.py), built by the same code (`courses.exports.credit_export_response`) for the same
people, and recorded in the same audit trail.

Only the course's confirmed instructors get a file. Everyone else who is signed in gets 404, whatever
their role, as on the pages (the course's existence is not given away); faculty not yet confirmed by their
career office get 403, as on every faculty endpoint (the pages show them the waiting page, also 403); the
anonymous 401. Errors are JSON in the API's one format.
"""

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.models import Role
from courses.api import ConfirmedFaculty, faculty_of
from courses.api_credit import TAG
from courses.exports import ExportFormat, credit_export_response
from courses.models import CreditStatus
from courses.selectors import course_get_for_instructor
from marketplace.api.downloads import DownloadNegotiation, download_response
from marketplace.api.query import QueryParametersSerializer
from marketplace.api.serializers import error_responses


class ConfirmedFacultyElseNotFound(ConfirmedFaculty):
    """ConfirmedFaculty, except that the other roles go on to the course's selector, which finds nothing
    for them (404): the downloads answer as their pages do (accounts.permissions.role_page)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if user and user.is_authenticated and user.role != Role.FACULTY:
            return True
        return super().has_permission(request, view)


class CreditExportQuerySerializer(QueryParametersSerializer):
    status = serializers.ChoiceField(
        choices=CreditStatus.choices, required=False, help_text="Only the records in this credit status."
    )


class _CreditExport(APIView):
    permission_classes = [ConfirmedFacultyElseNotFound]
    content_negotiation_class = DownloadNegotiation
    file_format: ExportFormat

    def get(self, request: Request, public_id) -> HttpResponse:
        # The course first: an outsider's malformed query gets the same 404 as a well-formed one.
        course = course_get_for_instructor(
            user=request.user, public_id=public_id, faculty=faculty_of(request)
        )
        query = CreditExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return credit_export_response(
            course=course,
            by=request.user,
            status=query.validated_data.get("status"),
            file_format=self.file_format,
        )


class CreditExportCsv(_CreditExport):
    file_format = "csv"

    @extend_schema(
        operation_id="courses_credit_export_csv",
        tags=[TAG],
        summary="The credit records of one of my courses as CSV",
        description="One row per credit request, by student name, as the course page's CSV download: an "
        "attachment, never cached. Each download is recorded in the audit trail.",
        parameters=[CreditExportQuerySerializer],
        responses={
            (200, "text/csv"): download_response("The records, UTF-8 CSV with a header row."),
            **error_responses(400, 401, 403, 404),
        },
    )
    def get(self, request: Request, public_id) -> HttpResponse:
        return super().get(request, public_id)


class CreditExportPdf(_CreditExport):
    file_format = "pdf"

    @extend_schema(
        operation_id="courses_credit_export_pdf",
        tags=[TAG],
        summary="The credit records of one of my courses as a printable PDF",
        description="A4, a page (or more) per student with a signature line, as the course page's PDF "
        "download: inline, never cached. Each download is recorded in the audit trail.",
        parameters=[CreditExportQuerySerializer],
        responses={
            (200, "application/pdf"): download_response("The records, one student per page."),
            **error_responses(400, 401, 403, 404),
        },
    )
    def get(self, request: Request, public_id) -> HttpResponse:
        return super().get(request, public_id)


urlpatterns = [
    path("courses/<uuid:public_id>/credit.csv", CreditExportCsv.as_view(), name="api-course-credit-csv"),
    path("courses/<uuid:public_id>/credit.pdf", CreditExportPdf.as_view(), name="api-course-credit-pdf"),
]
