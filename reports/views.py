"""The report pages under /admin/reports/: the list, and one page per report with its CSV/XLSX export.

Each page: who may see it (`report_access_for_user`), the filters (`ReportFiltersForm`), the report's
selector, then the page or the export. Bad filters re-render the page with the form's errors (400).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from reports import selectors
from reports.exports import report_export_response
from reports.filters import ReportFilters, recent_terms
from reports.forms import ReportFiltersForm
from reports.permissions import ReportAccess, report_access_for_user
from reports.sections import SECTIONS
from reports.selectors.common import student_majors


@dataclass(frozen=True)
class ReportPage:
    name: str
    title: str
    summary: str
    build: Callable


REPORTS = [
    ReportPage(
        "funnel",
        "Participation funnel",
        "From sign-up to a completed project, with the conversion at each step, by major, year and field.",
        selectors.funnel_report,
    ),
    ReportPage(
        "outcomes",
        "Outcomes",
        "Engagements completed and cancelled, hours, earnings, on-time payments, ratings, repeat students.",
        selectors.outcomes_report,
    ),
    ReportPage(
        "employers",
        "Employers",
        "Partner employers and their activity: postings, applicants, hires, answer times, new partners.",
        selectors.employers_report,
    ),
    ReportPage(
        "trends",
        "Trends",
        "The headline figures per week or month over the range.",
        selectors.trends_report,
    ),
    ReportPage(
        "courses",
        "Courses and credit",
        "Micro-internships in the curriculum: courses running, students enrolled, course-linked projects and "
        "their engagements, credit requests and the credit signed off.",
        selectors.courses_report,
    ),
]
PAGES = {page.name: page for page in REPORTS}


def _form(request: HttpRequest, access: ReportAccess, *, name: str = "") -> ReportFiltersForm:
    return ReportFiltersForm(
        request.GET,
        majors=student_majors(university=access.university) if name else [],
        may_choose_university=access.may_choose_university,
        today=timezone.localdate(),
        with_interval=name == "trends",
        with_student_filters=bool(name),
    )


def _shortcuts(request: HttpRequest, filters: ReportFilters | None) -> list[tuple[str, str, bool]]:
    """(name, URL, current) for the recent academic terms, keeping the other filters."""
    shortcuts = []
    for term in recent_terms():
        if filters is not None:
            query = filters.querystring(start=term.start.isoformat(), end=term.end.isoformat())
            current = (filters.start, filters.end) == (term.start, term.end)
        else:
            query = f"start={term.start.isoformat()}&end={term.end.isoformat()}"
            current = False
        shortcuts.append((term.name, f"{request.path}?{query}", current))
    return shortcuts


def _context(request: HttpRequest, access: ReportAccess, **extra) -> dict:
    return {
        **admin.site.each_context(request),
        "reports": REPORTS,
        "access": access,
        **extra,
    }


def index(request: HttpRequest) -> HttpResponse:
    """The list of reports, with this term's headline figures and the trend since the period before."""
    access = report_access_for_user(user=request.user)
    form = _form(request, access)
    headline = None
    status = 200
    filters = None
    if form.is_valid():
        filters = form.filters(university=access.university)
        headline = selectors.headline_figures(
            university=filters.university, start=filters.start, end=filters.end
        )
    else:
        status = 400
    context = _context(
        request,
        access,
        title="Reports",
        form=form,
        filters=filters,
        headline=headline,
        shortcuts=_shortcuts(request, filters),
    )
    return render(request, "reports/index.html", context, status=status)


def report(request: HttpRequest, name: str) -> HttpResponse:
    page = PAGES.get(name)
    if page is None:
        raise Http404("No such report.")
    access = report_access_for_user(user=request.user)
    form = _form(request, access, name=name)
    if not form.is_valid():
        context = _context(
            request,
            access,
            title=page.title,
            page=page,
            form=form,
            filters=None,
            shortcuts=_shortcuts(request, None),
        )
        return render(request, "reports/report.html", context, status=400)
    filters = form.filters(university=access.university)
    result = page.build(university=filters.university, filters=filters)
    file_format = form.cleaned_data.get("format")
    if file_format:
        return report_export_response(
            by=request.user,
            name=page.name,
            title=page.title,
            filters=result.filters,
            tables=result.tables(),
            file_format=file_format,
        )
    query = filters.querystring()
    context = _context(
        request,
        access,
        title=page.title,
        page=page,
        form=form,
        filters=filters,
        sections=SECTIONS[page.name](result),
        shortcuts=_shortcuts(request, filters),
        exports=[
            ("CSV", f"{request.path}?{query}&format=csv"),
            ("Excel workbook", f"{request.path}?{query}&format=xlsx"),
        ],
        bookmark=f"{reverse(f'reports:{page.name}')}?{query}",
    )
    return render(request, "reports/report.html", context)
