"""The exploration page's charts, drawn with the server-side SVG helpers of `reports.charts` (below this
app). Each chart comes with the rows of its data table, which the page shows right after it."""

from dataclasses import dataclass

from django.utils.safestring import SafeString

from exploration.selectors import Exploration
from reports.charts import bar_chart, line_chart
from reports.formatting import number_text


@dataclass(frozen=True)
class Chart:
    chart_id: str
    title: str
    svg: SafeString
    headers: list[str]
    rows: list[list[str]]


def exploration_charts(exploration: Exploration) -> list[Chart]:
    """Fields (worked in, applied to, saved), hours per field, skills shown over time and by skill; a chart
    only when it has something to draw."""
    charts = []
    fields = exploration.fields
    if fields:
        series = [
            ("Worked in", [row.worked for row in fields]),
            ("Applied to", [row.applied for row in fields]),
            ("Saved", [row.saved for row in fields]),
        ]
        charts.append(
            Chart(
                "fields",
                "Fields you have explored",
                bar_chart(
                    chart_id="chart-fields",
                    title="Projects by field: worked in, applied to and saved",
                    labels=[row.label for row in fields],
                    series=series,
                ),
                ["Field", "Worked in", "Applied to", "Saved"],
                [
                    [row.label, number_text(row.worked), number_text(row.applied), number_text(row.saved)]
                    for row in fields
                ],
            )
        )
    worked = [row for row in fields if row.hours]
    if worked:
        charts.append(
            Chart(
                "hours",
                "Hours per field",
                bar_chart(
                    chart_id="chart-hours",
                    title="Hours logged per field",
                    labels=[row.label for row in worked],
                    series=[("Hours", [row.hours for row in worked])],
                    value_format=lambda value: f"{number_text(value)} h",
                ),
                ["Field", "Hours logged"],
                [[row.label, number_text(row.hours)] for row in worked],
            )
        )
    months = exploration.skills_by_month
    if months:
        charts.append(
            Chart(
                "skills-over-time",
                "Skills shown over time",
                line_chart(
                    chart_id="chart-skills-over-time",
                    title="Distinct skills shown, month by month",
                    x_labels=[label for label, _ in months],
                    series=[("Skills shown", [count for _, count in months])],
                ),
                ["Month", "Distinct skills shown so far"],
                [[label, number_text(count)] for label, count in months],
            )
        )
    skills = exploration.skills
    if skills:
        charts.append(
            Chart(
                "skills",
                "Skills you have shown",
                bar_chart(
                    chart_id="chart-skills",
                    title="Skills shown in approved work and endorsed in employers' reviews",
                    labels=[row.name for row in skills],
                    series=[
                        ("Approved work", [row.from_work for row in skills]),
                        ("Employer reviews", [row.from_reviews for row in skills]),
                    ],
                ),
                ["Skill", "In approved work", "Endorsed in reviews"],
                [[row.name, number_text(row.from_work), number_text(row.from_reviews)] for row in skills],
            )
        )
    return charts
