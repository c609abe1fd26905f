"""How a posting's dates read to a student: "closes today at 17:00", "closes in 3 days", "closing soon".

Used by the project body partial (shared by the student's project page and the employer's preview), the
saved list and the applications pages, so a deadline reads the same everywhere. Times are shown in the
active time zone (the student's pages activate theirs).
"""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from projects.models import Project, ProjectStatus

register = template.Library()

SOON = dt.timedelta(days=3)
TAKING_APPLICATIONS = (ProjectStatus.DRAFT, ProjectStatus.OPEN)


def _countdown(deadline: dt.datetime, now: dt.datetime) -> str:
    local = timezone.localtime(deadline)
    days = (local.date() - timezone.localdate(now)).days
    if days <= 0:
        return f"closes today at {local:%H:%M}"
    if days == 1:
        return f"closes tomorrow at {local:%H:%M}"
    if days < 14:
        return f"closes in {days} days"
    return f"closes in {days // 7} weeks"


@register.simple_tag
def deadline_countdown(project: Project, now: dt.datetime | None = None) -> str:
    """The deadline as a countdown while the project takes (or, as a draft, will take) applications."""
    now = now or timezone.now()
    if project.status not in TAKING_APPLICATIONS:
        return "applications closed"
    if project.application_deadline is None:
        return "no deadline set"
    if project.application_deadline <= now:
        return "the deadline has passed"
    return _countdown(project.application_deadline, now)


@register.simple_tag
def closing_soon(project: Project, now: dt.datetime | None = None) -> bool:
    """Whether an open project's deadline is less than three days away."""
    now = now or timezone.now()
    deadline = project.application_deadline
    return project.status == ProjectStatus.OPEN and deadline is not None and now < deadline <= now + SOON


@register.filter
def ago(moment: dt.datetime | None) -> str:
    """How long ago, in the largest unit ("3 days ago"), or "just now" within the last minute."""
    if moment is None:
        return ""
    if timezone.now() - moment < dt.timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment, depth=1)} ago"
