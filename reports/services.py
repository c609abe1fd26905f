"""Keeping the reports ready: the current term's reports of every career office, recomputed ahead of time.

The reports read the rollup tables (`reports.rollups`), so a report computed cold answers in a few hundred
milliseconds even at a large university; kept (see `selectors.common.cached`) it answers in milliseconds.
The refresh recomputes, for each university that has a career office, what its staff open first: the
overview's headline figures and the five reports over the current term, without filters. Other ranges and
filters are computed on demand and then kept too.
"""

import datetime as dt

from django.core.cache import cache

from reports import rollups
from reports.filters import ReportFilters, term_containing
from reports.selectors import (
    courses_report,
    employers_report,
    funnel_report,
    headline_figures,
    outcomes_report,
    trends_report,
)
from reports.selectors.common import cache_seconds, student_majors
from universities.models import University

# One refresh at a time: a run that overlaps a slow one has nothing to add.
REFRESH_LOCK = "reports:refresh:running"
REFRESH_LOCK_SECONDS = 30 * 60


def reports_refresh(*, today: dt.date) -> int:
    """Recompute and keep the current term's reports of every university with career staff; returns how
    many universities were refreshed (0 when reports are not kept, or another refresh is running).

    The rollups are refreshed first, so what is kept counts what changed since their last refresh.
    Idempotent: running it twice only computes the same figures twice."""
    if not cache_seconds() or not cache.add(REFRESH_LOCK, True, REFRESH_LOCK_SECONDS):
        return 0
    try:
        rollups.rollups_refresh()
        term = term_containing(today)
        universities = University.objects.filter(staff_memberships__isnull=False).distinct().order_by("pk")
        refreshed = 0
        for university in universities:
            filters = ReportFilters(university=university, start=term.start, end=term.end)
            headline_figures(university=university, start=term.start, end=term.end, fresh=True)
            # The career dashboard's "so far" figures (the term up to today): its own cache entry.
            headline_figures(university=university, start=term.start, end=today, fresh=True)
            student_majors(university=university, fresh=True)
            for report in (funnel_report, outcomes_report, employers_report, trends_report, courses_report):
                report(university=university, filters=filters, fresh=True)
            refreshed += 1
        return refreshed
    finally:
        cache.delete(REFRESH_LOCK)
