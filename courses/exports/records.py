"""Reading a course's credit records for the exports, and what both exports share: how a date, a person, a
rubric level or a result reads, the audit trail entry and the file name."""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.audit import audit_record_export
from accounts.models import User
from courses.models import (
    CompetencyEvaluation,
    CompetencyRating,
    Course,
    CreditRequest,
    CreditResult,
    Reflection,
    RubricLevel,
    SoftSkill,
)
from engagements.models import HoursLog


def credit_records_for_export(*, course: Course, status: str | None = None) -> list[CreditRequest]:
    """The course's credit requests (of one `status`, or all), by student name, each with `hours_logged`
    and its evaluation's ratings. Two queries."""
    hours = (
        HoursLog.objects.filter(engagement_id=OuterRef("engagement_id"))
        .order_by()
        .values("engagement_id")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    records: QuerySet[CreditRequest] = CreditRequest.objects.filter(course=course)
    if status:
        records = records.filter(status=status)
    records = (
        records.select_related(
            "student__user",
            "engagement__project",
            "engagement__employer",
            "decided_by",
            "signed_off_by",
            "evaluation__evaluator",
            "reflection",
        )
        .prefetch_related(
            Prefetch(
                "evaluation__ratings",
                queryset=CompetencyRating.objects.select_related("skill").order_by("id"),
            )
        )
        .annotate(
            hours_logged=Coalesce(
                Subquery(hours, output_field=DecimalField(max_digits=8, decimal_places=2)),
                Decimal("0"),
                output_field=DecimalField(max_digits=8, decimal_places=2),
            )
        )
        .order_by("student__user__full_name", "student__user__email", "created_at", "pk")
    )
    return list(records)


def evaluation_of(record: CreditRequest) -> CompetencyEvaluation | None:
    try:
        return record.evaluation
    except CreditRequest.evaluation.RelatedObjectDoesNotExist:
        return None


def reflection_of(record: CreditRequest) -> Reflection | None:
    try:
        return record.reflection
    except CreditRequest.reflection.RelatedObjectDoesNotExist:
        return None


def ratings_of(record: CreditRequest) -> list[CompetencyRating]:
    evaluation = evaluation_of(record)
    return list(evaluation.ratings.all()) if evaluation is not None else []


def day_text(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def name_of(user: User | None) -> str:
    return user.get_full_name() if user is not None else ""


def level_text(level: int) -> str:
    return f"{RubricLevel(level).label} ({level}/{len(RubricLevel)})"


def started_at(record: CreditRequest) -> dt.datetime:
    engagement = record.engagement
    return engagement.started_at or engagement.created_at


def result_text(record: CreditRequest) -> str:
    return CreditResult(record.result).label if record.result else ""


def soft_skills_of(course: Course, records: Sequence[CreditRequest]) -> list[str]:
    """The soft skills the course assesses, and any other one an evaluation rated, in the scale's order."""
    rated = {rating.soft_skill for record in records for rating in ratings_of(record) if rating.soft_skill}
    wanted = set(course.soft_skills) | rated
    return [value for value in SoftSkill.values if value in wanted]


def credit_export_audit(
    *, by: User, course: Course, records: Sequence[CreditRequest], file_format: str
) -> None:
    """Record in the audit trail that `by` exported these records (students' grades are personal data)."""
    audit_record_export(
        by=by,
        model=CreditRequest,
        object_pks=[record.pk for record in records],
        description=(
            f"{file_format.upper()} export of the credit records of {course.code} {course.title} "
            f"({len(records)} record{'s' if len(records) != 1 else ''}) on {timezone.localdate().isoformat()}"
        ),
    )


def credit_export_filename(*, course: Course, status: str | None, extension: str) -> str:
    code = "".join(ch if ch.isalnum() else "-" for ch in course.code).strip("-").lower() or "course"
    suffix = f"-{status.replace('_', '-')}" if status else ""
    return f"credit-{code}-{course.term_start.isoformat()}{suffix}.{extension}"
