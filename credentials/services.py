"""Issuing and revoking credentials.

Lock order: the engagement row, then the credential row (the same order as engagements' services), so an
issue racing a revocation or a second delivery of the issuing task waits rather than deadlocks.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from accounts.models import User
from credentials import jose, notices
from credentials.documents import credential_document, engagement_facts
from credentials.keys import signing_key
from credentials.models import STATUS_INDEX_SEQUENCE, Credential
from credentials.permissions import may_revoke
from credentials.status_list import status_entry
from engagements.models import Engagement, EngagementStatus, MilestoneStatus, Review, ReviewSide
from engagements.selectors import reviews_unblinded_q

REASON_MAX_LENGTH = 1000


def _next_status_index() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [STATUS_INDEX_SEQUENCE])
        return cursor.fetchone()[0]


def _endorsed_skills(*, engagement: Engagement, now: dt.datetime) -> list[str]:
    """The skills the employer ticked in its review, once that review is no longer blind (else none)."""
    review = (
        Review.objects.filter(engagement=engagement, side=ReviewSide.EMPLOYER)
        .filter(reviews_unblinded_q(now=now))
        .prefetch_related("skills_demonstrated")
        .first()
    )
    return sorted(skill.name for skill in review.skills_demonstrated.all()) if review else []


def _eligible(engagement: Engagement, approved: int) -> bool:
    """Completed, or cancelled after some work was approved (the work a credential can speak for)."""
    return engagement.status == EngagementStatus.COMPLETED or (
        engagement.status == EngagementStatus.CANCELLED and approved > 0
    )


def credential_issue(*, engagement_id: int, now: dt.datetime | None = None) -> Credential | None:
    """Issue the engagement's credential, or sign it again when the employer's review has since become
    visible with skills it endorsed. Idempotent: one credential per engagement, and nothing is signed again
    when nothing changed. A revoked credential is never re-signed. None when the engagement has no work to
    show (still running, or cancelled before any approved milestone).
    """
    now = now or timezone.now()
    with transaction.atomic():
        engagement = (
            Engagement.objects.select_for_update(of=("self",))
            .select_related("project", "employer", "student__user")
            .get(pk=engagement_id)
        )
        milestones = list(engagement.milestones.values_list("status", flat=True))
        approved = sum(status == MilestoneStatus.APPROVED for status in milestones)
        if not _eligible(engagement, approved):
            return None
        existing = Credential.objects.select_for_update().filter(engagement=engagement).first()
        endorsed = _endorsed_skills(engagement=engagement, now=now)
        if existing is not None and (existing.is_revoked or existing.endorsed_skills == endorsed):
            return existing
        credential = existing or Credential(
            engagement=engagement, student=engagement.student, status_index=_next_status_index()
        )
        hours = engagement.hours_logs.aggregate(total=Sum("hours"))["total"]
        facts = engagement_facts(
            engagement=engagement,
            hours_logged=hours,
            approved=approved,
            total=len(milestones),
            endorsed=endorsed,
        )
        skills = list(engagement.project.required_skills.order_by("name").values_list("name", "slug"))
        key = signing_key()
        credential.document = credential_document(
            public_id=str(credential.public_id),
            engagement=engagement,
            skills=skills,
            facts=facts,
            email=engagement.student.user.email,
            status_entry=status_entry(credential.status_index),
            valid_from=now,
        )
        credential.jwt = jose.sign(credential.document, key)
        credential.kid = jose.kid_for(key)
        credential.endorsed_skills = endorsed
        credential.issued_at = now
        credential.save()
        notices.credential_issued(credential=credential, updated=existing is not None)
    return credential


def credential_revoke(*, credential: Credential, by: User, reason: str) -> Credential:
    """Revoke a credential for good, saying why: career staff of the student's university or a site admin.
    The student is told. Revoking a revoked credential changes nothing."""
    if not may_revoke(user=by, credential=credential):
        raise PermissionDenied("Only the student's career office or a site admin can revoke this credential.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError("Say why it is revoked.", code="reason_required")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": ValidationError("Keep the reason within 1,000 characters.", code="reason_too_long")}
        )
    with transaction.atomic():
        Engagement.objects.select_for_update().filter(pk=credential.engagement_id).first()
        credential = Credential.objects.select_for_update().get(pk=credential.pk)
        if credential.is_revoked:
            return credential
        credential.revoked_at = timezone.now()
        credential.revoked_by = by
        credential.revocation_reason = reason
        credential.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "updated_at"])
        notices.credential_revoked(credential=credential)
    return credential
