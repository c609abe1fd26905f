"""A course's credit records for the faculty and the registrar: a CSV of one row per credit request, and a
printable PDF with one page (or more, when the record is long) per student.

Both read the records through `credit_records_for_export`: two queries whatever the class size (the
requests with their student, engagement, evaluation, reflection and hours; then every rating). Text
people typed is formula-safe in the CSV (`marketplace.spreadsheets.formula_safe`) and escaped before it
goes into reportlab's paragraph markup, so a `<b>` or an `&` in a comment prints as written.
"""

from courses.exports.download import ExportFormat, credit_export_response
from courses.exports.pdf import PDF_TYPE, credit_pdf
from courses.exports.records import credit_export_audit, credit_export_filename, credit_records_for_export
from courses.exports.spreadsheet import CSV_TYPE, credit_csv

__all__ = [
    "CSV_TYPE",
    "PDF_TYPE",
    "ExportFormat",
    "credit_csv",
    "credit_export_audit",
    "credit_export_filename",
    "credit_export_response",
    "credit_pdf",
    "credit_records_for_export",
]
