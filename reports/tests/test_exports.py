"""CSV and Excel exports: the report's figures with its filters, the university named, cells formula-safe,
the export in the audit trail, and never another university's rows."""

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from openpyxl import load_workbook

from reports.exports import csv_cell
from reports.tests.world import END, START

pytestmark = pytest.mark.django_db

RANGE = {"start": START.isoformat(), "end": END.isoformat()}


def _export(client, name, file_format, **params):
    return client.get(reverse(f"reports:{name}"), {**RANGE, **params, "format": file_format})


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_funnel_as_csv_names_the_university_and_its_filters(client, world, north_staff):
    client.force_login(north_staff)
    response = _export(client, "funnel", "csv", major="Economics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="funnel-north-2026-01-01-2026-05-31.csv"'
    rows = _csv_rows(response)
    assert rows[0] == ["Participation funnel: North University, 2026-01-01 to 2026-05-31"]
    assert ["University", "North University"] in rows
    assert ["Major", "Economics"] in rows
    funnel = rows.index(["Funnel"])
    assert rows[funnel + 1][:2] == ["Step", "Students"]
    assert [row[1] for row in rows[funnel + 2 : funnel + 8]] == ["3", "3", "2", "2", "1", "1"]


@pytest.mark.parametrize("name", ["funnel", "outcomes", "employers", "trends"])
def test_every_report_exports_as_a_workbook(client, world, north_staff, name):
    client.force_login(north_staff)
    response = _export(client, name, "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f"{name}-north-2026-01-01-2026-05-31.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    for sheet in workbook.worksheets:
        assert "North University" in sheet["A1"].value
        assert (sheet["A2"].value, sheet["B2"].value) == ("University", "North University")
    text = " ".join(
        str(cell.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
    )
    assert "South University" not in text


def test_the_outcomes_workbook_holds_the_figures_as_numbers(client, world, north_staff):
    client.force_login(north_staff)
    workbook = load_workbook(io.BytesIO(_export(client, "outcomes", "xlsx").content))
    sheet = workbook["Outcomes"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and len(row) > 1}
    assert values["Engagements completed"] == 3
    assert values["Engagements cancelled"] == 1
    assert float(values["Hours logged"]) == 12.5
    earnings = {row[0]: row[1] for row in workbook["Earnings paid"].iter_rows(values_only=True) if row}
    assert float(earnings["USD"]) == 200 and float(earnings["EUR"]) == 150


def test_employer_names_cannot_run_as_formulas(client, world, north_staff):
    one = world.employers["one"]
    one.name = '=HYPERLINK("http://evil.example","click")'
    one.save()
    client.force_login(north_staff)
    rows = _csv_rows(_export(client, "employers", "csv"))
    assert [row[0] for row in rows if "HYPERLINK" in (row[0] if row else "")][:1] == [
        '\'=HYPERLINK("http://evil.example","click")'
    ]
    workbook = load_workbook(io.BytesIO(_export(client, "employers", "xlsx").content))
    cells = [
        c for row in workbook["Employers"].iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)
    ]
    assert cells and all(c.data_type == "s" and str(c.value).startswith("'") for c in cells)


def test_csv_cell_rule():
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("Economics") == "Economics"
    assert csv_cell(None) == ""


def test_an_export_is_recorded_in_the_audit_trail(client, world, north_staff):
    client.force_login(north_staff)
    _export(client, "trends", "csv")
    entry = LogEntry.objects.filter(actor=north_staff).latest("pk")
    assert entry.additional_data["event"] == "csv_export"
    assert entry.additional_data["object_pks"] == [str(world.north.pk)]
    assert "CSV export of the trends report (North University" in entry.changes_text


def test_career_staff_export_only_their_university_whatever_they_ask(client, world, south_staff):
    client.force_login(south_staff)
    response = _export(client, "outcomes", "csv", university=world.north.pk)
    assert "south" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0][0].startswith("Outcomes: South University")
    figures = {row[0]: row[1] for row in rows if len(row) == 2}
    assert figures["Engagements completed"] == "1"
    assert ["USD", "999.00", "1"] in rows
    assert not any("North University" in cell for row in rows for cell in row)


def test_site_admins_export_every_university(client, world, site_admin):
    client.force_login(site_admin)
    response = _export(client, "funnel", "csv")
    assert "funnel-all-universities-" in response["Content-Disposition"]
    assert _csv_rows(response)[0][0].startswith("Participation funnel: All universities")
