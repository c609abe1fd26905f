"""Creation, kickoff, completion, payment and cancellation of an engagement."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from applications.models import PENDING_APPLICATION_STATUSES, Application
from engagements import notices, signals
from engagements.access import lock_engagement, require_employer, require_party, require_status
from engagements.models import (
    FINISHED_ENGAGEMENT_STATUSES,
    Engagement,
    EngagementStatus,
    Message,
    Milestone,
    MilestoneStatus,
    Payment,
    PaymentKind,
    PaymentStatus,
)
from projects.models import Project, ProjectStatus

CENT = Decimal("0.01")


def payment_due_at(recorded_at: dt.datetime) -> dt.datetime:
    """When a payment recorded at `recorded_at` falls due under the platform's payment terms."""
    return recorded_at + dt.timedelta(days=settings.MARKETPLACE["PAYMENT_TERMS_DAYS"])


def engagement_create_for_application(*, application: Application) -> Engagement:
    """Create the engagement of a just-accepted application, with one milestone per project deliverable.

    Call inside the transaction that accepts the application (holding the project row lock).
    """
    assert transaction.get_connection().in_atomic_block, "call inside the accepting transaction"
    project = application.project
    engagement = Engagement.objects.create(
        application=application,
        project=project,
        student=application.student,
        employer_id=project.employer_id,
        fee=project.fee,
        currency=project.currency,
        estimated_hours=project.estimated_hours,
        due_date=project.due_date,
    )
    Milestone.objects.bulk_create(
        Milestone(engagement=engagement, position=i, title=deliverable, due_date=project.due_date)
        for i, deliverable in enumerate(project.deliverables)
    )
    # The conversation before the decision carries on in the engagement's thread.
    Message.objects.filter(application=application, engagement__isnull=True).update(engagement=engagement)
    return engagement


# Access and locking -------------------------------------------------------------------------------


def engagement_confirm_kickoff(*, engagement: Engagement, by: User) -> Engagement:
    """Record that `by`'s side agrees on the scope; when both sides have, the work starts (kickoff → active).

    Work only starts with at least one milestone, since completion and pro-rata payment count milestones.
    """
    party = require_party(engagement=engagement, user=by)
    field = "student_confirmed_at" if party == "student" else "employer_confirmed_at"
    with transaction.atomic():
        engagement = lock_engagement(engagement_id=engagement.pk)
        if getattr(engagement, field) is not None:
            return engagement
        require_status(
            engagement=engagement,
            allowed=[EngagementStatus.KICKOFF],
            code="engagement_not_in_kickoff",
            doing="confirm kickoff",
        )
        now = timezone.now()
        setattr(engagement, field, now)
        update_fields = [field, "updated_at"]
        if engagement.student_confirmed_at and engagement.employer_confirmed_at:
            if not engagement.milestones.exists():
                raise ValidationError(
                    "Add at least one milestone before the work starts.", code="no_milestones"
                )
            engagement.status = EngagementStatus.ACTIVE
            engagement.started_at = now
            update_fields += ["status", "started_at"]
        engagement.save(update_fields=update_fields)
    return engagement


# Milestones ---------------------------------------------------------------------------------------


def _settle_project(*, project_id: int, now: dt.datetime) -> None:
    """Complete the project once no opening is being filled and none of its engagements is still running.

    No opening is being filled when the project is in progress (applications closed) and either every
    opening is taken or nobody is left waiting for an answer who could still be accepted.
    Takes the project row lock after the engagement's, then re-reads the engagements, so two engagements
    finishing at the same moment cannot both miss that they were the last. A project whose engagements were
    all cancelled is left as it is: nothing was completed, and closing it is the employer's call.
    """
    project = Project.objects.select_for_update().get(pk=project_id)
    if project.status != ProjectStatus.IN_PROGRESS:
        return
    if (
        project.openings_left
        and project.applications.filter(status__in=PENDING_APPLICATION_STATUSES).exists()
    ):
        return
    engagements = Engagement.objects.filter(project_id=project_id)
    if engagements.exclude(status__in=FINISHED_ENGAGEMENT_STATUSES).exists():
        return
    if not engagements.filter(status=EngagementStatus.COMPLETED).exists():
        return
    project.status = ProjectStatus.COMPLETED
    project.completed_at = now
    project.save(update_fields=["status", "completed_at", "updated_at"])


def _complete(*, engagement: Engagement, now: dt.datetime) -> None:
    """active → completed, with the full fee owed. Call holding the engagement row lock."""
    engagement.status = EngagementStatus.COMPLETED
    engagement.completed_at = now
    engagement.save(update_fields=["status", "completed_at", "updated_at"])
    Payment.objects.create(
        engagement=engagement,
        kind=PaymentKind.FULL,
        amount=engagement.fee,
        currency=engagement.currency,
        status=PaymentStatus.PENDING,
        due_at=payment_due_at(now),
    )
    _settle_project(project_id=engagement.project_id, now=now)
    signals.engagement_work_ended.send(sender=Engagement, engagement_id=engagement.pk)


def engagement_complete(*, engagement: Engagement, by: User | None = None) -> Engagement:
    """Finish the work (active → completed) and record the full fee as a pending payment.

    `by` is an employer member, or None when the platform completes it (the last milestone approved).
    Every milestone must be approved first: completion means the employer accepted all of the work.
    """
    if by is not None:
        require_employer(engagement=engagement, user=by, action="complete the engagement")
    with transaction.atomic():
        engagement = lock_engagement(engagement_id=engagement.pk)
        if engagement.status == EngagementStatus.COMPLETED:
            return engagement
        require_status(
            engagement=engagement,
            allowed=[EngagementStatus.ACTIVE],
            code="engagement_not_active",
            doing="complete it",
        )
        outstanding = list(
            engagement.milestones.exclude(status=MilestoneStatus.APPROVED).values_list("title", flat=True)
        )
        if outstanding:
            raise ValidationError(
                "Approve or remove these milestones first: %(titles)s.",
                code="milestones_outstanding",
                params={"titles": ", ".join(outstanding)},
            )
        _complete(engagement=engagement, now=timezone.now())
        notices.engagement_completed(engagement=engagement, by=by)
    return engagement


def payment_mark_paid(*, payment: Payment, by: User, reference: str = "") -> Payment:
    """An employer member records that the money was sent (pending → paid); the platform moves no money."""
    require_employer(engagement=payment.engagement, user=by, action="mark the payment as paid")
    reference = (reference or "").strip()
    if len(reference) > 200:
        raise ValidationError(
            {
                "reference": ValidationError(
                    "Keep the payment reference within 200 characters.", code="reference_too_long"
                )
            }
        )
    with transaction.atomic():
        lock_engagement(engagement_id=payment.engagement_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status == PaymentStatus.PAID:
            return payment
        payment.status = PaymentStatus.PAID
        payment.paid_at = timezone.now()
        payment.marked_paid_by = by
        payment.reference = reference
        payment.save(update_fields=["status", "paid_at", "marked_paid_by", "reference", "updated_at"])
        notices.payment_marked_paid(payment=payment, by=by)
    return payment


def pro_rata_amount(*, fee: Decimal, approved: int, total: int) -> Decimal:
    """What cancelling owes: the fee times the share of milestones approved, to the cent (nothing if none).

    The cancellation page shows this figure before the user confirms, so it is computed here only.
    """
    if not approved or not total:
        return Decimal("0.00")
    return (fee * approved / total).quantize(CENT, rounding=ROUND_HALF_UP)


def engagement_cancel(*, engagement: Engagement, by: User, reason: str) -> Engagement:
    """Either side ends the engagement before completion, saying why.

    Before any milestone is approved this costs nothing and no payment is recorded. After that, the approved
    milestones are owed pro rata (fee * approved / total, to the cent), whoever cancels: approved work is
    paid for. Work submitted but not yet approved is not counted.
    """
    require_party(engagement=engagement, user=by)
    reason = (reason or "").strip()
    with transaction.atomic():
        engagement = lock_engagement(engagement_id=engagement.pk)
        if engagement.status == EngagementStatus.CANCELLED:
            return engagement
        if engagement.status == EngagementStatus.COMPLETED:
            raise ValidationError(
                "This engagement is completed and can no longer be cancelled.", code="engagement_completed"
            )
        if not reason:
            raise ValidationError(
                {
                    "reason": ValidationError(
                        "Say why you are cancelling; the other side will see it.", code="reason_required"
                    )
                }
            )
        now = timezone.now()
        total = engagement.milestones.count()
        approved = engagement.milestones.filter(status=MilestoneStatus.APPROVED).count()
        if approved:
            amount = pro_rata_amount(fee=engagement.fee, approved=approved, total=total)
            Payment.objects.create(
                engagement=engagement,
                kind=PaymentKind.PRO_RATA,
                amount=amount,
                currency=engagement.currency,
                status=PaymentStatus.PENDING,
                due_at=payment_due_at(now),
            )
        engagement.status = EngagementStatus.CANCELLED
        engagement.cancelled_at = now
        engagement.cancelled_by = by
        engagement.cancellation_reason = reason
        engagement.save(
            update_fields=["status", "cancelled_at", "cancelled_by", "cancellation_reason", "updated_at"]
        )
        _settle_project(project_id=engagement.project_id, now=now)
        notices.engagement_cancelled(engagement=engagement, by=by)
        if approved:
            signals.engagement_work_ended.send(sender=Engagement, engagement_id=engagement.pk)
    return engagement


# Hours --------------------------------------------------------------------------------------------
