"""Reminders about the work: periodic scans (run by celery beat, see engagements/tasks.py) that tell the two
sides of an engagement what is coming up or overdue, and who still owes a review.

Each scan is a service taking `now`, reads over indexed columns, works through bounded batches, and reaches
users only through `notify`, whose unique (user, key) makes each reminder happen at most once per user:
a second scan, a redelivered task or two beat processes running at once insert nothing new (PostgreSQL's
ON CONFLICT waits for a concurrent insert of the same key to commit, then skips it). Each key names what is
reminded and, where it can move, its date: a deadline moved later is reminded again for the new date.

Each scan returns how many notices it recorded.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format

from employers.selectors import employer_member_ids_by_employer
from engagements.models import (
    OPEN_ENGAGEMENT_STATUSES,
    Engagement,
    EngagementStatus,
    Milestone,
    MilestoneStatus,
    Review,
    ReviewSide,
)
from engagements.notices import engagement_url
from marketplace.iterables import batched
from notifications.models import NotificationKind
from notifications.services import Notice, notify
from notifications.text import quoted

BATCH_SIZE = 500
# An overdue reminder is news the day a date passes; scans look back this far only, so a beat stopped for a
# few days still catches up without every hourly scan walking all the late work there ever was.
OVERDUE_LOOKBACK_DAYS = 7


def _day(value: dt.date) -> str:
    return date_format(value, "l j M")


def _lead() -> dt.timedelta:
    return dt.timedelta(hours=settings.MARKETPLACE["REMINDER_LEAD_HOURS"])


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
            url=engagement_url(engagement),
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
    for batch in batched(list(milestones), BATCH_SIZE):
        members = employer_member_ids_by_employer(
            employer_ids=[milestone.engagement.employer_id for milestone in batch]
        )
        for milestone in batch:
            engagement, due = milestone.engagement, _day(milestone.due_date)
            where = f"{quoted(milestone.title)} on {quoted(engagement.project.title)}"
            told += _due_or_overdue(
                engagement=engagement,
                members=members,
                today=today,
                due_date=milestone.due_date,
                key=f"milestone:{milestone.pk}",
                due=(
                    f"{quoted(milestone.title)} is due {due}",
                    f"{where} is due on {due}. Hand in your work from the engagement page, or ask "
                    f"{engagement.employer.name} there for more time.",
                ),
                overdue=(
                    f"{quoted(milestone.title)} is overdue",
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
    for batch in batched(list(engagements), BATCH_SIZE):
        members = employer_member_ids_by_employer(
            employer_ids=[engagement.employer_id for engagement in batch]
        )
        for engagement in batch:
            title, due = quoted(engagement.project.title), _day(engagement.due_date)
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
    for batch in batched(engagements, BATCH_SIZE):
        members = employer_member_ids_by_employer(
            employer_ids=[engagement.employer_id for engagement in batch]
        )
        for engagement in batch:
            owing = [] if engagement.student_wrote else [engagement.student.user_id]
            if not engagement.employer_wrote:
                owing += members.get(engagement.employer_id, [])
            closes = timezone.localtime(
                (engagement.completed_at or engagement.cancelled_at)
                + dt.timedelta(days=rules["REVIEW_WINDOW_DAYS"])
            )
            title = quoted(engagement.project.title)
            told += notify(
                user_ids=owing,
                notice=Notice(
                    kind=NotificationKind.REVIEW_OWED,
                    key=f"review-owed:engagement:{engagement.public_id}",
                    title=f"Your review for {title} is still to write",
                    body=f"The work on {title} has ended: a short review helps the other side and everyone "
                    f"who works with them next. Reviews are double-blind; both are shown once both are in, "
                    f"or on {_day(closes.date())} either way.",
                    url=engagement_url(engagement) + "#reviews",
                ),
            )
    return told
