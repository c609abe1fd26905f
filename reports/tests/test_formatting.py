"""One rule for numbers on the page (tables, charts, headline figures), raw numbers in the exports."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reports.charts import bar_chart, line_chart
from reports.formatting import Hours, Money, display, hours_text, money_text, number_text, raw
from reports.tests.world import END, START

RANGE = {"start": START.isoformat(), "end": END.isoformat()}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2500, "2,500"),
        (Decimal("2500.00"), "2,500"),
        (Decimal("1234.567"), "1,234.57"),
        (Decimal("-0.001"), "0"),
    ],
)
def test_numbers_have_thousands_separators_and_at_most_two_decimals(value, text):
    assert number_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"), [(12, "12"), (Decimal("1234.50"), "1,234.5"), (Decimal("12.25"), "12.3"), (0, "0")]
)
def test_hours_have_at_most_one_decimal(value, text):
    assert hours_text(value) == text


def test_money_has_two_decimals_and_its_currency():
    assert money_text(Decimal("2500"), "USD") == "2,500.00 USD"
    assert display(Money(Decimal("999"), "EUR")) == "999.00 EUR"


def test_a_cell_shows_formatted_and_exports_raw():
    assert (display(Hours(Decimal("1250.25"))), raw(Hours(Decimal("1250.25")))) == (
        "1,250.3",
        Decimal("1250.25"),
    )
    assert raw(Money(Decimal("2500.00"), "USD")) == Decimal("2500.00")
    assert (display(None), display("83.3%"), raw(7)) == ("n/a", "83.3%", 7)


def test_charts_write_values_as_given():
    svg = str(
        bar_chart(
            chart_id="b",
            title="Paid",
            labels=["USD"],
            series=[("Paid", [Decimal("2500")])],
            value_labels=[["2,500.00 USD"]],
        )
    )
    assert ">2,500.00 USD</text>" in svg and "USD: 2,500.00 USD" in svg
    line = str(line_chart(chart_id="l", title="L", x_labels=["a", "b"], series=[("n", [1200, 3400])]))
    assert "n, b: 3,400" in line


def test_a_long_label_is_cut_to_the_chart_width():
    name = "The Very Long Name of an Employer That Goes On and On, Incorporated"
    svg = str(bar_chart(chart_id="b", title="T", labels=[name], series=[("A", [1])]))
    assert f">{name}<" not in svg and "…</text>" in svg and f"{name}: 1" in svg


@pytest.mark.django_db
def test_the_page_formats_money_but_the_exports_keep_numbers(client, world, south_staff):
    """South's office had one payment of 999.00 USD."""
    client.force_login(south_staff)
    url = reverse("reports:outcomes")
    page = client.get(url, RANGE).content.decode()
    assert '<td class="num">999.00 USD</td>' in page and ">999.00 USD</text>" in page
    rows = list(csv.reader(io.StringIO(client.get(url, {**RANGE, "format": "csv"}).content.decode())))
    assert ["USD", "999.00", "1"] in rows
    workbook = load_workbook(io.BytesIO(client.get(url, {**RANGE, "format": "xlsx"}).content))
    amounts = [
        row[1] for row in workbook["Earnings paid"].iter_rows(values_only=True) if row and row[0] == "USD"
    ]
    assert amounts == [999]
    overview = client.get(reverse("reports:index"), RANGE).content.decode()
    assert "999.00 USD" in overview
