"""A report as a CSV file or an Excel workbook, with the filters applied and the university named.

Both start with the report's title (naming the university) and its filters, then hold each table of the
report: one after the other in the CSV, one sheet each in the workbook. Text cells follow the rule of
`universities.admin_scoping.csv_cell` (an interface module, which a domain module may not import), so
nothing a student or employer typed (a major, an organisation's name) runs as a formula in a spreadsheet
program. Every export is recorded in the audit trail.
"""

import csv
import io
import re
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from accounts.audit import audit_record_export
from accounts.models import User
from marketplace.spreadsheets import formula_safe
from reports.filters import ReportFilters
from reports.formatting import raw
from reports.selectors import Table
from universities.models import University

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Spreadsheet programs run cells that start with these as formulas (as in universities.admin_scoping).
def csv_cell(value: Any) -> str:
    """Formula-safe text: a leading quote keeps `=HYPERLINK(...)` from running."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return formula_safe(str(value))


def _cell(value: Any) -> Any:
    """Numbers stay numbers (a spreadsheet adds them up); anything else is formula-safe text."""
    if isinstance(value, bool):
        return csv_cell(value)
    if isinstance(value, int | float | Decimal):
        return value
    return csv_cell(value)


def report_title(*, title: str, filters: ReportFilters) -> str:
    university = filters.university.name if filters.university else "All universities"
    return f"{title}: {university}, {filters.start.isoformat()} to {filters.end.isoformat()}"


def export_filename(*, name: str, filters: ReportFilters, extension: str) -> str:
    slug = filters.university.slug if filters.university else "all-universities"
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", slug)
    return f"{name}-{slug}-{filters.start.isoformat()}-{filters.end.isoformat()}.{extension}"


def report_csv(*, title: str, filters: ReportFilters, tables: list[Table]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(report_title(title=title, filters=filters))])
    for label, value in filters.describe():
        writer.writerow([csv_cell(label), csv_cell(value)])
    for table in tables:
        writer.writerow([])
        writer.writerow([csv_cell(table.title)])
        writer.writerow([csv_cell(header) for header in table.headers])
        for row in table.rows:
            writer.writerow([csv_cell(raw(value)) for value in row])
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Sheet"
    candidate, n = name, 2
    while candidate in used:
        candidate = f"{name[:28]} {n}"
        n += 1
    used.add(candidate)
    return candidate


def report_workbook(*, title: str, filters: ReportFilters, tables: list[Table]) -> bytes:
    """One sheet per table; each opens with the report's title (A1) and its filters, then the table.
    Written in openpyxl's streaming mode: rows go straight to the file, so a long table stays fast."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    heading = report_title(title=title, filters=filters)
    bold, title_font = Font(bold=True), Font(bold=True, size=13)

    def styled(sheet, value: str, font: Font) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=csv_cell(value))
        cell.font = font
        return cell

    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, used))
        sheet.column_dimensions["A"].width = 40
        sheet.append([styled(sheet, heading, title_font)])
        for label, value in filters.describe():
            sheet.append([csv_cell(label), csv_cell(value)])
        sheet.append([])
        sheet.append([styled(sheet, table.title, bold)])
        sheet.append([styled(sheet, header, bold) for header in table.headers])
        for row in table.rows:
            sheet.append([_cell(raw(value)) for value in row])
    workbook.properties.title = heading
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_export_response(
    *, by: User, name: str, title: str, filters: ReportFilters, tables: list[Table], file_format: str
) -> HttpResponse:
    """The report as a download (`file_format` "csv" or "xlsx"), recorded in the audit trail."""
    if file_format == "xlsx":
        response = HttpResponse(
            report_workbook(title=title, filters=filters, tables=tables), content_type=XLSX_TYPE
        )
    else:
        response = HttpResponse(
            report_csv(title=title, filters=filters, tables=tables), content_type=CSV_TYPE
        )
    filename = export_filename(name=name, filters=filters, extension=file_format)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    university = filters.university
    audit_record_export(
        by=by,
        model=University,
        object_pks=[university.pk] if university else [],
        description=(
            f"{file_format.upper()} export of the {title.lower()} report "
            f"({university.name if university else 'all universities'}, "
            f"{filters.start.isoformat()} to {filters.end.isoformat()}) on {timezone.localdate().isoformat()}"
        ),
    )
    return response
