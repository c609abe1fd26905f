"""One engagement as its page shows it to one side, and what that side may do there: computed once, here,
for the engagement page (`engagements.views`) and the API's detail (`engagements.api`).

`engagement_page` reads the milestones, their submissions, the payment and the hours total once each (four
queries, plus three for the reviews once the work is done), whatever their number. The `actions` it
returns decide which buttons to show, in the manner of `projects.selectors.project_available_actions`; the
services enforce the same rules again under the row lock, so an action offered here can still be refused
there (the other side was quicker) and the refusal is what the user sees.

The actions are named in `ENGAGEMENT_ACTIONS` and `MILESTONE_ACTIONS` (a milestone's "approve" and
"request_changes" answer its submission awaiting review).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from engagements.access import EngagementParty
from engagements.models import (
    OPEN_ENGAGEMENT_STATUSES,
    DeliverableSubmission,
    Engagement,
    EngagementStatus,
    Milestone,
    MilestoneStatus,
    Payment,
    PaymentStatus,
    Review,
    SubmissionStatus,
)
from engagements.selectors import (
    MilestoneState,
    ScopeState,
    engagement_reviews_open,
    hours_scope_state,
    hours_summary,
    milestone_overview,
    payment_for_engagement,
    review_list_visible_to_party,
    review_sides_written,
    review_window_closes_at,
    submission_list_for_engagement,
)
from engagements.services.deliverables import deliverable_auto_approves_at
from engagements.services.lifecycle import pro_rata_amount
from universities.models import University

ENGAGEMENT_ACTIONS = (
    "confirm_kickoff",
    "add_milestone",
    "cancel",
    "mark_paid",
    "log_hours",
    "send_message",
    "write_review",
)
MILESTONE_ACTIONS = ("edit", "remove", "submit", "approve", "request_changes")

# Milestone statuses the student may hand work in for.
SUBMITTABLE_MILESTONE_STATUSES = (MilestoneStatus.PENDING, MilestoneStatus.CHANGES_REQUESTED)


@dataclass(frozen=True)
class SubmissionEntry:
    submission: DeliverableSubmission
    file_name: str  # "" for a link only
    auto_approves_at: dt.datetime | None  # while it awaits review


@dataclass(frozen=True)
class MilestoneEntry:
    milestone: Milestone
    state: MilestoneState
    days_late: int
    due_in_days: int | None
    submissions: list[SubmissionEntry]  # newest first
    actions: frozenset[str]

    @property
    def latest(self) -> SubmissionEntry | None:
        return self.submissions[0] if self.submissions else None

    @property
    def history(self) -> list[SubmissionEntry]:
        return self.submissions[1:]

    @property
    def submission_records(self) -> list[DeliverableSubmission]:
        return [entry.submission for entry in self.submissions]


@dataclass(frozen=True)
class CancellationTerms:
    """What cancelling now would cost, from the same figures and function the cancel service uses."""

    started: bool
    approved: int
    total: int
    owed: Decimal
    currency: str
    fee: Decimal


@dataclass(frozen=True)
class HoursOverview:
    """Hours logged against the estimate; `scope` warns of scope creep ("over", "near" or None)."""

    logged: Decimal
    estimated: Decimal
    over_estimate: bool
    over_by: Decimal
    scope: ScopeState | None


@dataclass(frozen=True)
class ReviewsOverview:
    """The double-blind reviews as one side may see them. `state` is "later" (the work is not finished),
    "nothing" (cancelled before any approved work), "write" (this side has not reviewed yet), "waiting"
    (theirs is in, the other side's is not visible) or "both"."""

    open: bool
    state: str
    visible: list[Review]
    mine: Review | None
    theirs: Review | None
    other_has_written: bool
    window_closes_at: dt.datetime | None
    window_closed: bool

    @property
    def can_write(self) -> bool:
        return self.state == "write"


@dataclass(frozen=True)
class EngagementPage:
    engagement: Engagement
    party: EngagementParty
    other: str  # the other side's name: the organisation, or the student
    contact: User | None  # the employer's member who accepted the student
    university: University | None  # for the employer: the student's university
    days_left: int | None  # to the due date, while the work is open
    milestones: list[MilestoneEntry]
    payment: Payment | None
    cancellation: CancellationTerms | None  # None once the engagement is finished
    hours: HoursOverview
    reviews: ReviewsOverview
    actions: frozenset[str]
    kickoff_needs_milestone: bool  # this side could confirm, but starting needs a milestone first

    @property
    def contact_name(self) -> str | None:
        return self.contact.get_full_name() if self.contact is not None else None

    @property
    def can_confirm_kickoff(self) -> bool:
        return "confirm_kickoff" in self.actions


def _active_or_none(user: User | None) -> User | None:
    return user if user is not None and user.is_active else None


def engagement_other_name(*, engagement: Engagement, party: EngagementParty) -> str:
    """The other side as `party` names it: the organisation, or the student (their email without a name)."""
    if party == "student":
        return engagement.employer.name
    return engagement.student.user.get_full_name() or engagement.student.user.email


def milestone_is_editable(*, engagement: Engagement, milestone: Milestone) -> bool:
    """Whether the employer may still change the milestone: the work is open and it is not approved."""
    return engagement.status in OPEN_ENGAGEMENT_STATUSES and milestone.status != MilestoneStatus.APPROVED


def hours_may_log(*, engagement: Engagement, party: EngagementParty) -> bool:
    """The student logs hours while the work is in progress."""
    return party == "student" and engagement.status == EngagementStatus.ACTIVE


def _milestone_actions(
    *, engagement: Engagement, party: EngagementParty, milestone: Milestone, worked_on: bool, only_one: bool
) -> frozenset[str]:
    actions = set()
    active = engagement.status == EngagementStatus.ACTIVE
    if party == "employer" and milestone_is_editable(engagement=engagement, milestone=milestone):
        actions.add("edit")
        if milestone.status == MilestoneStatus.PENDING and not worked_on and not only_one:
            actions.add("remove")
    if party == "employer" and active and milestone.status == MilestoneStatus.SUBMITTED:
        actions |= {"approve", "request_changes"}
    if party == "student" and active and milestone.status in SUBMITTABLE_MILESTONE_STATUSES:
        actions.add("submit")
    return frozenset(actions)


def _engagement_actions(
    *, engagement: Engagement, party: EngagementParty, payment: Payment | None, reviews: ReviewsOverview
) -> frozenset[str]:
    actions = {"send_message"}  # in every status: payment and reviews are talked about afterwards
    is_open = engagement.status in OPEN_ENGAGEMENT_STATUSES
    mine = engagement.student_confirmed_at if party == "student" else engagement.employer_confirmed_at
    if engagement.status == EngagementStatus.KICKOFF and mine is None:
        actions.add("confirm_kickoff")
    if is_open:
        actions.add("cancel")
    if is_open and party == "employer":
        actions.add("add_milestone")
    if party == "employer" and payment is not None and payment.status == PaymentStatus.PENDING:
        actions.add("mark_paid")
    if hours_may_log(engagement=engagement, party=party):
        actions.add("log_hours")
    if reviews.can_write:
        actions.add("write_review")
    return frozenset(actions)


def hours_overview(*, engagement: Engagement, work_left: bool | None = None) -> HoursOverview:
    """The hours card: logged against the estimate, with the scope warning. `work_left` (any milestone still
    to approve), when known, saves a query."""
    summary = hours_summary(engagement=engagement)
    return HoursOverview(
        logged=summary.logged,
        estimated=summary.estimated,
        over_estimate=summary.over_estimate,
        over_by=summary.over_by,
        scope=hours_scope_state(engagement=engagement, summary=summary, work_left=work_left),
    )


def reviews_overview(
    *,
    engagement: Engagement,
    party: EngagementParty,
    now: dt.datetime | None = None,
    approved: int | None = None,
) -> ReviewsOverview:
    """What `party` may read of the reviews (`reviews_visible_q`) and whether they may still write theirs.
    No query before the work is done; `approved` (the milestones approved), when known, saves one."""
    now = now or timezone.now()
    closes_at = review_window_closes_at(engagement=engagement)
    window_closed = closes_at is not None and now >= closes_at
    if not engagement_reviews_open(engagement=engagement, approved=approved):
        state = "nothing" if engagement.status == EngagementStatus.CANCELLED else "later"
        return ReviewsOverview(False, state, [], None, None, False, closes_at, window_closed)
    visible = list(review_list_visible_to_party(engagement=engagement, party=party, now=now))
    mine = next((review for review in visible if review.side == party), None)
    theirs = next((review for review in visible if review.side != party), None)
    written = review_sides_written(engagement=engagement)
    state = "write" if party not in written else ("both" if theirs is not None else "waiting")
    other_has_written = any(side != party for side in written)
    return ReviewsOverview(True, state, visible, mine, theirs, other_has_written, closes_at, window_closed)


def _submissions_by_milestone(
    submissions: QuerySet[DeliverableSubmission],
) -> dict[int, list[SubmissionEntry]]:
    by_milestone: dict[int, list[SubmissionEntry]] = {}
    for submission in submissions:
        awaiting = submission.status == SubmissionStatus.SUBMITTED
        by_milestone.setdefault(submission.milestone_id, []).append(
            SubmissionEntry(
                submission=submission,
                file_name=submission.file_name,
                auto_approves_at=deliverable_auto_approves_at(submission=submission) if awaiting else None,
            )
        )
    return by_milestone


def engagement_page(
    *, engagement: Engagement, party: EngagementParty, today: dt.date | None = None
) -> EngagementPage:
    """The engagement as `party` sees it, and what they may do. `engagement` and `party` come from
    `engagements.access.engagement_get_for_party` (its joined rows are used). `today` defaults to the
    local date, so call it in the viewer's time zone."""
    today = today or timezone.localdate()
    overview = milestone_overview(engagement=engagement, today=today)
    submissions = _submissions_by_milestone(submission_list_for_engagement(engagement=engagement))
    milestones = [
        MilestoneEntry(
            milestone=row.milestone,
            state=row.state,
            days_late=row.days_late,
            due_in_days=(row.milestone.due_date - today).days if row.milestone.due_date else None,
            submissions=submissions.get(row.milestone.pk, []),
            actions=_milestone_actions(
                engagement=engagement,
                party=party,
                milestone=row.milestone,
                worked_on=row.milestone.pk in submissions,
                only_one=len(overview) == 1,
            ),
        )
        for row in overview
    ]
    approved = sum(row.state == "done" for row in overview)
    is_open = engagement.status in OPEN_ENGAGEMENT_STATUSES
    payment = payment_for_engagement(engagement=engagement)
    reviews = reviews_overview(engagement=engagement, party=party, approved=approved)
    actions = _engagement_actions(engagement=engagement, party=party, payment=payment, reviews=reviews)
    theirs = engagement.employer_confirmed_at if party == "student" else engagement.student_confirmed_at
    return EngagementPage(
        engagement=engagement,
        party=party,
        other=engagement_other_name(engagement=engagement, party=party),
        # A contact who deleted their account is no longer anyone to write to.
        contact=_active_or_none(engagement.application.decided_by),
        university=engagement.student.university
        if party == "employer" and engagement.student.university_id
        else None,
        days_left=(engagement.due_date - today).days if is_open and engagement.due_date else None,
        milestones=milestones,
        payment=payment,
        cancellation=CancellationTerms(
            started=engagement.status != EngagementStatus.KICKOFF,
            approved=approved,
            total=len(overview),
            owed=pro_rata_amount(fee=engagement.fee, approved=approved, total=len(overview)),
            currency=engagement.currency,
            fee=engagement.fee,
        )
        if is_open
        else None,
        hours=hours_overview(engagement=engagement, work_left=approved < len(overview)),
        reviews=reviews,
        actions=actions,
        kickoff_needs_milestone="confirm_kickoff" in actions and theirs is not None and not overview,
    )
