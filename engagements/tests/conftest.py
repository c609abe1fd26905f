"""Shared fixtures and helpers for the engagement service tests."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.factories import UserFactory
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import DeliverableSubmission, EngagementStatus, Milestone
from engagements.services import deliverable_submit

LINK = "https://docs.example.com/brief"


@contextmanager
def refused(code: str) -> Iterator[None]:
    with pytest.raises(ValidationError) as excinfo:
        yield
    assert excinfo.value.code == code, excinfo.value


def make_engagement(
    *,
    status: str = EngagementStatus.ACTIVE,
    milestones: int = 2,
    fee: str = "600.00",
    project=None,
) -> SimpleNamespace:
    """An engagement, its student's user, a member of its employer, an outsider, another employer's member."""
    extra = {"application__project": project} if project is not None else {}
    started_at = timezone.now() - dt.timedelta(days=3) if status != EngagementStatus.KICKOFF else None
    engagement = EngagementFactory(status=status, fee=Decimal(fee), started_at=started_at, **extra)
    for _ in range(milestones):
        MilestoneFactory(engagement=engagement, due_date=timezone.localdate() + dt.timedelta(days=10))
    return SimpleNamespace(
        engagement=engagement,
        student=engagement.student.user,
        employer=EmployerMemberFactory(employer=engagement.employer).user,
        outsider=UserFactory(),
        other_employer=EmployerMemberFactory().user,
        milestones=list(engagement.milestones.order_by("position")),
    )


@pytest.fixture
def w() -> SimpleNamespace:
    return make_engagement()


@pytest.fixture
def kickoff() -> SimpleNamespace:
    return make_engagement(status=EngagementStatus.KICKOFF)


def submit(w: SimpleNamespace, milestone: Milestone | None = None) -> DeliverableSubmission:
    return deliverable_submit(milestone=milestone or w.milestones[0], by=w.student, link=LINK)
