"""Writes for the work after acceptance: kickoff, milestones, deliverables, completion, payment, cancellation,
hours and messages.

Every state change runs in one transaction that locks the engagement row first, then the milestone, then the
submission, so two clicks, two tabs or two workers serialise instead of racing. Repeating a transition that
already happened returns the object unchanged; any other move from the wrong state is refused.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from accounts.models import User
from applications.models import (
    PENDING_APPLICATION_STATUSES,
    Application,
    DeliverableSubmission,
    Engagement,
    EngagementReadMark,
    EngagementStatus,
    HoursLog,
    Message,
    Milestone,
    MilestoneStatus,
    Payment,
    PaymentKind,
    PaymentStatus,
    SubmissionStatus,
)
from applications.selectors_engagements import EngagementParty, engagement_party
from projects.models import Project, ProjectStatus

OPEN_ENGAGEMENT_STATUSES = [EngagementStatus.KICKOFF, EngagementStatus.ACTIVE]
FINISHED_ENGAGEMENT_STATUSES = [EngagementStatus.COMPLETED, EngagementStatus.CANCELLED]
MESSAGE_MAX_LENGTH = 5000
CENT = Decimal("0.01")


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
    return engagement


# Access and locking -------------------------------------------------------------------------------


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


def engagement_confirm_kickoff(*, engagement: Engagement, by: User) -> Engagement:
    """Record that `by`'s side agrees on the scope; when both sides have, the work starts (kickoff → active).

    Work only starts with at least one milestone, since completion and pro-rata payment count milestones.
    """
    party = _require_party(engagement, by)
    field = "student_confirmed_at" if party == "student" else "employer_confirmed_at"
    with transaction.atomic():
        engagement = _lock_engagement(engagement.pk)
        if getattr(engagement, field) is not None:
            return engagement
        _require_status(
            engagement, [EngagementStatus.KICKOFF], "engagement_not_in_kickoff", "confirm kickoff"
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


def _clean_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError("Give the milestone a title.", code="title_required")
    if len(title) > 300:
        raise ValidationError("Keep the milestone title within 300 characters.", code="title_too_long")
    return title


def _check_due_date(due_date: dt.date | None) -> None:
    if due_date is not None and due_date < timezone.localdate():
        raise ValidationError("A milestone cannot be due in the past.", code="due_date_in_past")


def milestone_add(
    *, engagement: Engagement, by: User, title: str, due_date: dt.date | None, description: str = ""
) -> Milestone:
    """The employer proposes one more milestone, placed last, while the engagement is in kickoff or active.

    Adding the same milestone twice (same title, description and due date, not yet approved) returns the
    first one, so a double click does not create a duplicate.
    """
    _require_employer(engagement, by, "add milestones")
    title = _clean_title(title)
    description = (description or "").strip()
    _check_due_date(due_date)
    with transaction.atomic():
        engagement = _lock_engagement(engagement.pk)
        _require_status(engagement, OPEN_ENGAGEMENT_STATUSES, "engagement_closed", "add a milestone")
        existing = (
            engagement.milestones.filter(title=title, description=description, due_date=due_date)
            .exclude(status=MilestoneStatus.APPROVED)
            .first()
        )
        if existing is not None:
            return existing
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
    _require_employer(milestone.engagement, by, "change milestones")
    with transaction.atomic():
        engagement = _lock_engagement(milestone.engagement_id)
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
        _require_status(engagement, OPEN_ENGAGEMENT_STATUSES, "engagement_closed", "change a milestone")
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
    _require_employer(milestone.engagement, by, "remove milestones")
    with transaction.atomic():
        engagement = _lock_engagement(milestone.engagement_id)
        locked = Milestone.objects.select_for_update().filter(pk=milestone.pk).first()
        if locked is None:
            return
        _require_status(engagement, OPEN_ENGAGEMENT_STATUSES, "engagement_closed", "remove a milestone")
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


def _same_submission(submission: DeliverableSubmission, *, link: str, file: File | None, note: str) -> bool:
    if submission.link != link or submission.note != note:
        return False
    if file is None:
        return not submission.file
    return bool(submission.file) and submission.file.name.rsplit("/", 1)[-1] == file.name.rsplit("/", 1)[-1]


def deliverable_submit(
    *, milestone: Milestone, by: User, link: str = "", file: File | None = None, note: str = ""
) -> DeliverableSubmission:
    """The student hands in work for a milestone (pending, or after changes were requested) as a link or file.

    Preconditions: the engagement is active. Sending the same hand-in again while it awaits review returns
    it unchanged; a different one is refused until the employer has answered.
    """
    _require_student(milestone.engagement, by, "submit deliverables")
    link = (link or "").strip()
    note = (note or "").strip()
    if not link and not file:
        raise ValidationError("Add a link or a file with your work.", code="link_or_file_required")
    if link:
        if len(link) > 500:
            raise ValidationError("Keep the link within 500 characters.", code="invalid_link")
        URLValidator(
            schemes=["http", "https"], message="Enter a full web address (https://…).", code="invalid_link"
        )(link)
    with transaction.atomic():
        engagement = _lock_engagement(milestone.engagement_id)
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.status == MilestoneStatus.SUBMITTED:
            awaiting = milestone.submissions.filter(status=SubmissionStatus.SUBMITTED).order_by("-id").first()
            if awaiting is not None and _same_submission(awaiting, link=link, file=file, note=note):
                return awaiting
            raise ValidationError(
                "Your work for this milestone is already awaiting review; wait for the employer's answer.",
                code="already_submitted",
            )
        if milestone.status == MilestoneStatus.APPROVED:
            raise ValidationError("This milestone is already approved.", code="milestone_approved")
        _require_status(engagement, [EngagementStatus.ACTIVE], "engagement_not_active", "submit work")
        submission = DeliverableSubmission.objects.create(
            milestone=milestone, submitted_by=by, link=link, file=file or "", note=note
        )
        milestone.status = MilestoneStatus.SUBMITTED
        milestone.save(update_fields=["status", "updated_at"])
    return submission


def _lock_submission(
    submission: DeliverableSubmission,
) -> tuple[Engagement, Milestone, DeliverableSubmission]:
    engagement = _lock_engagement(submission.milestone.engagement_id)
    milestone = Milestone.objects.select_for_update().get(pk=submission.milestone_id)
    return engagement, milestone, DeliverableSubmission.objects.select_for_update().get(pk=submission.pk)


def _approve(
    *,
    engagement: Engagement,
    milestone: Milestone,
    submission: DeliverableSubmission,
    reviewed_by: User | None,
    now: dt.datetime,
    comment: str = "",
    auto: bool = False,
) -> None:
    """Approve a submission and its milestone; approving the last open milestone completes the engagement.

    Call holding the engagement, milestone and submission row locks.
    """
    submission.status = SubmissionStatus.APPROVED
    submission.reviewed_by = reviewed_by
    submission.reviewed_at = now
    submission.review_comment = comment
    submission.auto_approved = auto
    submission.save(
        update_fields=[
            "status",
            "reviewed_by",
            "reviewed_at",
            "review_comment",
            "auto_approved",
            "updated_at",
        ]
    )
    milestone.status = MilestoneStatus.APPROVED
    milestone.approved_at = now
    milestone.save(update_fields=["status", "approved_at", "updated_at"])
    if not engagement.milestones.exclude(status=MilestoneStatus.APPROVED).exists():
        _complete(engagement=engagement, now=now)


def deliverable_approve(*, submission: DeliverableSubmission, by: User) -> DeliverableSubmission:
    """An employer member accepts the work handed in; its milestone is approved (and is owed if cancelled)."""
    _require_employer(submission.milestone.engagement, by, "approve deliverables")
    with transaction.atomic():
        engagement, milestone, submission = _lock_submission(submission)
        if submission.status == SubmissionStatus.APPROVED:
            return submission
        if submission.status != SubmissionStatus.SUBMITTED:
            raise ValidationError(
                "This submission is no longer awaiting review: changes were requested.",
                code="submission_not_awaiting_review",
            )
        _require_status(engagement, [EngagementStatus.ACTIVE], "engagement_not_active", "approve work")
        _approve(
            engagement=engagement,
            milestone=milestone,
            submission=submission,
            reviewed_by=by,
            now=timezone.now(),
        )
    return submission


def deliverable_request_changes(
    *, submission: DeliverableSubmission, by: User, comment: str
) -> DeliverableSubmission:
    """An employer member sends the work back with a comment saying what to change; the student resubmits."""
    _require_employer(submission.milestone.engagement, by, "request changes")
    comment = (comment or "").strip()
    with transaction.atomic():
        engagement, milestone, submission = _lock_submission(submission)
        if submission.status == SubmissionStatus.CHANGES_REQUESTED:
            return submission
        if submission.status == SubmissionStatus.APPROVED:
            raise ValidationError(
                "This submission is already approved; changes can no longer be requested.",
                code="submission_already_approved",
            )
        if not comment:
            raise ValidationError(
                "Say what should change, so the student can act on it.", code="comment_required"
            )
        _require_status(engagement, [EngagementStatus.ACTIVE], "engagement_not_active", "request changes")
        submission.status = SubmissionStatus.CHANGES_REQUESTED
        submission.reviewed_by = by
        submission.reviewed_at = timezone.now()
        submission.review_comment = comment
        submission.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
        )
        milestone.status = MilestoneStatus.CHANGES_REQUESTED
        milestone.save(update_fields=["status", "updated_at"])
    return submission


def deliverable_auto_approve_overdue(*, now: dt.datetime) -> int:
    """Approve each submission of an active engagement awaiting review AUTO_APPROVE_DAYS after it came in.

    The student is not left unpaid by the employer's silence. Safe to run twice or on several workers at
    once: each engagement is handled in its own transaction under its row lock, engagements another worker
    (or a user) holds are skipped until the next run, and every row is re-checked under the lock.
    Returns how many submissions this call approved.
    """
    days = settings.MARKETPLACE["AUTO_APPROVE_DAYS"]
    cutoff = now - dt.timedelta(days=days)
    comment = (
        f"Approved automatically: the employer neither approved this work nor asked for changes "
        f"within {days} days of its submission."
    )
    overdue = DeliverableSubmission.objects.filter(
        status=SubmissionStatus.SUBMITTED,
        created_at__lte=cutoff,
        milestone__engagement__status=EngagementStatus.ACTIVE,
    )
    engagement_ids = sorted(set(overdue.values_list("milestone__engagement_id", flat=True)))
    approved = 0
    for engagement_id in engagement_ids:
        with transaction.atomic():
            engagement = (
                Engagement.objects.select_for_update(skip_locked=True)
                .filter(pk=engagement_id, status=EngagementStatus.ACTIVE)
                .first()
            )
            if engagement is None:
                continue
            submissions = list(
                DeliverableSubmission.objects.filter(
                    milestone__engagement=engagement,
                    status=SubmissionStatus.SUBMITTED,
                    created_at__lte=cutoff,
                ).order_by("milestone_id", "id")
            )
            for candidate in submissions:
                milestone = Milestone.objects.select_for_update().get(pk=candidate.milestone_id)
                submission = DeliverableSubmission.objects.select_for_update().get(pk=candidate.pk)
                if submission.status != SubmissionStatus.SUBMITTED:
                    continue
                _approve(
                    engagement=engagement,
                    milestone=milestone,
                    submission=submission,
                    reviewed_by=None,
                    now=now,
                    comment=comment,
                    auto=True,
                )
                approved += 1
    return approved


# Completion, payment, cancellation ----------------------------------------------------------------


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
    )
    _settle_project(project_id=engagement.project_id, now=now)


def engagement_complete(*, engagement: Engagement, by: User | None = None) -> Engagement:
    """Finish the work (active → completed) and record the full fee as a pending payment.

    `by` is an employer member, or None when the platform completes it (the last milestone approved).
    Every milestone must be approved first: completion means the employer accepted all of the work.
    """
    if by is not None:
        _require_employer(engagement, by, "complete the engagement")
    with transaction.atomic():
        engagement = _lock_engagement(engagement.pk)
        if engagement.status == EngagementStatus.COMPLETED:
            return engagement
        _require_status(engagement, [EngagementStatus.ACTIVE], "engagement_not_active", "complete it")
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
    return engagement


def payment_mark_paid(*, payment: Payment, by: User, reference: str = "") -> Payment:
    """An employer member records that the money was sent (pending → paid); the platform moves no money."""
    _require_employer(payment.engagement, by, "mark the payment as paid")
    reference = (reference or "").strip()
    if len(reference) > 200:
        raise ValidationError("Keep the payment reference within 200 characters.", code="reference_too_long")
    with transaction.atomic():
        _lock_engagement(payment.engagement_id)
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status == PaymentStatus.PAID:
            return payment
        payment.status = PaymentStatus.PAID
        payment.paid_at = timezone.now()
        payment.marked_paid_by = by
        payment.reference = reference
        payment.save(update_fields=["status", "paid_at", "marked_paid_by", "reference", "updated_at"])
    return payment


def engagement_cancel(*, engagement: Engagement, by: User, reason: str) -> Engagement:
    """Either side ends the engagement before completion, saying why.

    Before any milestone is approved this costs nothing and no payment is recorded. After that, the approved
    milestones are owed pro rata (fee * approved / total, to the cent), whoever cancels: approved work is
    paid for. Work submitted but not yet approved is not counted.
    """
    _require_party(engagement, by)
    reason = (reason or "").strip()
    with transaction.atomic():
        engagement = _lock_engagement(engagement.pk)
        if engagement.status == EngagementStatus.CANCELLED:
            return engagement
        if engagement.status == EngagementStatus.COMPLETED:
            raise ValidationError(
                "This engagement is completed and can no longer be cancelled.", code="engagement_completed"
            )
        if not reason:
            raise ValidationError(
                "Say why you are cancelling; the other side will see it.", code="reason_required"
            )
        now = timezone.now()
        total = engagement.milestones.count()
        approved = engagement.milestones.filter(status=MilestoneStatus.APPROVED).count()
        if approved:
            amount = (engagement.fee * approved / total).quantize(CENT, rounding=ROUND_HALF_UP)
            Payment.objects.create(
                engagement=engagement,
                kind=PaymentKind.PRO_RATA,
                amount=amount,
                currency=engagement.currency,
                status=PaymentStatus.PENDING,
            )
        engagement.status = EngagementStatus.CANCELLED
        engagement.cancelled_at = now
        engagement.cancelled_by = by
        engagement.cancellation_reason = reason
        engagement.save(
            update_fields=["status", "cancelled_at", "cancelled_by", "cancellation_reason", "updated_at"]
        )
        _settle_project(project_id=engagement.project_id, now=now)
    return engagement


# Hours --------------------------------------------------------------------------------------------


def hours_log_add(
    *, engagement: Engagement, by: User, date: dt.date, hours: Decimal, note: str = ""
) -> HoursLog:
    """The student records time spent on a day since the work started (never a future day).

    A day holds at most 24 hours in total across its entries. Each call adds an entry: logging twice on a
    day is normal, so there is no de-duplication here.
    """
    _require_student(engagement, by, "log hours")
    note = (note or "").strip()
    try:
        hours = Decimal(str(hours))
    except InvalidOperation as exc:
        raise ValidationError("Enter the hours as a number, e.g. 1.5.", code="invalid_hours") from exc
    if not hours.is_finite() or hours < Decimal("0.25") or hours > 24 or hours != hours.quantize(CENT):
        raise ValidationError("Log between 0.25 and 24 hours, to two decimal places.", code="invalid_hours")
    if len(note) > 500:
        raise ValidationError("Keep the note within 500 characters.", code="note_too_long")
    if date > timezone.localdate():
        raise ValidationError(
            "You cannot log hours for a day that has not happened yet.", code="date_in_future"
        )
    with transaction.atomic():
        engagement = _lock_engagement(engagement.pk)
        _require_status(engagement, [EngagementStatus.ACTIVE], "engagement_not_active", "log hours")
        if engagement.started_at and date < timezone.localdate(engagement.started_at):
            raise ValidationError("That day is before the work started.", code="date_before_start")
        logged = engagement.hours_logs.filter(date=date).aggregate(total=Sum("hours"))["total"] or 0
        if logged + hours > 24:
            raise ValidationError(
                "That would make more than 24 hours on %(date)s.",
                code="day_over_24_hours",
                params={"date": date},
            )
        return HoursLog.objects.create(engagement=engagement, date=date, hours=hours, note=note)


# Messages -----------------------------------------------------------------------------------------


def message_send(*, engagement: Engagement, by: User, body: str) -> Message:
    """Either side writes to the other. Allowed in every status: payment and reviews are talked about after
    the work ends.
    """
    _require_party(engagement, by)
    body = (body or "").strip()
    if not body:
        raise ValidationError("Write a message first.", code="message_empty")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            "Keep a message within %(limit)s characters.",
            code="message_too_long",
            params={"limit": f"{MESSAGE_MAX_LENGTH:,}"},
        )
    return Message.objects.create(engagement=engagement, sender=by, body=body)


def engagement_mark_read(*, engagement: Engagement, user: User) -> None:
    """`user` has seen the thread: advance their read mark to the newest message that exists now.

    The mark is the newest message's time rather than the clock, so a message committed a moment later by
    the other side still counts as unread. The mark never moves backwards.
    """
    _require_party(engagement, user)
    newest = engagement.messages.aggregate(newest=Max("created_at"))["newest"]
    if newest is None:
        return
    mark, created = EngagementReadMark.objects.get_or_create(
        engagement=engagement, user=user, defaults={"last_read_at": newest}
    )
    if not created:
        EngagementReadMark.objects.filter(pk=mark.pk, last_read_at__lt=newest).update(last_read_at=newest)
