"""Deliverables: the student hands work in; the employer approves it, asks for changes, or is taken
to have approved it after a set number of days of silence.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from engagements import notices
from engagements.access import lock_engagement, require_employer, require_status, require_student
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementStatus,
    Message,
    Milestone,
    MilestoneStatus,
    SubmissionStatus,
)
from engagements.services.lifecycle import _complete
from marketplace.uploads import display_name, upload_name, validate_deliverable_upload


def _same_submission(submission: DeliverableSubmission, *, link: str, file_name: str, note: str) -> bool:
    """The hand-in awaiting review is the one being sent again (same link, note and file name)."""
    return submission.link == link and submission.note == note and submission.file_name == file_name


def deliverable_submit(
    *, milestone: Milestone, by: User, link: str = "", file: File | None = None, note: str = ""
) -> DeliverableSubmission:
    """The student hands in work for a milestone (pending, or after changes were requested) as a link or file.

    Preconditions: the engagement is active. Sending the same hand-in again while it awaits review returns
    it unchanged; a different one is refused until the employer has answered.
    """
    require_student(engagement=milestone.engagement, user=by, action="submit deliverables")
    link = (link or "").strip()
    note = (note or "").strip()
    if not link and not file:
        raise ValidationError("Add a link or a file with your work.", code="link_or_file_required")
    if link:
        if len(link) > 500:
            raise ValidationError(
                {"link": ValidationError("Keep the link within 500 characters.", code="invalid_link")}
            )
        try:
            URLValidator(
                schemes=["http", "https"],
                message="Enter a full web address (https://…).",
                code="invalid_link",
            )(link)
        except ValidationError as error:
            raise ValidationError({"link": error.error_list}) from None
    file_name = _check_deliverable_file(file) if file else ""
    with transaction.atomic():
        engagement = lock_engagement(engagement_id=milestone.engagement_id)
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.status == MilestoneStatus.SUBMITTED:
            awaiting = milestone.submissions.filter(status=SubmissionStatus.SUBMITTED).order_by("-id").first()
            if awaiting is not None and _same_submission(awaiting, link=link, file_name=file_name, note=note):
                return awaiting
            raise ValidationError(
                "Your work for this milestone is already awaiting review; wait for the employer's answer.",
                code="already_submitted",
            )
        if milestone.status == MilestoneStatus.APPROVED:
            raise ValidationError("This milestone is already approved.", code="milestone_approved")
        require_status(
            engagement=engagement,
            allowed=[EngagementStatus.ACTIVE],
            code="engagement_not_active",
            doing="submit work",
        )
        submission = DeliverableSubmission.objects.create(
            milestone=milestone,
            submitted_by=by,
            link=link,
            file=file or "",
            original_name=file_name,
            note=note,
        )
        milestone.status = MilestoneStatus.SUBMITTED
        milestone.save(update_fields=["status", "updated_at"])
        notices.deliverable_submitted(submission=submission)
    return submission


def _check_deliverable_file(file: File) -> str:
    """Accept only what `validate_deliverable_upload` recognises by content, under a safe stored name;
    returns the name to show for it (the one it was handed in under, cleaned)."""
    try:
        kind = validate_deliverable_upload(file)
    except ValidationError as error:
        raise ValidationError({"file": error.error_list}) from None
    shown = display_name(file, allowed_suffixes=kind.suffixes, default_suffix=kind.suffixes[0])
    file.name = upload_name(file, allowed_suffixes=kind.suffixes, default_suffix=kind.suffixes[0])
    return shown


def _lock_submission(
    submission: DeliverableSubmission,
) -> tuple[Engagement, Milestone, DeliverableSubmission]:
    engagement = lock_engagement(engagement_id=submission.milestone.engagement_id)
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
    notices.deliverable_approved(submission=submission)
    if not engagement.milestones.exclude(status=MilestoneStatus.APPROVED).exists():
        _complete(engagement=engagement, now=now)
        notices.engagement_completed(engagement=engagement, by=reviewed_by)


def deliverable_approve(*, submission: DeliverableSubmission, by: User) -> DeliverableSubmission:
    """An employer member accepts the work handed in; its milestone is approved (and is owed if cancelled)."""
    require_employer(engagement=submission.milestone.engagement, user=by, action="approve deliverables")
    with transaction.atomic():
        engagement, milestone, submission = _lock_submission(submission)
        if submission.status == SubmissionStatus.APPROVED:
            return submission
        if submission.status != SubmissionStatus.SUBMITTED:
            raise ValidationError(
                "This submission is no longer awaiting review: changes were requested.",
                code="submission_not_awaiting_review",
            )
        require_status(
            engagement=engagement,
            allowed=[EngagementStatus.ACTIVE],
            code="engagement_not_active",
            doing="approve work",
        )
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
    require_employer(engagement=submission.milestone.engagement, user=by, action="request changes")
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
                {
                    "comment": ValidationError(
                        "Say what should change, so the student can act on it.", code="comment_required"
                    )
                }
            )
        require_status(
            engagement=engagement,
            allowed=[EngagementStatus.ACTIVE],
            code="engagement_not_active",
            doing="request changes",
        )
        submission.status = SubmissionStatus.CHANGES_REQUESTED
        submission.reviewed_by = by
        submission.reviewed_at = timezone.now()
        submission.review_comment = comment
        submission.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
        )
        milestone.status = MilestoneStatus.CHANGES_REQUESTED
        milestone.save(update_fields=["status", "updated_at"])
        notices.deliverable_changes_requested(submission=submission)
    return submission


def deliverable_auto_approve_overdue(*, now: dt.datetime) -> int:
    """Approve each submission of an active engagement awaiting review AUTO_APPROVE_DAYS after it came in.

    The student is not left unpaid by the employer's silence. Safe to run twice or on several workers at
    once: each engagement is handled in its own transaction under its row lock, engagements another worker
    (or a user) holds are skipped until the next run, and every row is re-checked under the lock.
    Returns how many submissions this call approved.
    """
    days = settings.MARKETPLACE["AUTO_APPROVE_DAYS"]
    cutoff = now - auto_approval_delay()
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
                Message.objects.create(
                    engagement=engagement,
                    sender=None,
                    body=_auto_approval_notice(milestone=milestone, submission=submission, days=days),
                )
                approved += 1
    return approved


def auto_approval_delay() -> dt.timedelta:
    """How long a submission may wait for the employer's answer before it is approved automatically."""
    return dt.timedelta(days=settings.MARKETPLACE["AUTO_APPROVE_DAYS"])


def deliverable_auto_approves_at(*, submission: DeliverableSubmission) -> dt.datetime:
    """When a submission still awaiting review is due for automatic approval (the hourly run takes it)."""
    return submission.created_at + auto_approval_delay()


def _auto_approval_notice(*, milestone: Milestone, submission: DeliverableSubmission, days: int) -> str:
    """The system message that tells both sides why the work was approved without the employer."""
    submitted_on = date_format(timezone.localtime(submission.created_at), "j M")
    title = f"\N{LEFT SINGLE QUOTATION MARK}{milestone.title}\N{RIGHT SINGLE QUOTATION MARK}"
    return (
        f"{title} was approved automatically: it was submitted on {submitted_on} "
        f"and not answered within {days} days."
    )


# Completion, payment, cancellation ----------------------------------------------------------------
