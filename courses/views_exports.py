"""A course's credit records as downloads for its instructors: a CSV, and a printable PDF for the registrar.

Only the course's confirmed instructors reach them (anyone else gets the 404 of `course_get_for_instructor`);
`?status=` narrows them to one credit status (e.g. `signed_off`). Each download is recorded in the audit
trail.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_GET

from courses.access import confirmed_faculty_page
from courses.exports import ExportFormat, credit_export_response
from courses.models import CreditStatus, FacultyProfile
from courses.selectors import course_get_for_instructor


def _export(
    request: HttpRequest, public_id, file_format: ExportFormat, faculty: FacultyProfile
) -> HttpResponse:
    course = course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty)
    status = request.GET.get("status", "")
    if status and status not in CreditStatus.values:
        choices = ", ".join(CreditStatus.values)
        return HttpResponseBadRequest(
            f"Unknown status: use one of {choices}, or none for all.",
            content_type="text/plain; charset=utf-8",
        )
    return credit_export_response(
        course=course, by=request.user, status=status or None, file_format=file_format
    )


@confirmed_faculty_page
@require_GET
def credit_export_csv(request: HttpRequest, public_id, *, faculty: FacultyProfile) -> HttpResponse:
    return _export(request, public_id, "csv", faculty)


@confirmed_faculty_page
@require_GET
def credit_export_pdf(request: HttpRequest, public_id, *, faculty: FacultyProfile) -> HttpResponse:
    return _export(request, public_id, "pdf", faculty)
