"""What the home page shows a first-time visitor: a few projects open now and the figures that are true.

The figures come from the whole marketplace, so they live in the app that holds the last of them (hours and
payments are engagements' rows); the projects are the public ones anyone may read, through the one
visibility rule in projects.selectors (public, open, deadline ahead: never a draft or a partners-only post).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Sum
from django.utils import timezone

from engagements.models import HoursLog, Payment, PaymentStatus
from projects.models import Project
from projects.selectors import project_list_public

# How many open projects the home page shows.
HOME_PROJECTS_SHOWN = 3
# The figures are whole-table aggregates (every payment, every hours log): the home page, the busiest page of
# all, reads them from the cache and recomputes them at most this often (seconds).
HOME_FIGURES_TTL = 300
HOME_FIGURES_CACHE_KEY = "home:figures:v1"


@dataclass(frozen=True)
class HomeFigures:
    projects_open: int
    students_paid: int
    hours_worked: Decimal


@dataclass(frozen=True)
class HomePage:
    figures: HomeFigures
    projects: list[Project]


def home_figures(*, now: dt.datetime) -> HomeFigures:
    """Projects anyone can apply to now, students with at least one payment marked paid, and every hour
    students have logged on their engagements."""
    projects_open = project_list_public(now=now).order_by().count()
    students_paid = Payment.objects.filter(status=PaymentStatus.PAID).aggregate(
        students=Count("engagement__student", distinct=True)
    )["students"]
    hours = HoursLog.objects.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    return HomeFigures(projects_open=projects_open, students_paid=students_paid, hours_worked=hours)


def home_figures_cached(*, now: dt.datetime) -> HomeFigures:
    """`home_figures`, computed at most once every `HOME_FIGURES_TTL` seconds for every visitor."""
    return cache.get_or_set(HOME_FIGURES_CACHE_KEY, lambda: home_figures(now=now), HOME_FIGURES_TTL)


def home_projects(*, now: dt.datetime, limit: int = HOME_PROJECTS_SHOWN) -> list[Project]:
    """The newest public projects still open for applications, with their organisation."""
    return list(project_list_public(now=now).select_related("employer")[:limit])


def home_page(*, now: dt.datetime | None = None) -> HomePage:
    """Everything the home page reads: one query for the projects, and the three figures' aggregates when
    the cache has none younger than `HOME_FIGURES_TTL`, whatever the size of the marketplace."""
    now = now or timezone.now()
    return HomePage(figures=home_figures_cached(now=now), projects=home_projects(now=now))
