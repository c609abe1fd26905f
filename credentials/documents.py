"""The Open Badges 3.0 credential of an engagement, as JSON (W3C Verifiable Credentials Data Model 2.0).

What goes in, beyond the Open Badges core (the achievement: project title, summary, criteria, one alignment
per skill the project asked for; the employer as the achievement's creator):

- ``credentialSubject.identifier``: the student as a salted SHA-256 hash of their email address (an
  ``IdentityObject``), so a holder can prove it is theirs without the credential showing the address;
- ``credentialSubject.engagement``: the extension this platform documents (README, "Verify a credential"),
  ``outcome`` ("completed", or "cancelled-with-approved-work"), ``startDate``/``endDate``,
  ``estimatedHours``, ``hoursLogged``, ``milestonesApproved``/``milestonesTotal``, and
  ``skillsEndorsedByEmployer`` once the employer's review is visible. Its terms are not in the Open Badges
  context: they fall under the VC 2.0 context's issuer-dependent ``@vocab``. The achievement's description
  says the same in words, for wallets that show only that.

No JSON-LD processing is needed: the proof is VC-JOSE (a JWT over these bytes), not Data Integrity.
"""

import datetime as dt
import hashlib
import secrets
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from django.urls import reverse

from engagements.models import Engagement, EngagementStatus
from notifications.emails import site_url

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
ISSUER_NAME = "Micro-internships"
OUTCOME_COMPLETED = "completed"
OUTCOME_CANCELLED = "cancelled-with-approved-work"


def issuer_did() -> str:
    """did:web of the site: its host, a port encoded as %3A (the did:web method's rule)."""
    netloc = urlsplit(site_url()).netloc
    return "did:web:" + quote(netloc, safe="")


def absolute(path: str) -> str:
    return site_url() + path


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def hashed_identifier(email: str) -> dict[str, Any]:
    """Open Badges' IdentityObject: sha256 of the lower-cased address followed by a random salt."""
    salt = secrets.token_hex(16)
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def _description(engagement: Engagement, facts: dict[str, Any]) -> str:
    parts = [engagement.project.summary.strip()] if engagement.project.summary.strip() else []
    when = (
        f"from {facts['startDate']} to {facts['endDate']}"
        if facts.get("startDate")
        else f"by {facts['endDate']}"
    )
    parts.append(
        f"Micro-internship for {engagement.employer.name}, {when}; "
        f"{facts['hoursLogged']} hours logged (estimated {facts['estimatedHours']})."
    )
    if facts["outcome"] == OUTCOME_CANCELLED:
        parts.append(
            f"The engagement was cancelled after {facts['milestonesApproved']} of "
            f"{facts['milestonesTotal']} milestones were approved; this credential covers the approved work."
        )
    if facts.get("skillsEndorsedByEmployer"):
        parts.append("Skills endorsed by the employer: " + ", ".join(facts["skillsEndorsedByEmployer"]) + ".")
    return " ".join(parts)


def engagement_facts(
    *, engagement: Engagement, hours_logged: Decimal, approved: int, total: int, endorsed: list[str]
) -> dict[str, Any]:
    ended_at = engagement.completed_at or engagement.cancelled_at or engagement.updated_at
    facts: dict[str, Any] = {
        "type": "MicroInternshipEngagement",
        "outcome": OUTCOME_COMPLETED
        if engagement.status == EngagementStatus.COMPLETED
        else OUTCOME_CANCELLED,
        "endDate": ended_at.date().isoformat(),
        "estimatedHours": engagement.estimated_hours,
        "hoursLogged": str(hours_logged.normalize() if hours_logged else Decimal("0")),
        "milestonesApproved": approved,
        "milestonesTotal": total,
    }
    if engagement.started_at:
        facts["startDate"] = engagement.started_at.date().isoformat()
    if endorsed:
        facts["skillsEndorsedByEmployer"] = endorsed
    return facts


def credential_document(
    *,
    public_id: str,
    engagement: Engagement,
    skills: list[tuple[str, str]],
    facts: dict[str, Any],
    email: str,
    status_entry: dict[str, Any],
    valid_from: dt.datetime,
) -> dict[str, Any]:
    """The credential, ready to sign. `skills` are (name, slug) pairs of the project's skills."""
    page = absolute(reverse("credentials:verify_page", kwargs={"public_id": public_id}))
    project, employer = engagement.project, engagement.employer
    search = absolute(reverse("projects:search"))
    alignment = [
        {"type": ["Alignment"], "targetName": name, "targetUrl": f"{search}?{urlencode({'skills': slug})}"}
        for name, slug in skills
    ]
    achievement: dict[str, Any] = {
        "id": f"{page}#achievement",
        "type": ["Achievement"],
        "achievementType": "Assignment",
        "name": project.title,
        "description": _description(engagement, facts),
        "criteria": {
            "narrative": (
                f'Completed the micro-internship project "{project.title}" for {employer.name}: every '
                "milestone handed in and approved by the employer."
                if facts["outcome"] == OUTCOME_COMPLETED
                else f'Work on "{project.title}" for {employer.name} approved by the employer for '
                f"{facts['milestonesApproved']} of {facts['milestonesTotal']} milestones before the "
                "engagement was cancelled."
            )
        },
        "creator": {
            "id": absolute(reverse("employers:public", kwargs={"slug": employer.slug})),
            "type": ["Profile"],
            "name": employer.name,
        },
    }
    if alignment:
        achievement["alignment"] = alignment
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": page,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": project.title,
        "issuer": {"id": issuer_did(), "type": ["Profile"], "name": ISSUER_NAME, "url": site_url()},
        "validFrom": iso(valid_from),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [hashed_identifier(email)],
            "achievement": achievement,
            "engagement": facts,
        },
        "credentialStatus": status_entry,
    }
