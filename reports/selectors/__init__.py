"""The career office's reports: one function per report, each a constant number of SQL aggregates.

Each takes the university (None for every university, site staff only) and the `ReportFilters` of the
request, and returns a plain dataclass with the figures and the `tables()` shown under the charts and
exported.
"""

from reports.selectors.common import Table
from reports.selectors.courses import CoursesReport, courses_report
from reports.selectors.employers import EmployersReport, employers_report
from reports.selectors.funnel import FunnelReport, funnel_report
from reports.selectors.outcomes import OutcomesReport, outcomes_report
from reports.selectors.trends import Headline, TrendsReport, headline_figures, trends_report

__all__ = [
    "CoursesReport",
    "EmployersReport",
    "FunnelReport",
    "Headline",
    "OutcomesReport",
    "Table",
    "TrendsReport",
    "courses_report",
    "employers_report",
    "funnel_report",
    "headline_figures",
    "outcomes_report",
    "trends_report",
]
