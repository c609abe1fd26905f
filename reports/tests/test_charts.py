"""The SVG charts: accessible, escaped, without inline styles (the CSP forbids them), sensible axes."""

from decimal import Decimal

import pytest

from reports.charts import bar_chart, format_number, funnel_chart, line_chart, nice_ceiling

CHARTS = [
    lambda: funnel_chart(chart_id="f", title="Funnel <b>", steps=[("Signed <up>", 10, "x"), ("Done", 0, "")]),
    lambda: bar_chart(chart_id="b", title="Bars <b>", labels=["<script>"], series=[("A", [3]), ("B", [1])]),
    lambda: line_chart(chart_id="l", title="Line <b>", x_labels=["Jan", "Feb"], series=[("S<1>", [1, 2])]),
]


@pytest.mark.parametrize("draw", CHARTS)
def test_a_chart_is_a_named_image_with_escaped_text_and_no_inline_style(draw):
    svg = str(draw())
    assert svg.startswith("<svg") and 'role="img"' in svg and "aria-labelledby=" in svg
    assert "<title id=" in svg and "&lt;b&gt;" in svg
    assert "<script>" not in svg and "<up>" not in svg and "<1>" not in svg
    assert "style=" not in svg


def test_the_funnel_bars_shrink_with_the_counts():
    svg = str(funnel_chart(chart_id="f", title="F", steps=[("A", 10, ""), ("B", 5, "50%")]))
    assert 'width="360"' in svg and 'width="180"' in svg
    assert "B: 5 (50%)" in svg


def test_the_line_chart_axis_has_round_whole_steps_for_counts():
    svg = str(line_chart(chart_id="l", title="L", x_labels=["a", "b"], series=[("n", [0, 5])]))
    assert ">8</text>" in svg and ">2</text>" in svg and ">1.25<" not in svg


def test_a_single_period_still_draws():
    svg = str(line_chart(chart_id="l", title="L", x_labels=["Jan"], series=[("n", [Decimal("2.5")])]))
    assert "<circle" in svg and "<polyline" not in svg


@pytest.mark.parametrize(
    ("value", "text"),
    [(12, "12"), (1234, "1,234"), (Decimal("12.50"), "12.5"), (Decimal("0"), "0"), (0.333, "0.33")],
)
def test_format_number(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(("value", "top"), [(0, 1), (0.3, 0.5), (3, 5), (7, 10), (12, 20), (180, 200)])
def test_nice_ceiling(value, top):
    assert nice_ceiling(value) == top
