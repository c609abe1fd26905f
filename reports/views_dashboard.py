"""The career office's dashboard on the site: this term's headline figures with their trend, what waits on
the office, and the way into the reports, the invitations and the admin where the work is done."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Role
from accounts.permissions import role_required
from reports.filters import ReportFilters, term_containing
from reports.selectors import headline_figures
from reports.selectors.dashboard import career_actions
from reports.views import REPORTS
from universities.selectors import university_for_staff


@role_required(Role.CAREER_STAFF)
def career_dashboard(request: HttpRequest) -> HttpResponse:
    university = university_for_staff(user=request.user)
    if university is None:
        return render(request, "reports/career_dashboard.html", {"university": None})
    today = timezone.localdate()
    term = term_containing(today)
    headlines = headline_figures(university=university, start=term.start, end=today)
    term_filters = ReportFilters(university=university, start=term.start, end=term.end)
    context = {
        "university": university,
        "term": term,
        "today": today,
        "headlines": headlines,
        "figures": [*headlines["figures"].values(), *headlines["earnings"].values()],
        "actions": career_actions(university=university),
        "reports": REPORTS,
        "term_query": term_filters.querystring(),
    }
    return render(request, "reports/career_dashboard.html", context)
