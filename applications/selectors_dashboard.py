"""The employer dashboard: each organisation of the member with its projects, and the applicants still waiting
for an answer (how many, and for how long against the no-ghosting rules).

It lives in applications, not employers, because what it counts are applications; employers sit below
projects and applications and read neither.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Min, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from accounts.models import User
from applications.models import PENDING_APPLICATION_STATUSES, ApplicationStatus
from employers.models import Employer
from employers.selectors import employer_list_for_user
from projects.models import Project, ProjectStatus

DASHBOARD_PROJECTS_PER_ORG = 10

_STATUS_ORDER = [
    ProjectStatus.OPEN,
    ProjectStatus.DRAFT,
    ProjectStatus.IN_PROGRESS,
    ProjectStatus.COMPLETED,
    ProjectStatus.CANCELLED,
]


def _pending_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": PENDING_APPLICATION_STATUSES})


def employer_dashboard_project_list(*, employer_ids: list[int]) -> QuerySet[Project]:
    """The organisations' projects, each annotated with its applicant count per status (`count_<status>`),
    `waiting` (submitted or shortlisted: still owed an answer) and `oldest_waiting_at`, in one query.

    Ordered for someone who has to act: open projects first (nearest deadline first), then drafts to
    finish, then work in progress, then finished and cancelled ones (newest first).
    """
    status_rank = Case(
        *[When(status=status, then=Value(rank)) for rank, status in enumerate(_STATUS_ORDER)],
        default=Value(len(_STATUS_ORDER)),
        output_field=IntegerField(),
    )
    counts = {
        f"count_{status.value}": Count("applications", filter=Q(applications__status=status))
        for status in ApplicationStatus
    }
    return (
        Project.objects.filter(employer_id__in=employer_ids)
        .annotate(
            **counts,
            waiting=Count("applications", filter=_pending_q("applications__")),
            oldest_waiting_at=Min("applications__created_at", filter=_pending_q("applications__")),
            status_rank=status_rank,
        )
        .order_by("status_rank", F("application_deadline").asc(nulls_last=True), "-created_at", "-pk")
    )


def employer_project_list_for_user(
    *, user: User, employer_slug: str | None = None, status: str | None = None
) -> QuerySet[Project]:
    """The projects of every organisation `user` is a member of (or of the one with `employer_slug`; empty
    when they are not a member of it), optionally in one status; annotated and ordered as
    `employer_dashboard_project_list`, with the employer joined. One query however many rows."""
    employers = employer_list_for_user(user=user)
    if employer_slug:
        employers = employers.filter(slug=employer_slug)
    projects = employer_dashboard_project_list(employer_ids=employers.values("pk")).select_related("employer")
    if status:
        projects = projects.filter(status=status)
    return projects


@dataclass
class EmployerDashboard:
    """What the employer dashboard shows: each organisation with (a first page of) its projects."""

    employers: list[Employer]
    waiting: int = 0
    oldest_waiting_at: dt.datetime | None = None
    projects_by_employer: dict[int, list[Project]] = field(default_factory=dict)
    waiting_for: "Waiting | None" = None


def employer_dashboard_for_user(
    *, user: User, per_org: int = DASHBOARD_PROJECTS_PER_ORG
) -> EmployerDashboard:
    """The user's organisations, each with `project_total`, `waiting` and `oldest_waiting_at`, and its
    first `per_org` projects (see `employer_dashboard_project_list`) in `dashboard_projects`.

    Two queries whatever the number of organisations, projects and applications: the first page per
    organisation is cut with a window function, not one query per organisation.
    """
    employers = list(
        employer_list_for_user(user=user).annotate(
            project_total=Count("projects", distinct=True),
            waiting=Count("projects__applications", filter=_pending_q("projects__applications__")),
            oldest_waiting_at=Min(
                "projects__applications__created_at", filter=_pending_q("projects__applications__")
            ),
        )
    )
    dashboard = EmployerDashboard(employers=employers)
    if not employers:
        return dashboard
    projects = (
        employer_dashboard_project_list(employer_ids=[employer.pk for employer in employers])
        .annotate(
            position=Window(
                RowNumber(),
                partition_by=F("employer_id"),
                order_by=[
                    F("status_rank").asc(),
                    F("application_deadline").asc(nulls_last=True),
                    F("created_at").desc(),
                    F("pk").desc(),
                ],
            )
        )
        .filter(position__lte=per_org)
    )
    for project in employer_dashboard_rows(projects=projects):
        dashboard.projects_by_employer.setdefault(project.employer_id, []).append(project)
    employer_dashboard_rows(projects=employers)
    for employer in employers:
        employer.dashboard_projects = dashboard.projects_by_employer.get(employer.pk, [])
        dashboard.waiting += employer.waiting
        if employer.oldest_waiting_at and (
            dashboard.oldest_waiting_at is None or employer.oldest_waiting_at < dashboard.oldest_waiting_at
        ):
            dashboard.oldest_waiting_at = employer.oldest_waiting_at
    if dashboard.oldest_waiting_at:
        dashboard.waiting_for = employer_waiting_since(oldest=dashboard.oldest_waiting_at)
    return dashboard


def employer_dashboard_rows(*, projects: Iterable[Project | Employer]) -> list:
    """Rows annotated with `oldest_waiting_at` (see above) gain `waiting_for`: a `Waiting`, or None when
    nobody waits."""
    now = timezone.now()
    rows = list(projects)
    for row in rows:
        oldest = row.oldest_waiting_at
        row.waiting_for = employer_waiting_since(oldest=oldest, now=now) if oldest else None
    return rows


@dataclass(frozen=True)
class Waiting:
    """How long the oldest unanswered applicant has waited, in whole days, against the no-ghosting rules."""

    days: int
    nudge_after_days: int
    close_after_days: int

    @property
    def overdue(self) -> bool:
        return self.days >= self.nudge_after_days

    @property
    def days_left(self) -> int:
        return max(0, self.close_after_days - self.days)


def employer_waiting_since(*, oldest: dt.datetime, now: dt.datetime | None = None) -> Waiting:
    rules = settings.MARKETPLACE
    return Waiting(
        days=((now or timezone.now()) - oldest).days,
        nudge_after_days=rules["EMPLOYER_NUDGE_DAYS"],
        close_after_days=rules["APPLICATION_AUTO_CLOSE_DAYS"],
    )
