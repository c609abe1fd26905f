"""A course's credit records as CSV: one row per credit request, every cell people typed formula-safe."""

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from courses.exports.records import (
    day_text,
    evaluation_of,
    level_text,
    name_of,
    ratings_of,
    reflection_of,
    result_text,
    soft_skills_of,
    started_at,
)
from courses.models import Course, CreditRequest, SoftSkill
from marketplace.spreadsheets import formula_safe

CSV_TYPE = "text/csv; charset=utf-8"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, int | Decimal):
        return value
    return formula_safe(str(value))


def credit_csv(*, course: Course, records: Sequence[CreditRequest]) -> str:
    """One row per credit request: who, the work, the evaluation (a column per soft skill, the project's
    skills in one), the reflection, the decision and the sign-off."""
    soft_skills = soft_skills_of(course, records)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "Student",
            "Email",
            "Project",
            "Employer",
            "Started",
            "Completed",
            "Hours logged",
            "Status",
            "Required outcomes",
            *[SoftSkill(value).label for value in soft_skills],
            "Skills",
            "Overall comment",
            "Evaluated by",
            "Reflection submitted",
            "Result",
            "Grade",
            "Note",
            "Signed off by",
            "Signed off at",
        ]
    )
    for record in records:
        ratings = ratings_of(record)
        by_soft_skill = {rating.soft_skill: rating for rating in ratings if rating.soft_skill}
        skills = "; ".join(
            f"{rating.label}: {level_text(rating.level)}" for rating in ratings if rating.skill_id
        )
        evaluation, reflection = evaluation_of(record), reflection_of(record)
        row = [
            name_of(record.student.user),
            record.student.user.email,
            record.engagement.project.title,
            record.engagement.employer.name,
            day_text(started_at(record)),
            day_text(record.engagement.completed_at),
            record.hours_logged,
            record.get_status_display(),
            "; ".join(record.required_outcomes),
            *[
                level_text(by_soft_skill[value].level) if value in by_soft_skill else ""
                for value in soft_skills
            ],
            skills,
            evaluation.overall_comment if evaluation else "",
            name_of(evaluation.evaluator) if evaluation else "",
            f"yes, {day_text(reflection.created_at)}" if reflection else "no",
            result_text(record),
            record.grade,
            record.sign_off_note,
            name_of(record.signed_off_by),
            day_text(record.signed_off_at),
        ]
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()
