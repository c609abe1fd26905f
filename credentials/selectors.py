"""Reads: a student's credentials, a credential's public page, the status lists, verification."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import User
from credentials import jose
from credentials.documents import issuer_did
from credentials.models import Credential
from credentials.status_list import STATUS_LIST_SIZE, STATUS_PURPOSE, status_list_url, status_position
from engagements.models import Review, ReviewSide
from engagements.selectors import reviews_unblinded_q
from students.models import StudentProfile

LINKEDIN_ADD_CERTIFICATION = "https://www.linkedin.com/profile/add"


def credential_list_for_student(*, user: User) -> QuerySet[Credential]:
    """The user's own credentials (none for anyone who is not a student), newest first."""
    return Credential.objects.filter(student__user_id=user.pk).select_related("engagement__employer")


def credential_get_for_student(*, user: User, public_id: Any) -> Credential:
    """One of the user's own credentials; 404 for anyone else's."""
    credential = credential_list_for_student(user=user).filter(public_id=public_id).first()
    if credential is None:
        raise Http404("No such credential.")
    return credential


def credential_get_public(*, public_id: Any) -> Credential:
    """Any credential by its public id, for its public verification page (404 when there is none)."""
    credential = Credential.objects.select_related("engagement__employer").filter(public_id=public_id).first()
    if credential is None:
        raise Http404("No such credential.")
    return credential


def credential_list_for_portfolio(*, student: StudentProfile) -> list[Credential]:
    """What a portfolio shows: the credentials not revoked."""
    return list(
        Credential.objects.filter(student=student, revoked_at__isnull=True).select_related(
            "engagement__employer"
        )
    )


def revoked_bits(*, number: int) -> list[int]:
    """The bits set in status list `number` (1-based): the revoked credentials it covers."""
    start = (number - 1) * STATUS_LIST_SIZE
    indexes = Credential.objects.filter(
        revoked_at__isnull=False, status_index__gte=start, status_index__lt=start + STATUS_LIST_SIZE
    ).values_list("status_index", flat=True)
    return [index - start for index in indexes]


def linkedin_add_url(*, credential: Credential, page_url: str) -> str:
    """LinkedIn's "Add licence or certification" form, filled in with the credential."""
    issued = credential.issued_at
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": credential.document["name"],
        "organizationName": credential.document["issuer"]["name"],
        "issueYear": issued.year,
        "issueMonth": issued.month,
        "certUrl": page_url,
        "certId": str(credential.public_id),
    }
    return f"{LINKEDIN_ADD_CERTIFICATION}?{urlencode(query)}"


# Verification ---------------------------------------------------------------------------------------------

VALID, REVOKED, INVALID = "valid", "revoked", "invalid"


@dataclass
class Verification:
    """The answer to "is this credential genuine and still good?": `status` valid, revoked or invalid, with
    the reasons when it is not valid, and the credential as signed when its signature checked out."""

    status: str
    reasons: list[str] = field(default_factory=list)
    document: dict[str, Any] | None = None
    kid: str = ""

    @property
    def valid(self) -> bool:
        return self.status == VALID


def _status_problems(document: dict[str, Any]) -> tuple[list[str], bool]:
    """(problems with the credential's status entry, whether its revocation bit is set)."""
    entry = document.get("credentialStatus")
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return ["It has no Bitstring status list entry."], False
    if entry.get("statusPurpose") != STATUS_PURPOSE:
        return ["Its status entry is not for revocation."], False
    try:
        bit = int(entry.get("statusListIndex", ""))
    except (TypeError, ValueError):
        return ["Its status list index is not a number."], False
    url = str(entry.get("statusListCredential", ""))
    number = url.rstrip("/").rsplit("/", 1)[-1]
    if not number.isdigit() or status_list_url(int(number)) != url or not 0 <= bit < STATUS_LIST_SIZE:
        return ["Its status list is not one this issuer publishes."], False
    index = (int(number) - 1) * STATUS_LIST_SIZE + bit
    return [], Credential.objects.filter(status_index=index, revoked_at__isnull=False).exists()


def _document_problems(document: dict[str, Any], header: dict[str, Any], now: dt.datetime) -> list[str]:
    problems = []
    issuer = document.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != issuer_did() or not str(header.get("kid", "")).startswith(f"{issuer_id}#"):
        problems.append("It was not issued by this platform.")
    types = document.get("type") or []
    if "VerifiableCredential" not in types or "OpenBadgeCredential" not in types:
        problems.append("It is not an Open Badge credential.")
    valid_from = parse_datetime(str(document.get("validFrom", "")))
    if valid_from is None or valid_from > now:
        problems.append("It is not valid yet.")
    valid_until = document.get("validUntil")
    if valid_until and (parse_datetime(str(valid_until)) or now) <= now:
        problems.append("It has expired.")
    return problems


def credential_verify(*, token: str, now: dt.datetime | None = None) -> Verification:
    """Check a signed credential (a vc+jwt) against the issuer's published keys and its status list."""
    now = now or timezone.now()
    try:
        header, document = jose.verify(token)
    except jose.SignatureError as error:
        return Verification(status=INVALID, reasons=[str(error)])
    problems = _document_problems(document, header, now)
    status_problems, revoked = _status_problems(document)
    problems += status_problems
    if problems:
        return Verification(status=INVALID, reasons=problems, document=document, kid=header.get("kid", ""))
    if revoked:
        return Verification(
            status=REVOKED, reasons=["The issuer has revoked it."], document=document, kid=header["kid"]
        )
    return Verification(status=VALID, document=document, kid=header["kid"])


def status_list_number_valid(number: int) -> bool:
    """Whether list `number` covers any credential issued so far (later lists do not exist yet)."""
    last = Credential.objects.order_by("-status_index").values_list("status_index", flat=True).first()
    return number >= 1 and last is not None and number <= status_position(last)[0]


def engagement_ids_with_endorsements_to_add(*, now: dt.datetime) -> list[int]:
    """Engagements whose credential (not revoked) lists no endorsed skills while the employer's review,
    which ticks some, is no longer blind: the review window closed since it was issued. Each drops out of
    this list once its credential is signed again, so the scan stays as small as the work it finds."""
    return list(
        Review.objects.filter(
            side=ReviewSide.EMPLOYER,
            skills_demonstrated__isnull=False,
            engagement__credential__revoked_at__isnull=True,
            engagement__credential__endorsed_skills=[],
        )
        .filter(reviews_unblinded_q(now=now))
        .values_list("engagement_id", flat=True)
        .distinct()
    )
