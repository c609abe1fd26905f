"""Shared guards of the engagement services: who is acting, and is the engagement in the right state."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from engagements.models import Engagement, EngagementStatus
from engagements.selectors import EngagementParty, engagement_party

OPEN_ENGAGEMENT_STATUSES = [EngagementStatus.KICKOFF, EngagementStatus.ACTIVE]
FINISHED_ENGAGEMENT_STATUSES = [EngagementStatus.COMPLETED, EngagementStatus.CANCELLED]
MESSAGE_MAX_LENGTH = 5000
CENT = Decimal("0.01")


def _require_party(engagement: Engagement, user: User) -> EngagementParty:
    party = engagement_party(engagement=engagement, user=user)
    if party is None:
        raise PermissionDenied("You are not a party to this engagement.")
    return party


def _require_employer(engagement: Engagement, user: User, action: str) -> None:
    if _require_party(engagement, user) != "employer":
        raise PermissionDenied(f"Only the employer can {action}.")


def _require_student(engagement: Engagement, user: User, action: str) -> None:
    if _require_party(engagement, user) != "student":
        raise PermissionDenied(f"Only the student can {action}.")


def _lock_engagement(engagement_id: int) -> Engagement:
    return Engagement.objects.select_for_update().get(pk=engagement_id)


def _require_status(engagement: Engagement, allowed: list[EngagementStatus], code: str, doing: str) -> None:
    if engagement.status not in allowed:
        raise ValidationError(
            "You cannot %(doing)s: this engagement is %(status)s.",
            code=code,
            params={"doing": doing, "status": engagement.get_status_display().lower()},
        )


# Kickoff ------------------------------------------------------------------------------------------
