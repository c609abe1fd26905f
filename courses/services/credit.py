"""Academic credit: a student asks that an engagement count for one of their courses; the course's faculty
approve it (naming the outcomes the work must show) or decline it with a reason; once the work is completed
and both the employer's evaluation and the student's reflection are in, the faculty sign it off.

Each change takes the row with `select_for_update()` and checks the state it expects, so two instructors
acting at once cannot both decide; repeating the action that already happened returns the row unchanged.
The database's partial unique constraint (one live request per engagement) is the last line of defence.

Faculty may decline an approved request too (for instance when the work was cancelled): the engagement is
then free to be counted elsewhere. A signed-off record is final.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from courses import notices_credit
from courses.models import Course, CreditRequest, CreditResult, CreditStatus, Enrolment
from courses.selectors_credit import (
    credit_course_refusal,
    credit_evaluation_of,
    credit_reflection_of,
    is_course_instructor,
)
from engagements.models import Engagement, EngagementStatus

MAX_NOTE_LENGTH = 4000
MAX_GRADE_LENGTH = 10


def _clean_text(text: str, *, field: str, required: bool = False, what: str = "note") -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationError({field: f"Write a {what}."}, code="required")
    if len(text) > MAX_NOTE_LENGTH:
        raise ValidationError(
            {field: f"Keep the {what} under {MAX_NOTE_LENGTH} characters."}, code="too_long"
        )
    return text


def _lock(credit: CreditRequest) -> CreditRequest:
    """The request's row, locked for this transaction, with what the notices and checks read."""
    return (
        CreditRequest.objects.select_for_update(of=("self",))
        .select_related("course__university", "engagement__project", "engagement__employer", "student__user")
        .get(pk=credit.pk)
    )


def _require_instructor(credit: CreditRequest, by: User) -> None:
    if not is_course_instructor(course=credit.course, user=by):
        raise PermissionDenied("Only the course's confirmed faculty decide on its credit.")


@transaction.atomic
def credit_request_create(
    *, engagement: Engagement, course: Course, by: User, note: str = ""
) -> CreditRequest:
    """`by`, the engagement's student, asks that it count for `course`, one of the courses they are in."""
    engagement = (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("student__user", "project", "employer")
        .get(pk=engagement.pk)
    )
    if engagement.student.user_id != by.pk:
        raise PermissionDenied("Only the engagement's student may ask credit for it.")
    note = _clean_text(note, field="note")
    if engagement.status == EngagementStatus.CANCELLED:
        raise ValidationError(
            {"engagement": "This engagement was cancelled, so it cannot count for credit."}, code="cancelled"
        )
    live = CreditRequest.objects.filter(engagement=engagement).exclude(status=CreditStatus.DECLINED).first()
    if live is not None:
        raise ValidationError(
            {"engagement": f"You already asked credit for this work in {live.course.code}."}, code="exists"
        )
    if not Enrolment.objects.filter(course=course, student=engagement.student).exists():
        raise ValidationError({"course": "You are not enrolled in this course."}, code="not_enrolled")
    refusal = credit_course_refusal(course=course, engagement=engagement)
    if refusal:
        raise ValidationError({"course": refusal}, code="term")
    try:
        with transaction.atomic():
            credit = CreditRequest.objects.create(
                course=course, engagement=engagement, student=engagement.student, student_note=note
            )
    except IntegrityError as exc:  # a second request raced past the check above
        raise ValidationError(
            {"engagement": "You already asked credit for this work."}, code="exists"
        ) from exc
    credit.course = course
    credit.engagement = engagement
    notices_credit.credit_requested(credit=credit, by=by)
    return credit


def _clean_outcomes(course: Course, outcomes: Iterable[str]) -> list[str]:
    """The chosen outcomes, in the course's order; a non-empty subset when the course names any."""
    chosen = {" ".join(str(outcome).split()) for outcome in outcomes}
    chosen.discard("")
    if not course.learning_outcomes:
        if chosen:
            raise ValidationError(
                {"outcomes": "This course names no learning outcomes to choose from."}, code="no_outcomes"
            )
        return []
    unknown = chosen - set(course.learning_outcomes)
    if unknown:
        raise ValidationError(
            {"outcomes": "Choose among the course's learning outcomes."}, code="unknown_outcome"
        )
    if not chosen:
        raise ValidationError(
            {"outcomes": "Choose at least one learning outcome the work must show."}, code="required"
        )
    return [outcome for outcome in course.learning_outcomes if outcome in chosen]


@transaction.atomic
def credit_request_approve(*, credit: CreditRequest, by: User, outcomes: Iterable[str]) -> CreditRequest:
    """A confirmed instructor of the course approves, naming the outcomes the work must show."""
    credit = _lock(credit)
    _require_instructor(credit, by)
    if credit.status == CreditStatus.APPROVED:
        return credit
    if credit.status != CreditStatus.REQUESTED:
        raise ValidationError(
            f"This request is {credit.get_status_display().lower()}: it can no longer be approved.",
            code="state",
        )
    if credit.engagement.status == EngagementStatus.CANCELLED:
        raise ValidationError("The engagement was cancelled: decline the request instead.", code="cancelled")
    credit.required_outcomes = _clean_outcomes(credit.course, outcomes)
    credit.status = CreditStatus.APPROVED
    credit.decided_by = by
    credit.decided_at = timezone.now()
    credit.save(update_fields=["required_outcomes", "status", "decided_by", "decided_at", "updated_at"])
    notices_credit.credit_approved(credit=credit, by=by)
    return credit


@transaction.atomic
def credit_request_decline(*, credit: CreditRequest, by: User, reason: str) -> CreditRequest:
    """A confirmed instructor declines with a reason; the student may ask again (for another course)."""
    credit = _lock(credit)
    _require_instructor(credit, by)
    if credit.status == CreditStatus.DECLINED:
        return credit
    if credit.status == CreditStatus.SIGNED_OFF:
        raise ValidationError("This credit is signed off: the decision is final.", code="final")
    credit.decline_reason = _clean_text(reason, field="reason", required=True, what="reason")
    credit.status = CreditStatus.DECLINED
    credit.decided_by = by
    credit.decided_at = timezone.now()
    credit.save(update_fields=["decline_reason", "status", "decided_by", "decided_at", "updated_at"])
    notices_credit.credit_declined(credit=credit, by=by)
    return credit


def credit_sign_off_missing(credit: CreditRequest) -> list[str]:
    """What still stands between an approved request and its sign-off ([] when it may be signed off)."""
    missing = []
    if credit.engagement.status != EngagementStatus.COMPLETED:
        missing.append("The work is not completed yet.")
    if credit_evaluation_of(credit) is None:
        missing.append("The employer has not filled the competency evaluation yet.")
    if credit_reflection_of(credit) is None:
        missing.append("The student has not written the reflection yet.")
    return missing


@transaction.atomic
def credit_sign_off(
    *, credit: CreditRequest, by: User, result: str, grade: str = "", note: str = ""
) -> CreditRequest:
    """A confirmed instructor signs the credit off: pass, fail or a grade, with a note. Final."""
    credit = _lock(credit)
    _require_instructor(credit, by)
    if credit.status == CreditStatus.SIGNED_OFF:
        raise ValidationError("This credit is already signed off: the decision is final.", code="final")
    if credit.status != CreditStatus.APPROVED:
        raise ValidationError("Only approved credit can be signed off.", code="state")
    missing = credit_sign_off_missing(credit)
    if missing:
        raise ValidationError(missing, code="not_ready")
    if result not in CreditResult.values:
        raise ValidationError({"result": "Choose pass, fail or a grade."}, code="invalid")
    grade = " ".join((grade or "").split())
    if result == CreditResult.GRADE:
        if not grade:
            raise ValidationError({"grade": "Give the grade."}, code="required")
        if len(grade) > MAX_GRADE_LENGTH:
            raise ValidationError(
                {"grade": f"Keep the grade to {MAX_GRADE_LENGTH} characters."}, code="too_long"
            )
    else:
        grade = ""
    credit.result = result
    credit.grade = grade
    credit.sign_off_note = _clean_text(note, field="note")
    credit.status = CreditStatus.SIGNED_OFF
    credit.signed_off_by = by
    credit.signed_off_at = timezone.now()
    credit.save(
        update_fields=[
            "result", "grade", "sign_off_note", "status", "signed_off_by", "signed_off_at", "updated_at",
        ]
    )  # fmt: skip
    notices_credit.credit_signed_off(credit=credit, by=by)
    return credit
