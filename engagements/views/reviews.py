"""The reviews panel of the engagement page and the page to write a review.

Reviews are double-blind: `reviews_visible_to` decides what each side may read; this module only words
what is going on ("your review is in, you'll see theirs when ...").
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from engagements.forms.reviews import ReviewForm
from engagements.models import Engagement, EngagementStatus, Review
from engagements.selectors import (
    EngagementParty,
    engagement_reviews_open,
    review_sides_written,
    review_skill_choices,
    review_window_closes_at,
    reviews_visible_to,
)
from engagements.services.reviews import review_submit
from engagements.views.pages import engagement_for_request, engagement_url, party_page
from marketplace.forms import add_service_errors


@dataclass(frozen=True)
class ReviewsPanel:
    """What the panel shows: `state` is one of
    "later" (the work is not finished), "nothing" (cancelled before any approved work),
    "write" (our side has not reviewed yet), "waiting" (ours is in, theirs is not visible), "both"."""

    state: str
    other: str
    mine: Review | None
    theirs: Review | None
    other_has_written: bool
    closes_at: dt.datetime | None
    window_closed: bool


def _other_name(engagement: Engagement, party: EngagementParty) -> str:
    if party == "student":
        return engagement.employer.name
    return engagement.student.user.get_full_name()


def _short_date(moment: dt.datetime) -> str:
    """ "10 Dec", with the year only when it is not this year's."""
    local = timezone.localtime(moment)
    fmt = "j M" if local.year == timezone.localdate().year else "j M Y"
    return date_format(local, fmt)


def _panel(request: HttpRequest, engagement: Engagement, party: EngagementParty) -> ReviewsPanel:
    other = _other_name(engagement, party)
    if not engagement_reviews_open(engagement=engagement):
        state = "nothing" if engagement.status == EngagementStatus.CANCELLED else "later"
        return ReviewsPanel(state, other, None, None, False, None, False)
    now = timezone.now()
    visible = list(reviews_visible_to(engagement=engagement, user=request.user, now=now))
    mine = next((review for review in visible if review.side == party), None)
    theirs = next((review for review in visible if review.side != party), None)
    written = review_sides_written(engagement=engagement)
    closes_at = review_window_closes_at(engagement=engagement)
    window_closed = closes_at is not None and now >= closes_at
    state = "write" if mine is None else ("both" if theirs is not None else "waiting")
    other_has_written = any(side != party for side in written)
    return ReviewsPanel(state, other, mine, theirs, other_has_written, closes_at, window_closed)


def reviews_context(request: HttpRequest, engagement: Engagement, party: EngagementParty) -> dict:
    """The reviews panel's context (keys prefixed `reviews_`) for the engagement page."""
    return {"reviews_panel": _panel(request, engagement, party)}


def _submitted_message(other: str, *, other_has_written: bool, closes_at: dt.datetime | None) -> str:
    if other_has_written:
        return f"Thank you: your review is in. {other} has reviewed you too, so you can both read them now."
    if closes_at is not None and timezone.now() < closes_at:
        return (
            f"Thank you: your review is in. You'll see {other}'s review when they write theirs, "
            f"or on {_short_date(closes_at)} at the latest."
        )
    return f"Thank you: your review is in, and {other} can read it now."


@require_http_methods(["GET", "POST"])
@party_page
def review_write(request: HttpRequest, public_id) -> HttpResponse:
    """GET: the review form; POST: send the review (once per side, it cannot be changed)."""
    engagement, party = engagement_for_request(request, public_id)
    back = engagement_url(engagement, "reviews")
    if not engagement_reviews_open(engagement=engagement):
        messages.info(request, "Reviews open once the work is completed.")
        return redirect(back)
    written = review_sides_written(engagement=engagement)
    if party in written:
        messages.info(request, "Your side has already reviewed this engagement; reviews cannot be changed.")
        return redirect(back)
    other = _other_name(engagement, party)
    closes_at = review_window_closes_at(engagement=engagement)
    skill_choices = review_skill_choices(engagement=engagement) if party == "employer" else None
    if request.method == "POST":
        form = ReviewForm(request.POST, side=party, other=other, skill_choices=skill_choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                review_submit(
                    engagement=engagement,
                    by=request.user,
                    rating=data["rating"],
                    text=data["text"],
                    skills_demonstrated=data.get("skills") or (),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                other_has_written = any(side != party for side in written)
                messages.success(
                    request,
                    _submitted_message(other, other_has_written=other_has_written, closes_at=closes_at),
                )
                return redirect(back)
    else:
        form = ReviewForm(side=party, other=other, skill_choices=skill_choices)
    context = {
        "engagement": engagement,
        "project": engagement.project,
        "party": party,
        "other": other,
        "form": form,
        "other_has_written": any(side != party for side in written),
        "closes_at": closes_at,
        "window_closed": closes_at is not None and timezone.now() >= closes_at,
    }
    return render(request, "engagements/review_form.html", context)
