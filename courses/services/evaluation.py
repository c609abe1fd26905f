"""The employer's competency evaluation and the student's reflection on credited work.

Both open once the faculty approved the credit and the engagement is completed, and both can be changed
until the faculty sign the credit off. Each write takes the credit request's row first (the sign-off takes
it too), so an evaluation or a reflection never lands on a credit already signed off.

What is rated (`evaluation_competencies`): the four soft skills the issue names, always, whatever the course
picked (the employer rates what they saw, and the faculty compare like with like across a class); then the
project's required skills; then the course's own assessed skills that the project did not list, since the
faculty named them as what the course assesses (a skill the work did not call on is rated "Not yet
demonstrated"). Each skill is rated once, by name order within its group.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from courses import notices_evaluation as notices
from courses.models import (
    RUBRIC_DESCRIPTIONS,
    CompetencyEvaluation,
    CompetencyRating,
    CreditRequest,
    CreditStatus,
    Reflection,
    RubricLevel,
    SoftSkill,
)
from engagements.access import require_employer, require_student
from engagements.models import EngagementStatus
from projects.models import Skill

MAX_RATING_COMMENT = 1000
MAX_OVERALL_COMMENT = 5000
MIN_SUMMARY = 50
MAX_SUMMARY = 5000
MAX_OUTCOME_ANSWER = 5000
SKILL_KEY_PREFIX = "skill-"


@dataclass(frozen=True)
class Competency:
    """One thing the employer rates. `key` names it in forms and the API: the soft skill's value
    (`time_management`), or `skill-<slug>` for a skill of the taxonomy."""

    key: str
    label: str
    kind: str  # "soft_skill" or "skill"
    soft_skill: str = ""
    skill: Skill | None = None


@dataclass(frozen=True)
class RubricOption:
    level: int
    label: str
    description: str


RUBRIC = [RubricOption(int(level), level.label, RUBRIC_DESCRIPTIONS[level]) for level in RubricLevel]


@dataclass(frozen=True)
class RatingInput:
    """What the employer gave for one competency: a level (1 to 4; None or text when they picked nothing) and
    an optional comment."""

    level: int | str | None
    comment: str = ""


def skill_key(skill: Skill) -> str:
    return f"{SKILL_KEY_PREFIX}{skill.slug}"


def rating_key(rating: CompetencyRating) -> str:
    return skill_key(rating.skill) if rating.skill_id else rating.soft_skill


def evaluation_competencies(*, credit: CreditRequest) -> list[Competency]:
    """What the employer rates for `credit`, in order (see the module's docstring). Two queries."""
    competencies = [
        Competency(key=value, label=label, kind="soft_skill", soft_skill=value)
        for value, label in SoftSkill.choices
    ]
    required = list(credit.engagement.project.required_skills.order_by("name"))
    taken = {skill.pk for skill in required}
    course_only = [skill for skill in credit.course.skills.order_by("name") if skill.pk not in taken]
    competencies += [
        Competency(key=skill_key(skill), label=skill.name, kind="skill", skill=skill)
        for skill in [*required, *course_only]
    ]
    return competencies


def _clean_text(value: str | None) -> str:
    return (value or "").strip()


def _lock_open_credit(*, credit: CreditRequest, writing: str) -> CreditRequest:
    """The credit request's row, locked, if `writing` may still be written for it; ValidationError if not."""
    locked = (
        CreditRequest.objects.select_for_update(of=("self",))
        .select_related("engagement__project", "engagement__employer", "course", "student__user")
        .get(pk=credit.pk)
    )
    if locked.status == CreditStatus.SIGNED_OFF:
        raise ValidationError(
            f"The faculty have signed this credit off: the {writing} can no longer change.", code="signed_off"
        )
    if locked.status != CreditStatus.APPROVED:
        raise ValidationError(
            f"The {writing} opens once the faculty approve the credit.", code="credit_not_approved"
        )
    if locked.engagement.status != EngagementStatus.COMPLETED:
        raise ValidationError(f"The {writing} opens once the work is completed.", code="work_not_completed")
    return locked


def _level(value: int | str | None) -> int | None:
    try:
        level = int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return level if level in RubricLevel.values else None


def _check_ratings(
    competencies: list[Competency], ratings: Mapping[str, RatingInput]
) -> tuple[dict[str, tuple[int, str]], dict[str, list[str]]]:
    """(level and comment by competency key, errors by field)."""
    errors: dict[str, list[str]] = {}
    known = {competency.key for competency in competencies}
    unknown = [key for key in ratings if key not in known]
    if unknown:
        errors["ratings"] = [f"Not a competency of this evaluation: {', '.join(sorted(unknown))}."]
    checked = {}
    for competency in competencies:
        given = ratings.get(competency.key) or RatingInput(level=None)
        level = _level(given.level)
        comment = _clean_text(given.comment)
        if level is None:
            errors[f"ratings.{competency.key}.level"] = [f"Choose a level for {competency.label}."]
        if len(comment) > MAX_RATING_COMMENT:
            errors[f"ratings.{competency.key}.comment"] = [
                f"Keep the comment under {MAX_RATING_COMMENT:,} characters (it has {len(comment):,})."
            ]
        if level is not None:
            checked[competency.key] = (level, comment)
    return checked, errors


def evaluation_submit(
    *,
    credit: CreditRequest,
    by: User,
    ratings: Mapping[str, RatingInput],
    overall_comment: str = "",
) -> CompetencyEvaluation:
    """A member of the engagement's organisation rates every competency (`ratings` by competency key) and
    may add an overall comment. The first time, the evaluation is created and the student and the faculty
    are told; afterwards (until sign-off) it is replaced whole, silently. Errors are keyed
    `ratings.<key>.level`, `ratings.<key>.comment`, `ratings` and `overall_comment`."""
    require_employer(engagement=credit.engagement, user=by, action="evaluate the student's competencies")
    overall_comment = _clean_text(overall_comment)
    with transaction.atomic():
        credit = _lock_open_credit(credit=credit, writing="competency evaluation")
        competencies = evaluation_competencies(credit=credit)
        checked, errors = _check_ratings(competencies, ratings)
        if len(overall_comment) > MAX_OVERALL_COMMENT:
            errors["overall_comment"] = [
                f"Keep the overall comment under {MAX_OVERALL_COMMENT:,} characters "
                f"(it has {len(overall_comment):,})."
            ]
        if errors:
            raise ValidationError(errors)
        evaluation, created = CompetencyEvaluation.objects.update_or_create(
            credit_request=credit, defaults={"evaluator": by, "overall_comment": overall_comment}
        )
        evaluation.ratings.all().delete()
        CompetencyRating.objects.bulk_create(
            CompetencyRating(
                evaluation=evaluation,
                soft_skill=competency.soft_skill,
                skill=competency.skill,
                level=checked[competency.key][0],
                comment=checked[competency.key][1],
            )
            for competency in competencies
        )
        if created:
            notices.evaluation_submitted(credit=credit, by=by)
            if Reflection.objects.filter(credit_request=credit).exists():
                notices.credit_ready_for_sign_off(credit=credit)
    return evaluation


def reflection_submit(
    *, credit: CreditRequest, by: User, summary: str, outcome_answers: Sequence[str]
) -> Reflection:
    """The student writes (or, until sign-off, rewrites) their reflection: a summary of what they did and
    one answer per outcome the faculty asked the work to show, in the order of `credit.required_outcomes`.
    The first time, the faculty are told. Errors are keyed `summary`, `outcome_answers` and
    `outcome_answers.<index>`."""
    require_student(engagement=credit.engagement, user=by, action="write the reflection")
    with transaction.atomic():
        credit = _lock_open_credit(credit=credit, writing="reflection")
        summary = _clean_text(summary)
        answers = [_clean_text(answer) for answer in outcome_answers]
        errors: dict[str, list[str]] = {}
        if len(summary) < MIN_SUMMARY:
            errors["summary"] = [
                f"Say what you did on the project in at least {MIN_SUMMARY} characters"
                + (f" (you wrote {len(summary)})." if summary else ".")
            ]
        elif len(summary) > MAX_SUMMARY:
            errors["summary"] = [
                f"Keep the summary under {MAX_SUMMARY:,} characters (it has {len(summary):,})."
            ]
        outcomes = credit.required_outcomes
        if len(answers) != len(outcomes):
            errors["outcome_answers"] = [
                f"Answer each of the {len(outcomes)} outcome{'s' if len(outcomes) != 1 else ''} "
                f"the faculty asked for, in order (you sent {len(answers)})."
            ]
        else:
            for index, (outcome, answer) in enumerate(zip(outcomes, answers, strict=True)):
                if not answer:
                    errors[f"outcome_answers.{index}"] = [f"Say what you learned about “{outcome}”."]
                elif len(answer) > MAX_OUTCOME_ANSWER:
                    errors[f"outcome_answers.{index}"] = [
                        f"Keep this answer under {MAX_OUTCOME_ANSWER:,} characters (it has {len(answer):,})."
                    ]
        if errors:
            raise ValidationError(errors)
        reflection, created = Reflection.objects.update_or_create(
            credit_request=credit, defaults={"summary": summary, "outcome_answers": answers}
        )
        if created:
            notices.reflection_submitted(credit=credit, by=by)
            if CompetencyEvaluation.objects.filter(credit_request=credit).exists():
                notices.credit_ready_for_sign_off(credit=credit)
    return reflection
