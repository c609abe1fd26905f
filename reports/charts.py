"""Charts drawn on the server as SVG: a funnel, horizontal bars (one or more series) and a line chart.

Pure functions from numbers to markup, so the pages need no JavaScript. The strict Content-Security-Policy
forbids inline styles, so colours and fonts come from classes styled in static/css/reports.css (series
colours `series-0`…`series-5`) and from presentation attributes. Every chart is an `img` for assistive
technology, named by its <title>; the page shows its data as a table right after it.

The drawings are 360 units wide, a phone's width: on a 390 px screen a chart is drawn about 1:1, so its
14-unit text is read at about 14 px (never below 12), and the CSS caps a chart's width on a desktop so its
text does not grow past about 17 px. Every label sits on its own line above its bar, and the longest value
decides how long the bars may be, so nothing is cut at the edge. Numbers follow `reports.formatting`.
"""

import math
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from reports.formatting import Number, number_text

WIDTH = 360
SERIES_CLASSES = 6
# Roughly how wide a character of the 13 or 14 unit chart font is: enough to keep text inside the drawing.
CHAR_WIDTH = 8.0
LABEL_CHARS = int(WIDTH / CHAR_WIDTH)
format_number = number_text


def _fit(text: str, chars: int = LABEL_CHARS) -> str:
    """`text` cut to `chars` characters with an ellipsis (the table under the chart has it in full)."""
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _texts(
    series: Sequence[tuple[str, Sequence[Number]]],
    value_format: Callable[[Number], str],
    value_labels: Sequence[Sequence[str]] | None,
) -> list[list[str]]:
    """The text written for each value: `value_labels` when given (parallel to the series), else formatted."""
    if value_labels is not None:
        return [list(texts) for texts in value_labels]
    return [[value_format(value) for value in values] for _, values in series]


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten at least `value` (a round top for an axis)."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


def _svg(chart_id: str, title: str, height: float, body: list[str], description: str = "") -> SafeString:
    chart_id = escape(chart_id)
    described = f' aria-describedby="{chart_id}-desc"' if description else ""
    desc = f'<desc id="{chart_id}-desc">{escape(description)}</desc>' if description else ""
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" viewBox="0 0 {WIDTH} {height:g}" '
        f'role="img" aria-labelledby="{chart_id}-title"{described} focusable="false">'
        f'<title id="{chart_id}-title">{escape(title)}</title>{desc}' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, *, css: str = "chart-label", anchor: str = "start") -> str:
    return f'<text x="{x:g}" y="{y:g}" class="{css}" text-anchor="{anchor}">{escape(text)}</text>'


def _legend(names: Sequence[str], y: float) -> tuple[list[str], float]:
    """One line per series name (a swatch and the name); returns the markup and the height used."""
    if len(names) < 2:
        return [], 0
    body = []
    for i, name in enumerate(names):
        top = y + i * 20
        body.append(
            f'<rect x="0" y="{top:g}" width="14" height="14" rx="2" class="series-{i % SERIES_CLASSES}"/>'
        )
        body.append(_text(20, top + 12, name))
    return body, len(names) * 20 + 8


def funnel_chart(
    *, chart_id: str, title: str, steps: Sequence[tuple[str, int, str]], description: str = ""
) -> SafeString:
    """A funnel: for each (label, count, note) a line of text and a centred bar as wide as its share of the
    first step's count (the note says the conversion, e.g. "62.5% of the previous step")."""
    top = max((count for _, count, _ in steps), default=0) or 1
    body, y = [], 0.0
    for i, (label, count, note) in enumerate(steps):
        text = f"{label}: {format_number(count)}" + (f" ({note})" if note else "")
        body.append(_text(0, y + 14, _fit(text)))
        width = max(2.0, WIDTH * count / top) if count else 0
        if width:
            body.append(
                f'<rect x="{(WIDTH - width) / 2:g}" y="{y + 20:g}" width="{width:g}" height="22" rx="3" '
                f'class="series-{i % SERIES_CLASSES}"><title>{escape(text)}</title></rect>'
            )
        else:
            body.append(f'<line x1="0" x2="{WIDTH}" y1="{y + 31:g}" y2="{y + 31:g}" class="chart-axis"/>')
        y += 50
    return _svg(chart_id, title, max(y, 20), body, description)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    value_format: Callable[[Number], str] = format_number,
    value_labels: Sequence[Sequence[str]] | None = None,
    description: str = "",
) -> SafeString:
    """Horizontal bars, one group per label and one bar per series, each with its value written after it
    (`value_labels`, parallel to the series, when the values need more than `value_format`: money in several
    currencies). Labels sit on their own line above their bars, so long names (majors, employers) keep the
    whole width; a name longer than that is cut with an ellipsis."""
    names = [name for name, _ in series]
    texts = _texts(series, value_format, value_labels)
    body, y = _legend(names, 0)
    top = max((float(v) for _, values in series for v in values), default=0) or 1
    longest = max((len(text) for row in texts for text in row), default=1)
    bar_room = WIDTH - 6 - CHAR_WIDTH * longest  # leaves room for the value written after the longest bar
    for index, label in enumerate(labels):
        body.append(_text(0, y + 14, _fit(label)))
        y += 20
        for s, (name, values) in enumerate(series):
            value = values[index]
            width = bar_room * float(value) / top
            shown = texts[s][index]
            text = f"{label}, {name}: {shown}" if len(series) > 1 else f"{label}: {shown}"
            body.append(
                f'<rect x="0" y="{y:g}" width="{max(width, 1):g}" height="14" rx="2" '
                f'class="series-{s % SERIES_CLASSES}"><title>{escape(text)}</title></rect>'
            )
            body.append(_text(max(width, 1) + 4, y + 12, shown, css="chart-value"))
            y += 18
        y += 8
    return _svg(chart_id, title, max(y, 20), body, description)


def line_chart(
    *,
    chart_id: str,
    title: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    value_format: Callable[[Number], str] = format_number,
    value_labels: Sequence[Sequence[str]] | None = None,
    description: str = "",
) -> SafeString:
    """Lines over time with a y axis from zero to a round top (four gridlines; whole steps when every value
    is a whole number) and as many x labels as fit side by side (at most six)."""
    names = [name for name, _ in series]
    texts = _texts(series, value_format, value_labels)
    body, legend_height = _legend(names, 0)
    left, right, plot_top, plot_height = 52.0, 12.0, legend_height + 10, 150.0
    plot_width = WIDTH - left - right
    bottom = plot_top + plot_height
    whole = all(isinstance(v, int) for _, values in series for v in values)
    step = nice_ceiling(max((float(v) for _, values in series for v in values), default=0) / 4)
    top_value = 4 * (max(1, math.ceil(step)) if whole else step)
    for tick in range(5):
        value = top_value * tick / 4
        y = bottom - plot_height * tick / 4
        body.append(f'<line x1="{left:g}" x2="{WIDTH - right:g}" y1="{y:g}" y2="{y:g}" class="chart-grid"/>')
        tick_text = format_number(int(value) if float(value).is_integer() else Decimal(str(value)))
        body.append(_text(left - 6, y + 4, tick_text, css="chart-tick", anchor="end"))
    body.append(f'<line x1="{left:g}" x2="{left:g}" y1="{plot_top:g}" y2="{bottom:g}" class="chart-axis"/>')
    body.append(
        f'<line x1="{left:g}" x2="{WIDTH - right:g}" y1="{bottom:g}" y2="{bottom:g}" class="chart-axis"/>'
    )
    count = len(x_labels)

    def x_of(i: int) -> float:
        return left + (plot_width / 2 if count == 1 else plot_width * i / (count - 1))

    label_width = CHAR_WIDTH * max((len(label) for label in x_labels), default=1) + 12
    fitting = max(2, min(6, int((plot_width + label_width / 2) // label_width)))
    every = max(1, math.ceil(count / fitting))
    for i, label in enumerate(x_labels):
        if i % every == 0 or (i == count - 1 and count <= fitting):
            anchor = (
                "start" if i == 0 and count > 1 else ("end" if i == count - 1 and count > 1 else "middle")
            )
            body.append(_text(x_of(i), bottom + 18, label, css="chart-tick", anchor=anchor))
    for s, (name, values) in enumerate(series):
        css = f"series-{s % SERIES_CLASSES}"
        points = [(x_of(i), bottom - plot_height * float(v) / top_value) for i, v in enumerate(values)]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(f'<polyline points="{path}" fill="none" stroke-width="2" class="line {css}"/>')
        for (x, y), label, shown in zip(points, x_labels, texts[s], strict=False):
            text = f"{name}, {label}: {shown}"
            point = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" class="{css}">'
            body.append(f"{point}<title>{escape(text)}</title></circle>")
    return _svg(chart_id, title, bottom + 28, body, description)
