"""What each report page shows: sections of charts, each followed by the table of its data.

The tables are the reports' own (`tables()`, also exported); this module only adds the charts and the
order in which the page shows them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils.safestring import SafeString

from reports import charts
from reports.formatting import hours_text, money_text
from reports.selectors import (
    CoursesReport,
    EmployersReport,
    FunnelReport,
    OutcomesReport,
    Table,
    TrendsReport,
)
from reports.selectors.common import percent

# Bars past this many become hard to read; the table under the chart lists every row.
CHART_ROWS = 10
# A page lists at most this many employers (a site with thousands would make a page nobody reads); the
# exports hold them all.
TABLE_ROWS = 100


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString


@dataclass(frozen=True)
class Section:
    slug: str
    table: Table
    charts: list[Chart] = field(default_factory=list)
    note: str = ""

    @property
    def title(self) -> str:
        return self.table.title


def _chart(draw: Callable[..., SafeString], **kwargs) -> Chart:
    return Chart(title=kwargs["title"], svg=draw(**kwargs))


def _top(rows: list, note_of: str) -> tuple[list, str]:
    if len(rows) <= CHART_ROWS:
        return rows, ""
    return rows[:CHART_ROWS], f"The chart shows the {CHART_ROWS} {note_of}; the table lists all {len(rows)}."


def funnel_sections(report: FunnelReport) -> list[Section]:
    funnel_table, major_table, year_table, field_table = report.tables()
    steps = [
        (step.label, step.count, "" if step.conversion is None else f"{percent(step.conversion)} of previous")
        for step in report.steps
    ]
    sections = [
        Section(
            "funnel",
            funnel_table,
            [_chart(charts.funnel_chart, chart_id="chart-funnel", title="Participation funnel", steps=steps)],
        )
    ]
    for slug, table, rows, what in (
        ("major", major_table, report.by_major, "majors with the most sign-ups"),
        ("year", year_table, report.by_year, "graduation years with the most sign-ups"),
    ):
        shown, note = _top(rows, what)
        chart = _chart(
            charts.bar_chart,
            chart_id=f"chart-{slug}",
            title=f"Sign-ups, applications and completions {table.title.lower()}",
            labels=[row.label for row in shown],
            series=[
                ("Signed up", [row.counts[0] for row in shown]),
                ("Applied", [row.counts[3] for row in shown]),
                ("Completed a project", [row.counts[5] for row in shown]),
            ],
        )
        sections.append(Section(slug, table, [chart] if shown else [], note))
    shown, note = _top(report.by_field, "fields with the most applicants")
    chart = _chart(
        charts.bar_chart,
        chart_id="chart-field",
        title="Applied, accepted and completed by project field",
        labels=[row.label for row in shown],
        series=[(name, [row.counts[i] for row in shown]) for i, name in enumerate(report.FIELD_STEPS)],
    )
    sections.append(Section("field", field_table, [chart] if shown else [], note))
    return sections


def outcomes_sections(report: OutcomesReport) -> list[Section]:
    summary, earnings, ratings = report.tables()
    finished = _chart(
        charts.bar_chart,
        chart_id="chart-finished",
        title="Engagements completed and cancelled",
        labels=["Completed", "Cancelled"],
        series=[("Engagements", [report.completed, report.cancelled])],
    )
    paid = _chart(
        charts.bar_chart,
        chart_id="chart-earnings",
        title="Earnings paid, per currency",
        labels=[row.currency for row in report.earnings],
        series=[("Amount paid", [row.amount for row in report.earnings])],
        value_labels=[[money_text(row.amount, row.currency) for row in report.earnings]],
    )
    stars = _chart(
        charts.bar_chart,
        chart_id="chart-ratings",
        title="Ratings given, by number of stars",
        labels=[f"{n} star{'s' if n > 1 else ''}" for n in range(1, 6)],
        series=[(row.label, row.stars) for row in report.ratings],
    )
    return [
        Section("summary", summary, [finished]),
        Section(
            "earnings", earnings, [paid] if report.earnings else [], "" if report.earnings else "No payments."
        ),
        Section("ratings", ratings, [stars]),
    ]


def employers_sections(report: EmployersReport) -> list[Section]:
    summary, employers, new_partners = report.tables()
    shown, note = _top(report.employers, "employers with the most applicants")
    chart = _chart(
        charts.bar_chart,
        chart_id="chart-employers",
        title="Applicants and hires per employer",
        labels=[row.name for row in shown],
        series=[("Applicants", [row.applicants for row in shown]), ("Hires", [row.hires for row in shown])],
    )
    listed = employers
    if len(employers.rows) > TABLE_ROWS:
        listed = replace(employers, rows=employers.rows[:TABLE_ROWS])
        note = (
            f"{note} The table lists the {TABLE_ROWS} employers with the most applicants; "
            f"the CSV and Excel exports list all {len(employers.rows)}."
        ).strip()
    return [
        Section("summary", summary),
        Section("employers", listed, [chart] if shown else [], note),
        Section("new-partners", new_partners),
    ]


def trends_sections(report: TrendsReport) -> list[Section]:
    (table,) = report.tables()
    labels = [report.bucket_label(day) for day in report.buckets]
    figures = [
        _chart(
            charts.line_chart,
            chart_id=f"chart-{s.key}",
            title=s.label,
            x_labels=labels,
            series=[(s.label, s.values)],
            value_format=hours_text if s.key == "hours" else charts.format_number,
        )
        for s in report.series
    ]
    if report.earnings:
        figures.append(
            _chart(
                charts.line_chart,
                chart_id="chart-earnings",
                title="Earnings paid, per currency",
                x_labels=labels,
                series=[(s.key, s.values) for s in report.earnings],
                value_labels=[[money_text(value, s.key) for value in s.values] for s in report.earnings],
            )
        )
    return [Section("trends", table, figures)]


def courses_sections(report: CoursesReport) -> list[Section]:
    summary, by_status, signed_off = report.tables()
    statuses = _chart(
        charts.bar_chart,
        chart_id="chart-credit-status",
        title="Credit requests by status",
        labels=[row.label for row in report.credit_by_status],
        series=[("Credit requests", [row.count for row in report.credit_by_status])],
    )
    results = _chart(
        charts.bar_chart,
        chart_id="chart-credit-results",
        title="Credit signed off, by result",
        labels=[row.label for row in report.signed_off_by_result],
        series=[("Signed off", [row.count for row in report.signed_off_by_result])],
    )
    return [
        Section("summary", summary),
        Section(
            "credit-status",
            by_status,
            [statuses] if report.credit_requests else [],
            "" if report.credit_requests else "No credit requests.",
        ),
        Section(
            "credit-signed-off",
            signed_off,
            [results] if report.signed_off else [],
            "" if report.signed_off else "No credit signed off.",
        ),
    ]


SECTIONS: dict[str, Callable] = {
    "funnel": funnel_sections,
    "outcomes": outcomes_sections,
    "employers": employers_sections,
    "trends": trends_sections,
    "courses": courses_sections,
}
