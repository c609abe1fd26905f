"""What the home page shows a first-time visitor: a few projects open now and the figures that are true.

The figures come from the whole marketplace, so they live in the app that holds the last of them (hours and
payments are engagements' rows); the projects are the public ones anyone may read, through the one
visibility rule in projects.selectors (public, open, deadline ahead: never a draft or a partners-only post).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from engagements.models import HoursLog, Payment, PaymentStatus
from projects.models import Project
from projects.selectors import project_list_public

# How many open projects the home page shows.
HOME_PROJECTS_SHOWN = 3


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


def home_projects(*, now: dt.datetime, limit: int = HOME_PROJECTS_SHOWN) -> list[Project]:
    """The newest public projects still open for applications, with their organisation."""
    return list(project_list_public(now=now).select_related("employer")[:limit])


def home_page(*, now: dt.datetime | None = None) -> HomePage:
    """Everything the home page reads, in four queries whatever the size of the marketplace."""
    now = now or timezone.now()
    return HomePage(figures=home_figures(now=now), projects=home_projects(now=now))
