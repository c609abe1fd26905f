"""Rosters pulled from an LMS through the Names and Role Provisioning Service, fed to the roster path."""

from typing import Any

import requests
from django.core.exceptions import ValidationError
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.names_roles import NamesRolesProvisioningService
from pylti1p3.service_connector import ServiceConnector

from accounts.models import User
from courses.lti.services.launch import (
    CLAIM,
    LearnerRole,
    lms_requests_session,
    lti_tool_conf,
)
from courses.models import Course, RosterImport
from courses.selectors import course_get_for_instructor
from courses.services import roster_import_confirm, roster_rows_check


def _member_name(member: dict[str, Any]) -> str:
    return member.get("name") or " ".join(filter(None, [member.get("given_name"), member.get("family_name")]))


def lti_roster_pull(*, course: Course, by: User, session: requests.Session | None = None) -> dict[str, int]:
    """Fetch the learners of the LMS courses linked to `course` (Names and Role Provisioning Service) and put
    them through the roster path: students with an account enrolled, other addresses invited. Returns how
    many were enrolled, invited, left as they were, and skipped for having no email address."""
    course = course_get_for_instructor(user=by, public_id=course.public_id)
    links = list(course.lti_links.exclude(memberships_url="").select_related("tool", "tool__tool_key"))
    if not links:
        raise ValidationError("This course has no LMS roster to pull.", code="no_lms_roster")
    conf = lti_tool_conf()
    session = session or lms_requests_session()
    members: list[dict[str, Any]] = []
    for link in links:
        try:
            registration = conf.find_registration_by_params(link.tool.issuer, link.tool.client_id)
            service = NamesRolesProvisioningService(
                ServiceConnector(registration, session), {"context_memberships_url": link.memberships_url}
            )
            members.extend(service.get_members())
        except (LtiException, LtiServiceException, requests.RequestException, ValueError, KeyError) as error:
            raise ValidationError(
                f"{link.tool.title} did not give the roster ({error.__class__.__name__}). Try again later, "
                "or ask your LMS administrator to allow the Names and Role Provisioning Service for this "
                "tool.",
                code="lms_unavailable",
            ) from error
    learners = [
        member
        for member in members
        if member.get("status", "Active") == "Active"
        and LearnerRole({CLAIM + "roles": member.get("roles", [])}).check()
    ]
    with_email = [member for member in learners if member.get("email")]
    rows = [
        {"line": line, "values": {"email": str(member["email"]), "name": _member_name(member)}}
        for line, member in enumerate(with_email, start=1)
    ]
    done = {"enrolled": 0, "invited": 0}
    if rows:
        roster = RosterImport.objects.create(
            course=course,
            uploaded_by=by,
            file_name=f"LMS roster ({links[0].tool.title})"[:255],
            rows=roster_rows_check(course=course, rows=rows),
        )
        done = roster_import_confirm(roster=roster, by=by)
    return {
        **done,
        "unchanged": len(rows) - done["enrolled"] - done["invited"],
        "without_email": len(learners) - len(with_email),
    }
