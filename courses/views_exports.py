"""A course's credit records as downloads for its instructors: a CSV, and a printable PDF for the registrar.

Only the course's confirmed instructors reach them (anyone else gets the 404 of `course_get_for_instructor`);
`?status=` narrows them to one credit status (e.g. `signed_off`). Each download is recorded in the audit
trail.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.http import require_GET

from courses.access import confirmed_faculty_page
from courses.exports import (
    CSV_TYPE,
    PDF_TYPE,
    credit_csv,
    credit_export_audit,
    credit_export_filename,
    credit_pdf,
    credit_records_for_export,
)
from courses.models import CreditStatus, FacultyProfile
from courses.selectors import course_get_for_instructor


def _export(request: HttpRequest, public_id, file_format: str) -> HttpResponse:
    course = course_get_for_instructor(user=request.user, public_id=public_id)
    status = request.GET.get("status", "")
    if status and status not in CreditStatus.values:
        choices = ", ".join(CreditStatus.values)
        return HttpResponseBadRequest(
            f"Unknown status: use one of {choices}, or none for all.",
            content_type="text/plain; charset=utf-8",
        )
    records = credit_records_for_export(course=course, status=status or None)
    if file_format == "pdf":
        response = HttpResponse(credit_pdf(course=course, records=records), content_type=PDF_TYPE)
        disposition = "inline"
    else:
        response = HttpResponse(credit_csv(course=course, records=records), content_type=CSV_TYPE)
        disposition = "attachment"
    filename = credit_export_filename(course=course, status=status or None, extension=file_format)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    credit_export_audit(by=request.user, course=course, records=records, file_format=file_format)
    return response


@confirmed_faculty_page
@require_GET
def credit_export_csv(request: HttpRequest, public_id, *, faculty: FacultyProfile) -> HttpResponse:
    return _export(request, public_id, "csv")


@confirmed_faculty_page
@require_GET
def credit_export_pdf(request: HttpRequest, public_id, *, faculty: FacultyProfile) -> HttpResponse:
    return _export(request, public_id, "pdf")
