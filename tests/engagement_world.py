"""The engagement world most engagement tests act in, and the helpers that hand in work.

`make_engagement_world()` builds an engagement with its milestones and the people around it; the root
conftest.py exposes it as the `w` fixture (and `kickoff`). Tests that need a second world, or one in another
state, call the function themselves.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import User
from employers.factories import EmployerMemberFactory
from employers.models import MemberRole
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import DeliverableSubmission, Engagement, EngagementStatus, Milestone, MilestoneStatus
from engagements.services import deliverable_submit
from projects.models import Project

LINK = "https://docs.example.com/brief"
STUDENT_NAME = "Sam Student"
MEMBER_NAME = "Dana Manager"
ENDED_AT_FIELD = {EngagementStatus.COMPLETED: "completed_at", EngagementStatus.CANCELLED: "cancelled_at"}


@dataclass
class EngagementWorld:
    """An engagement and the people around it. `employer` is a user (a member of the engagement's
    organisation), not the Employer: `engagement.employer` is that."""

    engagement: Engagement
    student: User
    employer: User
    outsider: User
    other_employer: User
    milestones: list[Milestone]
    teammate: User | None = None

    @property
    def members(self) -> set[int]:
        """The ids of the organisation's members in this world (the employer and the teammate, if any)."""
        return {user.pk for user in (self.employer, self.teammate) if user is not None}

    @property
    def everyone_else(self) -> set[int]:
        """The ids of the people who have no part in the engagement."""
        return {self.outsider.pk, self.other_employer.pk}

    @property
    def ended_at(self) -> dt.datetime | None:
        """When the engagement was completed or cancelled (None while it runs)."""
        return self.engagement.completed_at or self.engagement.cancelled_at


def make_engagement_world(
    *,
    status: str = EngagementStatus.ACTIVE,
    milestones: int = 2,
    fee: str = "600.00",
    project: Project | None = None,
    teammate: bool = False,
    approved: int = 0,
    ended_days_ago: float | None = None,
) -> EngagementWorld:
    """An engagement (started three days ago unless at kickoff) with `milestones` milestones due in ten days,
    the first `approved` of them approved; a completed or cancelled one ended `ended_days_ago` days ago when
    that is given (it then started three days before).

    Around it: its student (named Sam Student), a member of its organisation (Dana Manager), with
    `teammate` a second, non-owner member, a user with no part in it (`outsider`) and a member of another
    organisation (`other_employer`). Pages can be checked for the two names.
    """
    extra = {"application__project": project} if project is not None else {}
    now = timezone.now()
    ended_at = now - dt.timedelta(days=ended_days_ago) if ended_days_ago is not None else None
    if ended_at is not None and status in ENDED_AT_FIELD:
        extra[ENDED_AT_FIELD[status]] = ended_at
    started_at = (ended_at or now) - dt.timedelta(days=3) if status != EngagementStatus.KICKOFF else None
    engagement = EngagementFactory(
        status=status,
        fee=Decimal(fee),
        started_at=started_at,
        application__student__user__full_name=STUDENT_NAME,
        **extra,
    )
    for position in range(milestones):
        done = {"status": MilestoneStatus.APPROVED, "approved_at": now} if position < approved else {}
        MilestoneFactory(engagement=engagement, due_date=timezone.localdate() + dt.timedelta(days=10), **done)
    member = EmployerMemberFactory(employer=engagement.employer, user__full_name=MEMBER_NAME)
    second = EmployerMemberFactory(employer=engagement.employer, role=MemberRole.MEMBER) if teammate else None
    return EngagementWorld(
        engagement=engagement,
        student=engagement.student.user,
        employer=member.user,
        outsider=UserFactory(),
        other_employer=EmployerMemberFactory().user,
        milestones=list(engagement.milestones.order_by("position")),
        teammate=second.user if second is not None else None,
    )


def submit(world: EngagementWorld, milestone: Milestone | None = None) -> DeliverableSubmission:
    """The student hands in a link for `milestone` (the first one by default)."""
    return deliverable_submit(milestone=milestone or world.milestones[0], by=world.student, link=LINK)
