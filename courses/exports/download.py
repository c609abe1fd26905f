"""A course's credit records as a download, the same for the page (courses/views_exports.py) and the API
(courses/api_exports.py): the file, its name and headers, and the audit trail entry."""

from typing import Literal

from django.http import HttpResponse

from accounts.models import User
from courses.exports.pdf import PDF_TYPE, credit_pdf
from courses.exports.records import credit_export_audit, credit_export_filename, credit_records_for_export
from courses.exports.spreadsheet import CSV_TYPE, credit_csv
from courses.models import Course

ExportFormat = Literal["csv", "pdf"]


def credit_export_response(
    *, course: Course, by: User, status: str | None, file_format: ExportFormat
) -> HttpResponse:
    """The records of `course` (of one credit `status`, or all) as a CSV attachment or an inline PDF, never
    cached (students' grades). Records in the audit trail that `by` downloaded them. Call once access to
    the course is checked (`course_get_for_instructor`) and `status` is a `CreditStatus` value or None."""
    records = credit_records_for_export(course=course, status=status)
    if file_format == "pdf":
        response = HttpResponse(credit_pdf(course=course, records=records), content_type=PDF_TYPE)
        disposition = "inline"
    else:
        response = HttpResponse(credit_csv(course=course, records=records), content_type=CSV_TYPE)
        disposition = "attachment"
    filename = credit_export_filename(course=course, status=status, extension=file_format)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    credit_export_audit(by=by, course=course, records=records, file_format=file_format)
    return response
