"""Reminders: periodic scans (run by celery beat) that tell people what is coming up or overdue.

Each scan is a service taking `now`, reads over indexed columns, works through bounded batches, and reaches
users only through `notify`, whose unique (user, key) makes each reminder happen at most once per user:
a second scan, a redelivered task or two beat processes running at once insert nothing new (PostgreSQL's
ON CONFLICT waits for a concurrent insert of the same key to commit, then skips it). Each key names what is
reminded and, where it can move, its date: a deadline moved later is reminded again for the new date.

Each scan returns how many notices it recorded (the auto-close scan: how many applications it closed).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db.models import Count, Exists, Max, Min, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from applications.models import PENDING_APPLICATION_STATUSES, Application
from applications.services.applications import application_close_unanswered
from employers.models import EmployerMember
from engagements.models import Engagement, EngagementStatus, Milestone, MilestoneStatus, Review, ReviewSide
from engagements.services._common import OPEN_ENGAGEMENT_STATUSES
from notifications.models import NotificationKind
from notifications.services import Notice, notify
from projects.models import Project, ProjectStatus, SavedProject

BATCH_SIZE = 500
# An overdue reminder is news the day a date passes; scans look back this far only, so a beat stopped for a
# few days still catches up without every hourly scan walking all the late work there ever was.
OVERDUE_LOOKBACK_DAYS = 7
CLOSES_AT_FORMAT = r"l j M \a\t H:i"


def _batches(items: list, size: int = BATCH_SIZE) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _quoted(title: str) -> str:
    return f"\N{LEFT DOUBLE QUOTATION MARK}{title}\N{RIGHT DOUBLE QUOTATION MARK}"


def _day(value: dt.date) -> str:
    return date_format(value, "l j M")


def _lead() -> dt.timedelta:
    return dt.timedelta(hours=settings.MARKETPLACE["REMINDER_LEAD_HOURS"])


def _members_by_employer(employer_ids: Iterable[int]) -> dict[int, list[int]]:
    """The active members' user ids of each organisation, in one query."""
    members: dict[int, list[int]] = defaultdict(list)
    rows = (
        EmployerMember.objects.filter(employer_id__in=set(employer_ids), user__is_active=True)
        .order_by("employer_id", "user_id")
        .values_list("employer_id", "user_id")
    )
    for employer_id, user_id in rows:
        members[employer_id].append(user_id)
    return members


def _engagement_url(public_id) -> str:
    return reverse("engagements:detail", kwargs={"public_id": public_id})


# Saved projects -----------------------------------------------------------------------------------


def saved_project_deadlines_remind(*, now: dt.datetime) -> int:
    """Students who saved an open project and have not applied hear REMINDER_LEAD_HOURS before its
    application deadline (once per project: key ``deadline:project:<id>``).

    The projects come from the (status, application_deadline) index; the savers of each, less those with an
    application of any status, from the saved projects' project index.
    """
    projects = list(
        Project.objects.filter(
            status=ProjectStatus.OPEN, application_deadline__gt=now, application_deadline__lte=now + _lead()
        )
        .select_related("employer")
        .order_by("application_deadline", "pk")
    )
    applied = Application.objects.filter(project_id=OuterRef("project_id"), student_id=OuterRef("student_id"))
    told = 0
    for project in projects:
        savers = list(
            SavedProject.objects.filter(project=project, student__user__is_active=True)
            .exclude(Exists(applied))
            .order_by("student__user_id")
            .values_list("student__user_id", flat=True)
        )
        closes = timezone.localtime(project.application_deadline)
        notice = Notice(
            kind=NotificationKind.DEADLINE,
            key=f"deadline:project:{project.pk}",
            title=f"Applications for {_quoted(project.title)} close {date_format(closes, CLOSES_AT_FORMAT)}",
            body=f"You saved {_quoted(project.title)} by {project.employer.name} and have not applied yet. "
            f"Applications close on {date_format(closes, CLOSES_AT_FORMAT)}.",
            url=reverse("projects:detail", kwargs={"public_id": project.public_id}),
        )
        for user_ids in _batches(savers):
            told += notify(user_ids=user_ids, notice=notice)
    return told


# Milestones and engagements -----------------------------------------------------------------------


def _due_or_overdue(
    *,
    engagement: Engagement,
    members: dict[int, list[int]],
    today: dt.date,
    due_date: dt.date,
    key: str,
    due: tuple[str, str],
    overdue: tuple[str, str],
) -> int:
    """A date still to come is the student's to meet: they alone hear of it. Once it has passed, both sides
    hear, since a new date is theirs to agree. `due` and `overdue` are (title, body); the key gets the state
    and the date, so a moved date is reminded again."""
    if due_date >= today:
        user_ids, (title, body), state = [engagement.student.user_id], due, "due"
    else:
        user_ids = [engagement.student.user_id, *members.get(engagement.employer_id, [])]
        (title, body), state = overdue, "overdue"
    return notify(
        user_ids=user_ids,
        notice=Notice(
            kind=NotificationKind.DEADLINE,
            key=f"{key}:{state}:{due_date.isoformat()}",
            title=title,
            body=body,
            url=_engagement_url(engagement.public_id),
        ),
    )


def milestone_deadlines_remind(*, now: dt.datetime) -> int:
    """Milestones of running engagements still to be handed in: the student hears when one falls due within
    REMINDER_LEAD_HOURS; once its date has passed, both sides hear it is overdue.

    Work handed in and awaiting the employer's review is not the student's to chase, so only milestones to
    do (pending, or sent back for changes) count. The keys carry the due date, so a moved date is reminded
    again. Reads the (status, due_date) index.
    """
    today = timezone.localdate(now)
    horizon = timezone.localdate(now + _lead())
    milestones = (
        Milestone.objects.filter(
            status__in=[MilestoneStatus.PENDING, MilestoneStatus.CHANGES_REQUESTED],
            due_date__gte=today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS),
            due_date__lte=horizon,
            engagement__status__in=OPEN_ENGAGEMENT_STATUSES,
        )
        .select_related("engagement__project", "engagement__student", "engagement__employer")
        .order_by("due_date", "pk")
    )
    told = 0
    for batch in _batches(list(milestones)):
        members = _members_by_employer(milestone.engagement.employer_id for milestone in batch)
        for milestone in batch:
            engagement, due = milestone.engagement, _day(milestone.due_date)
            where = f"{_quoted(milestone.title)} on {_quoted(engagement.project.title)}"
            told += _due_or_overdue(
                engagement=engagement,
                members=members,
                today=today,
                due_date=milestone.due_date,
                key=f"milestone:{milestone.pk}",
                due=(
                    f"{_quoted(milestone.title)} is due {due}",
                    f"{where} is due on {due}. Hand in your work from the engagement page, or ask "
                    f"{engagement.employer.name} there for more time.",
                ),
                overdue=(
                    f"{_quoted(milestone.title)} is overdue",
                    f"{where} was due on {due} and has not been handed in. Agree a new date in the "
                    f"engagement's messages; the employer can move it.",
                ),
            )
    return told


def engagement_deadlines_remind(*, now: dt.datetime) -> int:
    """Running engagements (kickoff or active): the student hears when the work falls due within
    REMINDER_LEAD_HOURS; once the date has passed, both sides hear it is overdue. Reads the
    (status, due_date) index."""
    today = timezone.localdate(now)
    horizon = timezone.localdate(now + _lead())
    engagements = (
        Engagement.objects.filter(
            status__in=OPEN_ENGAGEMENT_STATUSES,
            due_date__gte=today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS),
            due_date__lte=horizon,
        )
        .select_related("project", "student", "employer")
        .order_by("due_date", "pk")
    )
    told = 0
    for batch in _batches(list(engagements)):
        members = _members_by_employer(engagement.employer_id for engagement in batch)
        for engagement in batch:
            title, due = _quoted(engagement.project.title), _day(engagement.due_date)
            told += _due_or_overdue(
                engagement=engagement,
                members=members,
                today=today,
                due_date=engagement.due_date,
                key=f"engagement:{engagement.public_id}",
                due=(f"The work on {title} is due {due}", f"All of the work on {title} is due on {due}."),
                overdue=(
                    f"The work on {title} is overdue",
                    f"The work on {title} was due on {due} and is not complete. Agree in the engagement's "
                    f"messages how to finish it.",
                ),
            )
    return told


# No ghosting --------------------------------------------------------------------------------------


def _waiting_cutoff(now: dt.datetime, setting: str) -> dt.datetime:
    return now - dt.timedelta(days=settings.MARKETPLACE[setting])


def waiting_applicants_nudge(*, now: dt.datetime) -> int:
    """Employers hear of applicants waiting EMPLOYER_NUDGE_DAYS or more for an answer: one nudge per project
    saying how many wait and when the oldest closes, rather than one per applicant (a busy posting would
    flood its members' inboxes).

    The key names the newest applicant among those waiting too long, so a project is nudged again only when
    more applicants cross the line, never twice about the same ones. Waiting counts from the application, as
    the employer dashboard does. Reads the (status, created_at) index.
    """
    nudge_days = settings.MARKETPLACE["EMPLOYER_NUDGE_DAYS"]
    close_days = settings.MARKETPLACE["APPLICATION_AUTO_CLOSE_DAYS"]
    overdue = list(
        Application.objects.filter(
            status__in=PENDING_APPLICATION_STATUSES,
            created_at__lte=_waiting_cutoff(now, "EMPLOYER_NUDGE_DAYS"),
        )
        .order_by("project_id")
        .values("project_id")
        .annotate(waiting=Count("pk"), oldest=Min("created_at"), newest_id=Max("pk"))
    )
    told = 0
    for batch in _batches(overdue):
        projects = Project.objects.in_bulk([row["project_id"] for row in batch])
        members = _members_by_employer(project.employer_id for project in projects.values())
        for row in batch:
            project = projects[row["project_id"]]
            waiting, oldest_days = row["waiting"], (now - row["oldest"]).days
            closes_in = max(0, close_days - oldest_days)
            applicants = f"{waiting} applicant{'s' if waiting != 1 else ''}"
            have = "have" if waiting != 1 else "has"
            told += notify(
                user_ids=members.get(project.employer_id, []),
                notice=Notice(
                    kind=NotificationKind.APPLICANTS_WAITING,
                    key=f"waiting:project:{project.pk}:through:{row['newest_id']}",
                    title=f"{applicants} waiting for your answer on {_quoted(project.title)}",
                    body=f"{applicants} to {_quoted(project.title)} {have} waited "
                    f"{nudge_days} days or more, the oldest for {oldest_days} days. Shortlist, accept or "
                    f"decline them: applications unanswered for {close_days} days close with a polite note "
                    f"(the oldest in {closes_in} day{'s' if closes_in != 1 else ''}).",
                    url=reverse("manage:applicants", kwargs={"public_id": project.public_id}),
                ),
            )
    return told


def unanswered_applications_close(*, now: dt.datetime) -> int:
    """Close each application left unanswered for APPLICATION_AUTO_CLOSE_DAYS, each in its own transaction
    (see `application_close_unanswered`, which re-checks it under lock and tells the student kindly).

    Works oldest first in batches of BATCH_SIZE ids, over the (status, created_at) index. Returns how many
    applications this call closed (a concurrent run closes the others).
    """
    cutoff = _waiting_cutoff(now, "APPLICATION_AUTO_CLOSE_DAYS")
    ids = list(
        Application.objects.filter(status__in=PENDING_APPLICATION_STATUSES, created_at__lte=cutoff)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    closed = 0
    for batch in _batches(ids):
        for application in Application.objects.filter(pk__in=batch).order_by("created_at", "pk"):
            closed += application_close_unanswered(application=application, now=now)
    return closed


# Reviews ------------------------------------------------------------------------------------------


def owed_reviews_remind(*, now: dt.datetime) -> int:
    """Each side that has not reviewed hears REVIEW_REMINDER_DAYS after the work ended, while the review
    window (REVIEW_WINDOW_DAYS) is still open: after it closes the reviews are shown anyway.

    Reviews are owed where they can be written: completed engagements, and cancelled ones with approved
    work (paid pro rata). Reads the (status, completed_at) index for completed engagements.
    """
    rules = settings.MARKETPLACE
    ended_before = now - dt.timedelta(days=rules["REVIEW_REMINDER_DAYS"])
    window_opened_after = now - dt.timedelta(days=rules["REVIEW_WINDOW_DAYS"])
    if ended_before <= window_opened_after:
        return 0
    completed = Q(
        status=EngagementStatus.COMPLETED,
        completed_at__lte=ended_before,
        completed_at__gt=window_opened_after,
    )
    cancelled_with_work = Q(
        Exists(Milestone.objects.filter(engagement=OuterRef("pk"), status=MilestoneStatus.APPROVED)),
        status=EngagementStatus.CANCELLED,
        cancelled_at__lte=ended_before,
        cancelled_at__gt=window_opened_after,
    )

    def written(side: str) -> Exists:
        return Exists(Review.objects.filter(engagement=OuterRef("pk"), side=side))

    engagements = list(
        Engagement.objects.filter(completed | cancelled_with_work)
        .annotate(student_wrote=written(ReviewSide.STUDENT), employer_wrote=written(ReviewSide.EMPLOYER))
        .filter(Q(student_wrote=False) | Q(employer_wrote=False))
        .select_related("project", "student", "employer")
        .order_by("pk")
    )
    told = 0
    for batch in _batches(engagements):
        members = _members_by_employer(engagement.employer_id for engagement in batch)
        for engagement in batch:
            owing = [] if engagement.student_wrote else [engagement.student.user_id]
            if not engagement.employer_wrote:
                owing += members.get(engagement.employer_id, [])
            closes = timezone.localtime(
                (engagement.completed_at or engagement.cancelled_at)
                + dt.timedelta(days=rules["REVIEW_WINDOW_DAYS"])
            )
            title = _quoted(engagement.project.title)
            told += notify(
                user_ids=owing,
                notice=Notice(
                    kind=NotificationKind.REVIEW_OWED,
                    key=f"review-owed:engagement:{engagement.public_id}",
                    title=f"Your review for {title} is still to write",
                    body=f"The work on {title} has ended: a short review helps the other side and everyone "
                    f"who works with them next. Reviews are double-blind; both are shown once both are in, "
                    f"or on {_day(closes.date())} either way.",
                    url=_engagement_url(engagement.public_id) + "#reviews",
                ),
            )
    return told
