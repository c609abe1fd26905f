"""Writes for reviews: one each way per engagement, double-blind (see `reviews_visible_to`)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.models import User
from engagements import notices, signals
from engagements.access import engagement_party
from engagements.models import Engagement, Review, ReviewSide
from engagements.selectors import engagement_reviews_open, review_skill_choices
from projects.models import Skill

REVIEW_TEXT_MAX_LENGTH = 5000


def _unknown_skills_error(names: Iterable[str]) -> ValidationError:
    return ValidationError(
        {
            "skills_demonstrated": ValidationError(
                "Not among the project's or the student's skills: %(skills)s.",
                code="unknown_skill",
                params={"skills": ", ".join(sorted(names))},
            )
        }
    )


def _require_known_skills(*, engagement: Engagement, skills: list[Skill]) -> None:
    """The skills demonstrated are ticked among the project's and the student's own skills, nothing else."""
    if not skills:
        return
    allowed = set(review_skill_choices(engagement=engagement).values_list("pk", flat=True))
    unknown = [skill.name for skill in skills if skill.pk not in allowed]
    if unknown:
        raise _unknown_skills_error(unknown)


def review_skills_from_slugs(*, engagement: Engagement, slugs: Iterable[str]) -> list[Skill]:
    """The skills named by `slugs` among those the employer may tick (for clients that send slugs, like the
    API); a slug that names none of them is refused on `skills_demonstrated`."""
    slugs = set(slugs)
    if not slugs:
        return []
    skills = list(review_skill_choices(engagement=engagement).filter(slug__in=slugs))
    unknown = slugs - {skill.slug for skill in skills}
    if unknown:
        raise _unknown_skills_error(unknown)
    return skills


def review_submit(
    *,
    engagement: Engagement,
    by: User,
    rating: int,
    text: str,
    skills_demonstrated: Iterable[Skill] = (),
) -> Review:
    """Write `by`'s side's review: the student reviews the employer, an employer member reviews the student.

    Allowed once work was done: after completion, or after a cancellation with at least one approved
    milestone (a cancellation before any approved work leaves nothing to review). One review per side, and it
    cannot be edited, since the other side's review may already be visible; sending the same review again
    returns it unchanged. Only the employer's side ticks the skills the student demonstrated, among the
    project's and the student's own skills (`review_skill_choices`). There is no
    deadline for writing one; the review window only decides when reviews become visible.
    """
    party = engagement_party(engagement=engagement, user=by)
    if party is None:
        raise PermissionDenied("You are not a party to this engagement.")
    side = ReviewSide(party)
    text = (text or "").strip()
    skills = list(skills_demonstrated)
    if skills and side != ReviewSide.EMPLOYER:
        raise ValidationError(
            "Only the employer ticks the skills the student demonstrated.", code="skills_only_from_employer"
        )
    _require_known_skills(engagement=engagement, skills=skills)
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError("Rate from 1 to 5 stars.", code="invalid_rating")
    if len(text) > REVIEW_TEXT_MAX_LENGTH:
        raise ValidationError(
            "Keep the review within %(limit)s characters.",
            code="text_too_long",
            params={"limit": f"{REVIEW_TEXT_MAX_LENGTH:,}"},
        )
    with transaction.atomic():
        engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
        existing = Review.objects.filter(engagement=engagement, side=side).first()
        if existing is not None:
            same_skills = {s.pk for s in skills} == set(
                existing.skills_demonstrated.values_list("pk", flat=True)
            )
            if existing.rating == rating and existing.text == text and same_skills:
                return existing
            raise ValidationError(
                "Your side has already reviewed this engagement; reviews cannot be changed.",
                code="already_reviewed",
            )
        if not engagement_reviews_open(engagement=engagement):
            raise ValidationError(
                "Reviews open once the work is completed (or cancelled after approved work).",
                code="engagement_not_finished",
            )
        review = Review.objects.create(engagement=engagement, side=side, author=by, rating=rating, text=text)
        if skills:
            review.skills_demonstrated.set(skills)
        notices.review_written(engagement=engagement, side=side, by=by)
        signals.engagement_review_written.send(sender=Engagement, engagement_id=engagement.pk)
    return review
