"""Reads for engagements: who may see one, what is due, hours, unread messages, double-blind reviews, and
what a career office sees of its students' engagements.

Querysets are scoped to the user at the source (`engagements.access.engagement_list_for_party`); the pages and
the API reach one engagement through `engagements.access.engagement_get_for_party` first.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.conf import settings
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from engagements.access import EngagementParty, engagement_list_for_party, engagement_party
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementReadMark,
    EngagementStatus,
    HoursLog,
    Message,
    Milestone,
    MilestoneStatus,
    Payment,
    Review,
)
from projects.models import Project, Skill
from students.models import StudentProfile
from universities.models import University

# Read marks start at the beginning of time: with no mark, every message from the other side is unread.
_NEVER_READ = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _unread_count_subquery(user: User) -> Coalesce:
    """Per engagement (OuterRef "pk"): messages from anyone but `user` newer than `user`'s read mark."""
    last_read = EngagementReadMark.objects.filter(engagement=OuterRef("engagement"), user=user).values(
        "last_read_at"
    )[:1]
    unread = (
        Message.objects.filter(engagement=OuterRef("pk"))
        .exclude(sender=user)
        .filter(
            created_at__gt=Coalesce(Subquery(last_read), Value(_NEVER_READ), output_field=DateTimeField())
        )
        .order_by()
        .values("engagement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))


def engagement_list_for_user(*, user: User) -> QuerySet[Engagement]:
    """Every engagement `user` is a party to, newest first, each annotated with `unread_count`.

    Related rows a list shows (project, employer, student and their user, payment) come in the same query,
    so the number of queries does not grow with the number of engagements.
    """
    return (
        engagement_list_for_party(user=user)
        .select_related("project", "employer", "student__user", "payment")
        .annotate(unread_count=_unread_count_subquery(user))
        .order_by("-created_at", "-id")
    )


def unread_message_count(*, engagement: Engagement, user: User) -> int:
    """Messages on `engagement` from the other side that `user` has not read (their own never count)."""
    return (
        Engagement.objects.filter(pk=engagement.pk)
        .annotate(unread_count=_unread_count_subquery(user))
        .values_list("unread_count", flat=True)
        .get()
    )


MilestoneState = Literal["due", "done", "late"]


@dataclass(frozen=True)
class MilestoneOverviewRow:
    milestone: Milestone
    state: MilestoneState
    days_late: int


def milestone_overview(*, engagement: Engagement, today: dt.date | None = None) -> list[MilestoneOverviewRow]:
    """Each milestone in order with its state: done (approved), late (not approved, due before today) or due.

    A milestone awaiting the employer's review still counts as late after its due date: nothing is done
    until it is approved. `today` defaults to the local date.
    """
    today = today or timezone.localdate()
    rows = []
    for milestone in engagement.milestones.order_by("position", "id"):
        if milestone.status == MilestoneStatus.APPROVED:
            rows.append(MilestoneOverviewRow(milestone=milestone, state="done", days_late=0))
        elif milestone.due_date is not None and milestone.due_date < today:
            days_late = (today - milestone.due_date).days
            rows.append(MilestoneOverviewRow(milestone=milestone, state="late", days_late=days_late))
        else:
            rows.append(MilestoneOverviewRow(milestone=milestone, state="due", days_late=0))
    return rows


@dataclass(frozen=True)
class HoursSummary:
    logged: Decimal
    estimated: Decimal
    over_estimate: bool
    over_by: Decimal


def hours_summary(*, engagement: Engagement) -> HoursSummary:
    """Hours logged against the estimate; `over_by` > 0 flags scope creep for both sides to talk about."""
    logged = engagement.hours_logs.aggregate(total=Sum("hours"))["total"] or Decimal("0.00")
    estimated = Decimal(engagement.estimated_hours)
    over_by = max(logged - estimated, Decimal("0.00"))
    return HoursSummary(logged=logged, estimated=estimated, over_estimate=over_by > 0, over_by=over_by)


def review_window_closes_at(*, engagement: Engagement) -> dt.datetime | None:
    """When both reviews become visible regardless: REVIEW_WINDOW_DAYS after the engagement ended."""
    ended_at = engagement.completed_at or (
        engagement.cancelled_at if engagement.status == EngagementStatus.CANCELLED else None
    )
    if ended_at is None:
        return None
    return ended_at + dt.timedelta(days=settings.MARKETPLACE["REVIEW_WINDOW_DAYS"])


def reviews_visible_to(*, engagement: Engagement, user: User, now: dt.datetime) -> QuerySet[Review]:
    """The engagement's reviews that `user` may read, under the double-blind rule.

    A party always sees their own side's review; they see the other side's only once both reviews exist
    or the review window has closed, so neither review can be written in reaction to the other.
    Outsiders see nothing.
    """
    party = engagement_party(engagement=engagement, user=user)
    if party is None:
        return Review.objects.none()
    return review_list_visible_to_party(engagement=engagement, party=party, now=now)


def review_list_visible_to_party(
    *, engagement: Engagement, party: EngagementParty, now: dt.datetime
) -> QuerySet[Review]:
    """`reviews_visible_to` for a side already known (from `engagement_get_for_party`), authors and the
    skills ticked loaded."""
    return (
        Review.objects.filter(engagement=engagement)
        .filter(reviews_visible_q(party=party, now=now))
        .select_related("author")
        .prefetch_related("skills_demonstrated")
    )


def reviews_unblinded_q(*, now: dt.datetime) -> Q:
    """The filter of reviews no longer blind: the other side has written theirs too, or the review window
    (REVIEW_WINDOW_DAYS after the engagement ended, as in `review_window_closes_at`) has closed.

    The one place the double-blind rule is written: the engagement page, the public pages and the export
    all read it from here.
    """
    closed_before = now - dt.timedelta(days=settings.MARKETPLACE["REVIEW_WINDOW_DAYS"])
    other_side_written = Exists(
        Review.objects.filter(engagement_id=OuterRef("engagement_id")).exclude(side=OuterRef("side"))
    )
    window_closed = Q(engagement__completed_at__lte=closed_before) | Q(
        engagement__completed_at__isnull=True,
        engagement__status=EngagementStatus.CANCELLED,
        engagement__cancelled_at__lte=closed_before,
    )
    return Q(other_side_written) | window_closed


def reviews_visible_q(*, party: EngagementParty, now: dt.datetime) -> Q:
    """The filter of reviews one side may read: always its own, the other side's once unblinded."""
    return Q(side=party) | reviews_unblinded_q(now=now)


def engagement_reviews_open(*, engagement: Engagement, approved: int | None = None) -> bool:
    """Whether reviews may be written: the work was done, i.e. the engagement is completed, or cancelled
    after at least one milestone was approved (the case that is paid pro rata).

    `approved`, the number of approved milestones when the caller has already counted them, saves a query.
    """
    if engagement.status == EngagementStatus.COMPLETED:
        return True
    if engagement.status != EngagementStatus.CANCELLED:
        return False
    if approved is not None:
        return approved > 0
    return engagement.milestones.filter(status=MilestoneStatus.APPROVED).exists()


def review_sides_written(*, engagement: Engagement) -> set[str]:
    """Which sides have reviewed the engagement (never what they wrote): lets the page say "they have
    reviewed you; write yours to read it" without revealing the review."""
    return set(Review.objects.filter(engagement=engagement).values_list("side", flat=True))


def review_skill_choices(*, engagement: Engagement) -> QuerySet[Skill]:
    """The skills the employer may tick as demonstrated: the project's required and nice-to-have skills and
    the student's own, by name."""
    project = Project.objects.filter(pk=engagement.project_id)
    return Skill.objects.filter(
        Q(pk__in=project.values("required_skills"))
        | Q(pk__in=project.values("nice_to_have_skills"))
        | Q(pk__in=StudentProfile.objects.filter(pk=engagement.student_id).values("skills"))
    ).order_by("name")


ENGAGEMENT_GROUPS: dict[str, list[EngagementStatus]] = {
    "active": [EngagementStatus.KICKOFF, EngagementStatus.ACTIVE],
    "completed": [EngagementStatus.COMPLETED],
    "cancelled": [EngagementStatus.CANCELLED],
}


def engagement_group_counts_for_user(*, user: User) -> dict[str, int]:
    """How many of `user`'s engagements are in each group of `ENGAGEMENT_GROUPS`, in one query."""
    return engagement_list_for_party(user=user).aggregate(
        **{group: Count("pk", filter=Q(status__in=statuses)) for group, statuses in ENGAGEMENT_GROUPS.items()}
    )


def engagement_overview_list_for_user(*, user: User, group: str) -> QuerySet[Engagement]:
    """`engagement_list_for_user` narrowed to one group, each row also annotated with the next milestone
    still to be approved (`next_milestone_title`, `next_milestone_due`: earliest due date first, then the
    milestone order), so a list shows what is due without a query per row.

    Active engagements come soonest-due first; finished ones most recently finished first.
    """
    upcoming = (
        Milestone.objects.filter(engagement=OuterRef("pk"))
        .exclude(status=MilestoneStatus.APPROVED)
        .order_by(F("due_date").asc(nulls_last=True), "position", "id")
    )
    engagements = (
        engagement_list_for_user(user=user)
        .filter(status__in=ENGAGEMENT_GROUPS[group])
        .annotate(
            next_milestone_title=Subquery(upcoming.values("title")[:1]),
            next_milestone_due=Subquery(upcoming.values("due_date")[:1]),
        )
    )
    if group == "active":
        return engagements.order_by(F("due_date").asc(nulls_last=True), "-created_at", "-id")
    ended = "completed_at" if group == "completed" else "cancelled_at"
    return engagements.order_by(F(ended).desc(nulls_last=True), "-id")


# The messages and hours panel ---------------------------------------------------------------------

MESSAGE_PAGE_SIZE = 50
HOURS_LOG_PAGE_SIZE = 30
# Share of the estimated hours from which the page warns of scope creep while milestones are still open.
SCOPE_WARNING_SHARE = Decimal("0.9")


@dataclass(frozen=True)
class ThreadMessage:
    """A message as one reader sees it: whose side wrote it ("student", "employer", or "system" for the
    platform's notices), whether the reader wrote it, and whether it is new to them."""

    message: Message
    side: str
    is_mine: bool
    is_unread: bool


@dataclass(frozen=True)
class MessageThread:
    messages: list[ThreadMessage]
    has_earlier: bool
    last_read_at: dt.datetime

    @property
    def unread(self) -> int:
        return sum(entry.is_unread for entry in self.messages)


def message_read_mark(*, engagement: Engagement, user: User) -> dt.datetime:
    """How far `user` has read the thread (the start of time when they never opened it)."""
    mark = (
        EngagementReadMark.objects.filter(engagement=engagement, user=user)
        .values_list("last_read_at", flat=True)
        .first()
    )
    return mark or _NEVER_READ


def message_thread_for_party(
    *,
    engagement: Engagement,
    user: User,
    before: int | None = None,
    unread_after: dt.datetime | None = None,
    limit: int = MESSAGE_PAGE_SIZE,
) -> MessageThread:
    """The latest `limit` messages (those older than message `before` when given), oldest first, each with
    `is_unread`: from anyone but `user` (system notices included) and newer than `user`'s read mark, the
    same rule as the unread counts. `unread_after` replaces the read mark for a thread refreshed in place,
    so what was new when the page opened stays marked. `engagement` must come from
    `engagement_get_for_party` (its student is joined). Two queries whatever the length of the thread.
    """
    last_read = unread_after or message_read_mark(engagement=engagement, user=user)
    messages = Message.objects.filter(engagement=engagement).select_related("sender")
    if before is not None:
        messages = messages.filter(pk__lt=before)
    newest_first = list(messages.order_by("-created_at", "-id")[: limit + 1])
    student_user_id = engagement.student.user_id
    page = [
        ThreadMessage(
            message=message,
            side="system"
            if message.sender_id is None
            else ("student" if message.sender_id == student_user_id else "employer"),
            is_mine=message.sender_id == user.pk,
            is_unread=message.sender_id != user.pk and message.created_at > last_read,
        )
        for message in newest_first[:limit][::-1]
    ]
    return MessageThread(messages=page, has_earlier=len(newest_first) > limit, last_read_at=last_read)


def hours_log_list(*, engagement: Engagement) -> QuerySet[HoursLog]:
    """Every hours entry of `engagement`, newest day first (the API pages through it)."""
    return engagement.hours_logs.order_by("-date", "-created_at", "-id")


def hours_log_recent(*, engagement: Engagement, limit: int = HOURS_LOG_PAGE_SIZE) -> list[HoursLog]:
    """The latest `limit` hours entries, newest day first."""
    return list(hours_log_list(engagement=engagement)[:limit])


ScopeState = Literal["over", "near"]


def hours_scope_state(
    *, engagement: Engagement, summary: HoursSummary, work_left: bool | None = None
) -> ScopeState | None:
    """ "over" once the logged hours pass the estimate; "near" from 90 % of it while milestones are still to
    be approved (the work is not done, so it will run over); otherwise None.

    `work_left` (whether any milestone is still to be approved), when the caller already knows, saves a query.
    """
    if summary.over_estimate:
        return "over"
    near = summary.estimated and summary.logged >= summary.estimated * SCOPE_WARNING_SHARE
    if not near:
        return None
    if work_left is None:
        work_left = engagement.milestones.exclude(status=MilestoneStatus.APPROVED).exists()
    return "near" if work_left else None


# Parts of one engagement, looked up within it ----------------------------------------------------
# `engagement` always comes from `engagement_get_for_party`: a milestone, submission or payment id is only
# ever looked up inside an engagement the user may see, so guessing ids elsewhere finds nothing.


def milestone_get_for_engagement(*, engagement: Engagement, pk: int) -> Milestone:
    """A milestone of `engagement`, or Http404."""
    milestone = Milestone.objects.filter(pk=pk, engagement=engagement).first()
    if milestone is None:
        raise Http404("No such milestone.")
    milestone.engagement = engagement
    return milestone


def submission_get_for_engagement(*, engagement: Engagement, pk: int) -> DeliverableSubmission:
    """A submission for a milestone of `engagement` (its milestone joined), or Http404."""
    submission = (
        DeliverableSubmission.objects.select_related("milestone")
        .filter(pk=pk, milestone__engagement=engagement)
        .first()
    )
    if submission is None:
        raise Http404("No such submission.")
    submission.milestone.engagement = engagement
    return submission


def submission_list_for_engagement(*, engagement: Engagement) -> QuerySet[DeliverableSubmission]:
    """Every submission of `engagement`'s milestones, newest first, with its reviewer joined."""
    return (
        DeliverableSubmission.objects.filter(milestone__engagement=engagement)
        .select_related("reviewed_by")
        .order_by("-created_at", "-id")
    )


def payment_for_engagement(*, engagement: Engagement) -> Payment | None:
    """The engagement's payment record (made at completion, or at a cancellation that owes something)."""
    payment = Payment.objects.filter(engagement=engagement).select_related("marked_paid_by").first()
    if payment is not None:
        payment.engagement = engagement
    return payment


def message_list_for_engagement(*, engagement: Engagement) -> QuerySet[Message]:
    """The whole thread of `engagement`, newest first, senders joined (the API pages through it; whether
    a message is unread for a reader is `message_read_mark` compared with its time, as in the thread)."""
    messages = Message.objects.filter(engagement=engagement).select_related("sender")
    return messages.order_by("-created_at", "-id")


# What a career office sees (the scoped admin): its own students' engagements and everything in them ------


def engagements_for_university(*, university: University) -> QuerySet[Engagement]:
    return Engagement.objects.filter(student__university=university)


def milestones_for_university(*, university: University) -> QuerySet[Milestone]:
    return Milestone.objects.filter(engagement__student__university=university)


def submissions_for_university(*, university: University) -> QuerySet[DeliverableSubmission]:
    return DeliverableSubmission.objects.filter(milestone__engagement__student__university=university)


def hours_logs_for_university(*, university: University) -> QuerySet[HoursLog]:
    return HoursLog.objects.filter(engagement__student__university=university)


def payments_for_university(*, university: University) -> QuerySet[Payment]:
    return Payment.objects.filter(engagement__student__university=university)


def reviews_for_university(*, university: University) -> QuerySet[Review]:
    return Review.objects.filter(engagement__student__university=university)
