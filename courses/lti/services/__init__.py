"""The LTI 1.3 tool's writes, split by subject (launch, roster, keys); import them from here."""

from courses.lti.services.keys import lti_tool_key_pair
from courses.lti.services.launch import (
    LaunchProblem,
    LaunchRefused,
    LaunchRole,
    PendingContext,
    lms_requests_session,
    lti_context_link,
    lti_handoff_create,
    lti_handoff_take,
    lti_launch_refusal,
    lti_launch_resolve,
    lti_tool_conf,
    lti_tool_for_launch,
    lti_unknown_registration,
)
from courses.lti.services.roster import lti_roster_pull

__all__ = [
    "LaunchProblem",
    "LaunchRefused",
    "LaunchRole",
    "PendingContext",
    "lms_requests_session",
    "lti_context_link",
    "lti_handoff_create",
    "lti_handoff_take",
    "lti_launch_refusal",
    "lti_launch_resolve",
    "lti_roster_pull",
    "lti_tool_conf",
    "lti_tool_for_launch",
    "lti_tool_key_pair",
    "lti_unknown_registration",
]
