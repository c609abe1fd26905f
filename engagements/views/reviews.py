"""The page to write a review (the reviews panel of the engagement page is built with the rest of the page,
in `engagements.views.common`).

Reviews are double-blind: `reviews_visible_q` decides what each side may read; this module only words
what is going on ("your review is in, you'll see theirs when ...").
"""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from engagements.access import engagement_get_for_party
from engagements.forms.reviews import ReviewForm
from engagements.selectors import (
    engagement_reviews_open,
    review_sides_written,
    review_skill_choices,
    review_window_closes_at,
)
from engagements.selectors_page import engagement_other_name
from engagements.services.reviews import review_submit
from engagements.views.common import engagement_url, party_page
from marketplace.forms import add_service_errors


def _short_date(moment: dt.datetime) -> str:
    """ "10 Dec", with the year only when it is not this year's."""
    local = timezone.localtime(moment)
    fmt = "j M" if local.year == timezone.localdate().year else "j M Y"
    return date_format(local, fmt)


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
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    back = engagement_url(engagement, "reviews")
    if not engagement_reviews_open(engagement=engagement):
        messages.info(request, "Reviews open once the work is completed.")
        return redirect(back)
    written = review_sides_written(engagement=engagement)
    if party in written:
        messages.info(request, "Your side has already reviewed this engagement; reviews cannot be changed.")
        return redirect(back)
    other = engagement_other_name(engagement=engagement, party=party)
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
