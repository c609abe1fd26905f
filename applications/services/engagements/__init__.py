"""Writes for the work after acceptance, in parts: `lifecycle` (creation, kickoff, completion, payment,
cancellation), `milestones`, `deliverables` (including automatic approval) and `activity` (hours, messages).

Every state change runs in one transaction that locks the engagement row first, then the milestone, then the
submission, so two clicks, two tabs or two workers serialise instead of racing. Repeating a transition that
already happened returns the object unchanged; any other move from the wrong state is refused.
"""

from applications.services.engagements.activity import engagement_mark_read, hours_log_add, message_send
from applications.services.engagements.deliverables import (
    deliverable_approve,
    deliverable_auto_approve_overdue,
    deliverable_request_changes,
    deliverable_submit,
)
from applications.services.engagements.lifecycle import (
    engagement_cancel,
    engagement_complete,
    engagement_confirm_kickoff,
    engagement_create_for_application,
    payment_mark_paid,
)
from applications.services.engagements.milestones import milestone_add, milestone_remove, milestone_update

__all__ = [
    "deliverable_approve",
    "deliverable_auto_approve_overdue",
    "deliverable_request_changes",
    "deliverable_submit",
    "engagement_cancel",
    "engagement_complete",
    "engagement_confirm_kickoff",
    "engagement_create_for_application",
    "engagement_mark_read",
    "hours_log_add",
    "message_send",
    "milestone_add",
    "milestone_remove",
    "milestone_update",
    "payment_mark_paid",
]
