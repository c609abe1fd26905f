"""The shared engagement page (header and kickoff, then the work, activity and reviews panels), the list of
a user's engagements, and confirming the kickoff.

The page is assembled here; each panel's owner supplies a `*_context(request, engagement, party)` function.
`render_engagement_page` is what every panel's POST view calls to re-render the whole page with a bound,
invalid form, so the page is built in one place only.
"""

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import Role
from engagements.models import Engagement, EngagementStatus
from engagements.selectors import (
    ENGAGEMENT_GROUPS,
    EngagementParty,
    engagement_get_for_party,
    engagement_group_counts_for_user,
    engagement_overview_list_for_user,
)
from engagements.services import engagement_confirm_kickoff as confirm_kickoff
from engagements.services import engagement_mark_read
from projects.views.student import student_time_zone

PARTY_ROLES = (Role.STUDENT, Role.EMPLOYER)
PAGE_SIZE = 20


def party_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page for the two sides of an engagement: the anonymous get the login page, career staff a 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.role not in PARTY_ROLES:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper


def engagement_for_request(request: HttpRequest, public_id) -> tuple[Engagement, EngagementParty]:
    """The engagement and the side the user is on; 404 to anyone who is neither its student nor a member
    of its employer. The side is read from the already-joined student, without another query."""
    engagement = engagement_get_for_party(user=request.user, public_id=public_id)
    party: EngagementParty = "student" if engagement.student.user_id == request.user.pk else "employer"
    return engagement, party


def engagement_url(engagement: Engagement, anchor: str = "") -> str:
    url = reverse("engagements:detail", kwargs={"public_id": engagement.public_id})
    return f"{url}#{anchor}" if anchor else url


@dataclass(frozen=True)
class StatusNote:
    """What the engagement's status means to the person looking, and what they can do next."""

    headline: str
    detail: str


def _status_note(engagement: Engagement, party: EngagementParty, *, other: str) -> StatusNote:
    mine = engagement.student_confirmed_at if party == "student" else engagement.employer_confirmed_at
    theirs = engagement.employer_confirmed_at if party == "student" else engagement.student_confirmed_at
    if engagement.status == EngagementStatus.KICKOFF:
        if mine and not theirs:
            return StatusNote(
                "Waiting for the other side to confirm the kickoff",
                f"You confirmed the scope. The work starts as soon as {other} confirms too.",
            )
        if theirs and not mine:
            return StatusNote(
                "Your confirmation is the last step before the work starts",
                f"{other} has confirmed the scope. Check the deliverables, fee, due date and milestones, "
                "then confirm the kickoff.",
            )
        return StatusNote(
            "Kickoff: agree the scope before the work starts",
            "Check the deliverables, fee, due date and milestones together (the employer can adjust the "
            "milestones), then both sides confirm. The work starts once you both have.",
        )
    if engagement.status == EngagementStatus.ACTIVE:
        if party == "student":
            detail = (
                "Work through the milestones, log your hours and hand in each deliverable. The employer "
                "approves it or asks for changes; approving the last one completes the engagement."
            )
        else:
            detail = (
                "The student works through the milestones and hands in deliverables. Approve each one or ask "
                "for changes; approving the last one completes the engagement and records the payment."
            )
        return StatusNote("In progress", detail)
    if engagement.status == EngagementStatus.COMPLETED:
        if party == "student":
            detail = "Every milestone is approved. The payment and the reviews are below."
        else:
            detail = (
                "Every milestone is approved. The payment (mark it paid once sent) and the reviews are below."
            )
        return StatusNote("Completed", detail)
    return StatusNote(
        "Cancelled",
        "This engagement was ended before completion. Any approved milestones are owed pro rata (see the "
        "payment below); the message thread stays open.",
    )


def _header_context(request: HttpRequest, engagement: Engagement, party: EngagementParty) -> dict:
    """The header and kickoff panel: the other side, the agreed terms and who has confirmed."""
    student = engagement.student
    today = timezone.localdate()
    contact = None
    university = None
    if party == "student":
        other = engagement.employer.name
        # The employer's contact is the member who accepted the student (joined by the selector).
        contact = engagement.application.decided_by
    else:
        other = student.user.get_full_name() or student.user.email
        university = student.university if student.university_id else None
    open_work = engagement.status in (EngagementStatus.KICKOFF, EngagementStatus.ACTIVE)
    days_left = (engagement.due_date - today).days if engagement.due_date else None
    my_field = "student_confirmed_at" if party == "student" else "employer_confirmed_at"
    in_kickoff = engagement.status == EngagementStatus.KICKOFF
    can_confirm = in_kickoff and getattr(engagement, my_field) is None
    other_confirmed = (
        engagement.employer_confirmed_at if party == "student" else engagement.student_confirmed_at
    )
    needs_milestone = can_confirm and other_confirmed is not None and not engagement.milestones.exists()
    return {
        "header_other": other,
        "header_contact": contact,
        "header_university": university,
        "header_status": _status_note(engagement, party, other=other),
        "header_days_left": days_left if open_work else None,
        "header_overdue": open_work and days_left is not None and days_left < 0,
        "header_days_overdue": -days_left if days_left is not None and days_left < 0 else 0,
        "header_deliverables": list(engagement.project.deliverables or []),
        "header_in_kickoff": in_kickoff,
        "header_can_confirm": can_confirm,
        "header_needs_milestone": needs_milestone,
    }


def render_engagement_page(
    request: HttpRequest, engagement: Engagement, party: EngagementParty, **overrides
) -> HttpResponse:
    """The whole engagement page (status 200), with `overrides` (e.g. a bound form with errors) applied
    over the panels' context.

    The panels compute what is unread before the thread is marked read, so the page still marks the
    messages that were new to this visit.
    """
    # Imported here: the panel modules import this one for `render_engagement_page`.
    from engagements.views import activity as engagement_activity
    from engagements.views import reviews as engagement_reviews
    from engagements.views import work as engagement_work

    # The student sees dates and times in their own time zone ("due today" is their today).
    zone = student_time_zone(engagement.student) if party == "student" else nullcontext()
    with zone:
        context = {
            "engagement": engagement,
            "party": party,
            "project": engagement.project,
            **_header_context(request, engagement, party),
            **engagement_work.work_context(request, engagement, party),
            **engagement_activity.activity_context(request, engagement, party),
            **engagement_reviews.reviews_context(request, engagement, party),
        }
        context.update(overrides)
        response = render(request, "engagements/detail.html", context)
    engagement_mark_read(engagement=engagement, user=request.user)
    return response


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
            other=(
                engagement.employer.name
                if is_student
                else engagement.student.user.get_full_name() or engagement.student.user.email
            ),
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
    engagement, party = engagement_for_request(request, public_id)
    return render_engagement_page(request, engagement, party)


@require_POST
@party_page
def engagement_confirm_kickoff(request: HttpRequest, public_id) -> HttpResponse:
    engagement, party = engagement_for_request(request, public_id)
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
