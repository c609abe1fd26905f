"""Writes for the work after acceptance, in parts: `hiring` (accepting an applicant), `lifecycle`
(creation, kickoff, completion, payment, cancellation), `milestones`, `deliverables` (including automatic
approval), `activity` (hours, messages), `reviews`, and `project_cancellation` (calling a project off, which
must find no work under way).

Every state change runs in one transaction that locks the engagement row first, then the milestone, then the
submission, so two clicks, two tabs or two workers serialise instead of racing. Repeating a transition that
already happened returns the object unchanged; any other move from the wrong state is refused. Who may act
and the state guards are `engagements.access`'s.

A refusal about one input is raised keyed by that input's name (`ValidationError({"title": ...})`), so the
page's form and the API both show it on that field; any other refusal is not keyed.
"""

from engagements.services.activity import engagement_mark_read, hours_log_add, message_send
from engagements.services.deliverables import (
    deliverable_approve,
    deliverable_auto_approve_overdue,
    deliverable_request_changes,
    deliverable_submit,
)
from engagements.services.hiring import application_accept
from engagements.services.lifecycle import (
    engagement_cancel,
    engagement_complete,
    engagement_confirm_kickoff,
    engagement_create_for_application,
    payment_mark_paid,
)
from engagements.services.milestones import milestone_add, milestone_remove, milestone_update
from engagements.services.project_cancellation import project_cancel

__all__ = [
    "application_accept",
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
    "project_cancel",
]
