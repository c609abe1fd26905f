"""What goes into a user's calendar feed, read in a fixed number of queries whatever its size.

A student's feed: the application deadlines of the open projects they saved or are still applying to, and
for each of their engagements the kickoff, the due date and the milestones' due dates. An employer
member's feed: the application deadlines of their organisations' open projects, and the same engagement
events for those organisations' engagements. Engagements that ended more than `HISTORY_DAYS` ago drop out,
so a feed stays small however long someone uses the site. Every query is scoped to the user at the source.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Q, QuerySet, Value
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from applications.models import PENDING_APPLICATION_STATUSES
from calendars.models import CalendarFeed
from engagements.models import (
    OPEN_ENGAGEMENT_STATUSES,
    Engagement,
    EngagementStatus,
    Milestone,
    MilestoneStatus,
)
from projects.models import Project, ProjectStatus

HISTORY_DAYS = 180
FEED_ROLES = frozenset({Role.STUDENT, Role.EMPLOYER})


@dataclass(frozen=True)
class CalendarEvent:
    """One event of a feed. `start` is an aware datetime (a moment) or a date (an all-day event); `uid` is
    stable for the thing it stands for, so calendar apps update the event instead of adding a copy."""

    uid: str
    summary: str
    start: dt.datetime | dt.date
    path: str
    last_modified: dt.datetime
    description: str = ""
    cancelled: bool = False


def calendar_feed_allowed(*, user: User) -> bool:
    """Students and employer members have dated things to follow; other roles have no feed."""
    return user.is_authenticated and user.role in FEED_ROLES


def calendar_feed_get_by_token(*, token: str) -> CalendarFeed | None:
    """The feed a secret address stands for, with its user; None for an unknown or reset token, or an
    account that is deactivated or no longer of a role with a feed."""
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True, user__role__in=FEED_ROLES)
        .first()
    )


def calendar_events_for_user(*, user: User) -> list[CalendarEvent]:
    """The user's events in date order (three queries)."""
    if user.role == Role.STUDENT:
        projects = _student_projects(user)
        engagements = Engagement.objects.filter(student__user=user)
        milestones = Milestone.objects.filter(engagement__student__user=user)
    elif user.role == Role.EMPLOYER:
        projects = Project.objects.filter(
            employer__memberships__user=user, status=ProjectStatus.OPEN, application_deadline__isnull=False
        )
        engagements = Engagement.objects.filter(employer__memberships__user=user)
        milestones = Milestone.objects.filter(engagement__employer__memberships__user=user)
    else:
        return []
    student_side = user.role == Role.STUDENT
    since = timezone.now() - dt.timedelta(days=HISTORY_DAYS)
    engagements = _recent(engagements, since, prefix="").select_related("project", "student__user")
    milestones = (
        _recent(milestones, since, prefix="engagement__")
        .filter(due_date__isnull=False)
        .select_related("engagement__project")
    )
    events = [_deadline_event(project, student_side=student_side) for project in projects]
    for engagement in engagements:
        events.extend(_engagement_events(engagement, student_side=student_side))
    events.extend(_milestone_event(milestone) for milestone in milestones)
    return sorted(events, key=lambda event: (_sort_key(event.start), event.uid))


def _student_projects(user: User) -> list[Project]:
    """The open projects the student saved or is applying to, once each (`is_applying` set where both).

    One query of two halves, each led by the student's own rows (saved projects, applications) through
    their indexes: an OR across the two joins would instead walk every open project."""
    dated = Q(status=ProjectStatus.OPEN, application_deadline__isnull=False)
    saved = (
        Project.objects.filter(dated, saved_by__student__user=user)
        .annotate(is_applying=Value(False, output_field=BooleanField()))
        .order_by()
    )
    applying = (
        Project.objects.filter(
            dated, applications__student__user=user, applications__status__in=PENDING_APPLICATION_STATUSES
        )
        .annotate(is_applying=Value(True, output_field=BooleanField()))
        .order_by()
    )
    projects: dict[int, Project] = {}
    for project in saved.union(applying, all=True):
        if project.is_applying or project.pk not in projects:
            projects[project.pk] = project
    return list(projects.values())


def _recent(queryset: QuerySet, since: dt.datetime, *, prefix: str) -> QuerySet:
    """Engagements (or their milestones) still under way, or ended since `since`."""
    return queryset.filter(
        Q(**{f"{prefix}status__in": OPEN_ENGAGEMENT_STATUSES})
        | Q(**{f"{prefix}completed_at__gte": since})
        | Q(**{f"{prefix}cancelled_at__gte": since})
    )


def _sort_key(start: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(start, dt.datetime):
        return start
    return dt.datetime.combine(start, dt.time.min, tzinfo=dt.UTC)


def _deadline_event(project: Project, *, student_side: bool) -> CalendarEvent:
    if student_side:
        path = reverse("projects:detail", kwargs={"public_id": project.public_id})
        why = "You applied to this project." if project.is_applying else "You saved this project."
        description = f"{why} Applications close at this time."
    else:
        path = reverse("manage:detail", kwargs={"public_id": project.public_id})
        description = "Your project stops taking applications at this time."
    return CalendarEvent(
        uid=f"project-{project.public_id}-deadline",
        summary=f"Applications close: {project.title}",
        start=project.application_deadline,
        path=path,
        last_modified=project.updated_at,
        description=description,
    )


def _engagement_events(engagement: Engagement, *, student_side: bool) -> list[CalendarEvent]:
    """The kickoff (when the work started, or the acceptance while the scope is still being agreed) and
    the due date of the work."""
    page = reverse("engagements:detail", kwargs={"public_id": engagement.public_id})
    title = engagement.project.title
    with_whom = "" if student_side else f" with {engagement.student.user.get_full_name()}"
    cancelled = engagement.status == EngagementStatus.CANCELLED
    if engagement.started_at is not None:
        kickoff_note = "Both sides agreed the scope and the work started."
    else:
        kickoff_note = "Agree the scope, the milestones and their dates; the work starts when both confirm."
    events = [
        CalendarEvent(
            uid=f"engagement-{engagement.public_id}-kickoff",
            summary=_cancelled(f"Kickoff: {title}{with_whom}", cancelled),
            start=engagement.started_at or engagement.created_at,
            path=f"{page}#kickoff",
            last_modified=engagement.updated_at,
            description=kickoff_note,
            cancelled=cancelled,
        )
    ]
    if engagement.due_date is not None:
        events.append(
            CalendarEvent(
                uid=f"engagement-{engagement.public_id}-due",
                summary=_cancelled(f"Work due: {title}{with_whom}", cancelled),
                start=engagement.due_date,
                path=page,
                last_modified=engagement.updated_at,
                description=f"Status: {engagement.get_status_display()}.",
                cancelled=cancelled,
            )
        )
    return events


def _milestone_event(milestone: Milestone) -> CalendarEvent:
    engagement = milestone.engagement
    cancelled = engagement.status == EngagementStatus.CANCELLED
    done = "✓ " if milestone.status == MilestoneStatus.APPROVED else ""
    page = reverse("engagements:detail", kwargs={"public_id": engagement.public_id})
    return CalendarEvent(
        uid=f"milestone-{engagement.public_id}-{milestone.pk}",
        summary=_cancelled(f"{done}Milestone due: {milestone.title} ({engagement.project.title})", cancelled),
        start=milestone.due_date,
        path=f"{page}#milestone-{milestone.pk}",
        last_modified=max(milestone.updated_at, engagement.updated_at),
        description=f"Status: {milestone.get_status_display()}.\n\n{milestone.description}".strip(),
        cancelled=cancelled,
    )


def _cancelled(summary: str, cancelled: bool) -> str:
    return f"Cancelled: {summary}" if cancelled else summary
