"""The list of a user's engagements, one engagement's page, and confirming the kickoff.

The page itself is assembled in `engagements.views.common` (shared by every panel's views).
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Role
from engagements.access import engagement_get_for_party
from engagements.models import Engagement, EngagementStatus
from engagements.selectors import (
    ENGAGEMENT_GROUPS,
    engagement_group_counts_for_user,
    engagement_overview_list_for_user,
)
from engagements.selectors_page import engagement_other_name
from engagements.services import engagement_confirm_kickoff as confirm_kickoff
from engagements.views.common import engagement_url, party_page, render_engagement_page

PAGE_SIZE = 20


LIST_TABS = [("active", "Active"), ("completed", "Completed"), ("cancelled", "Cancelled")]


@dataclass(frozen=True)
class EngagementRow:
    engagement: Engagement
    other: str
    days_left: int | None
    next_due_in: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def next_late(self) -> bool:
        return self.next_due_in is not None and self.next_due_in < 0


def _list_url(group: str) -> str:
    url = reverse("engagements:list")
    return f"{url}?status={group}" if group != "active" else url


@party_page
def engagement_list(request: HttpRequest) -> HttpResponse:
    group = request.GET.get("status", "active")
    group = group if group in ENGAGEMENT_GROUPS else "active"
    counts = engagement_group_counts_for_user(user=request.user)
    engagements = engagement_overview_list_for_user(user=request.user, group=group)
    page = Paginator(engagements, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    is_student = request.user.role == Role.STUDENT
    rows = [
        EngagementRow(
            engagement=engagement,
            other=engagement_other_name(engagement=engagement, party="student" if is_student else "employer"),
            days_left=(engagement.due_date - today).days
            if engagement.due_date and group == "active"
            else None,
            next_due_in=(
                (engagement.next_milestone_due - today).days
                if engagement.next_milestone_due and group == "active"
                else None
            ),
        )
        for engagement in page
    ]
    tabs = [(value, label, counts[value], _list_url(value)) for value, label in LIST_TABS]
    return render(
        request,
        "engagements/list.html",
        {
            "page": page,
            "rows": rows,
            "group": group,
            "tabs": tabs,
            "counts": counts,
            "is_student": is_student,
            "group_label": dict(LIST_TABS)[group].lower(),
        },
    )


@party_page
def engagement_detail(request: HttpRequest, public_id) -> HttpResponse:
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    return render_engagement_page(request, engagement, party)


@require_POST
@party_page
def engagement_confirm_kickoff(request: HttpRequest, public_id) -> HttpResponse:
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    try:
        engagement = confirm_kickoff(engagement=engagement, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(engagement_url(engagement, "kickoff"))
    if engagement.status == EngagementStatus.ACTIVE:
        messages.success(request, "You have both confirmed the kickoff: the work has started.")
        return redirect(engagement_url(engagement, "work"))
    other = "the employer" if party == "student" else engagement.student.user.get_short_name()
    messages.success(request, f"Kickoff confirmed. The work starts as soon as {other} confirms too.")
    return redirect(engagement_url(engagement, "kickoff"))
