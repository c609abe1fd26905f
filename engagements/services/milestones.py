"""Milestones: the employer proposes and edits them; the student works through them."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from engagements.access import lock_engagement, require_employer, require_status
from engagements.models import OPEN_ENGAGEMENT_STATUSES, Engagement, Milestone, MilestoneStatus

# An engagement starts with one milestone per deliverable (at most projects.services.MAX_DELIVERABLES) and the
# employer may add some; past this many, the work is a different project.
MAX_MILESTONES = 30


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError(
            {"title": ValidationError("Give the milestone a title.", code="title_required")}
        )
    if len(title) > 300:
        raise ValidationError(
            {
                "title": ValidationError(
                    "Keep the milestone title within 300 characters.", code="title_too_long"
                )
            }
        )
    return title


def _check_due_date(due_date: dt.date | None) -> None:
    if due_date is not None and due_date < timezone.localdate():
        raise ValidationError(
            {"due_date": ValidationError("A milestone cannot be due in the past.", code="due_date_in_past")}
        )


def milestone_add(
    *, engagement: Engagement, by: User, title: str, due_date: dt.date | None, description: str = ""
) -> Milestone:
    """The employer proposes one more milestone, placed last, while the engagement is in kickoff or active.

    Adding the same milestone twice (same title, description and due date, not yet approved) returns the
    first one, so a double click does not create a duplicate.
    """
    require_employer(engagement=engagement, user=by, action="add milestones")
    title = _clean_title(title)
    description = (description or "").strip()
    _check_due_date(due_date)
    with transaction.atomic():
        engagement = lock_engagement(engagement_id=engagement.pk)
        require_status(
            engagement=engagement,
            allowed=OPEN_ENGAGEMENT_STATUSES,
            code="engagement_closed",
            doing="add a milestone",
        )
        existing = (
            engagement.milestones.filter(title=title, description=description, due_date=due_date)
            .exclude(status=MilestoneStatus.APPROVED)
            .first()
        )
        if existing is not None:
            return existing
        if engagement.milestones.count() >= MAX_MILESTONES:
            raise ValidationError(
                f"An engagement has at most {MAX_MILESTONES} milestones; edit or remove one instead.",
                code="too_many_milestones",
            )
        last_position = engagement.milestones.aggregate(last=Max("position"))["last"]
        return Milestone.objects.create(
            engagement=engagement,
            position=0 if last_position is None else last_position + 1,
            title=title,
            description=description,
            due_date=due_date,
        )


def milestone_update(
    *,
    milestone: Milestone,
    by: User,
    title: str | None = None,
    description: str | None = None,
    due_date: dt.date | None = None,
) -> Milestone:
    """The employer changes a milestone's title, description or due date (None leaves a field as it is).

    An approved milestone is settled work and cannot change; nor can milestones of a finished engagement.
    """
    require_employer(engagement=milestone.engagement, user=by, action="change milestones")
    with transaction.atomic():
        engagement = lock_engagement(engagement_id=milestone.engagement_id)
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        changes: dict[str, object] = {}
        if title is not None and title.strip() != milestone.title:
            changes["title"] = _clean_title(title)
        if description is not None and description.strip() != milestone.description:
            changes["description"] = description.strip()
        if due_date is not None and due_date != milestone.due_date:
            _check_due_date(due_date)
            changes["due_date"] = due_date
        if not changes:
            return milestone
        require_status(
            engagement=engagement,
            allowed=OPEN_ENGAGEMENT_STATUSES,
            code="engagement_closed",
            doing="change a milestone",
        )
        if milestone.status == MilestoneStatus.APPROVED:
            raise ValidationError(
                "This milestone is already approved and can no longer change.", code="milestone_approved"
            )
        for field, value in changes.items():
            setattr(milestone, field, value)
        milestone.save(update_fields=[*changes, "updated_at"])
    return milestone


def milestone_remove(*, milestone: Milestone, by: User) -> None:
    """The employer drops a milestone nobody has worked on yet: still pending, with no submissions.

    The last milestone stays (the work needs one). Removing a milestone that is already gone does nothing.
    Removing never completes the engagement by itself; `engagement_complete` does that explicitly.
    """
    require_employer(engagement=milestone.engagement, user=by, action="remove milestones")
    with transaction.atomic():
        engagement = lock_engagement(engagement_id=milestone.engagement_id)
        locked = Milestone.objects.select_for_update().filter(pk=milestone.pk).first()
        if locked is None:
            return
        require_status(
            engagement=engagement,
            allowed=OPEN_ENGAGEMENT_STATUSES,
            code="engagement_closed",
            doing="remove a milestone",
        )
        if locked.status != MilestoneStatus.PENDING or locked.submissions.exists():
            raise ValidationError(
                "Only a milestone nobody has submitted work for can be removed.", code="milestone_has_work"
            )
        if not engagement.milestones.exclude(pk=locked.pk).exists():
            raise ValidationError(
                "An engagement keeps at least one milestone; change this one instead.", code="last_milestone"
            )
        locked.delete()


# Deliverables -------------------------------------------------------------------------------------
