"""What every engagement view shares: who may open the pages, the page's address, and the whole page.

The page (header and kickoff, then the work, activity and reviews panels) is assembled here only, from
`engagements.selectors_page.engagement_page`, which also says what the viewer may do (the API's detail
reads the same). Each panel's POST view (`pages`, `work`, `activity`, `reviews`) imports this module and
calls `render_engagement_page` to show a form with errors in place; nothing here imports them back.
"""

import datetime as dt
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from decimal import Decimal
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from engagements.access import PARTY_ROLES, EngagementParty
from engagements.forms.activity import HoursForm, MessageForm
from engagements.forms.work import CancelForm, ChangesForm, MarkPaidForm, MilestoneForm, SubmissionForm
from engagements.models import Engagement, EngagementStatus, HoursLog, Milestone, MilestoneStatus
from engagements.selectors import HOURS_LOG_PAGE_SIZE, hours_log_recent, message_thread_for_party
from engagements.selectors_page import (
    EngagementPage,
    HoursOverview,
    MilestoneEntry,
    engagement_page,
)
from engagements.services import engagement_mark_read
from students.timezones import student_time_zone

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def party_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page for the two sides of an engagement: the anonymous get the login page, career staff a 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.role not in PARTY_ROLES:
            raise Http404("No such page.")
        return view(request, *args, **kwargs)

    return wrapper


def engagement_url(engagement: Engagement, anchor: str = "") -> str:
    url = reverse("engagements:detail", kwargs={"public_id": engagement.public_id})
    return f"{url}#{anchor}" if anchor else url


def submission_form(milestone: Milestone, data=None, files=None) -> SubmissionForm:
    return SubmissionForm(data, files, prefix=f"submit-{milestone.pk}")


def changes_form(submission_pk: int, data=None) -> ChangesForm:
    return ChangesForm(data, prefix=f"changes-{submission_pk}")


def positive_int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and int(value) > 0 else None


def read_mark_param(moment: dt.datetime) -> int:
    """A read mark as the refreshing thread carries it: microseconds since the epoch."""
    return (moment - EPOCH) // dt.timedelta(microseconds=1)


def read_mark_from_param(value: str | None) -> dt.datetime | None:
    """The read mark carried by the refreshing thread (display only), or None when it is not one."""
    if not value or not value.isdigit():
        return None
    try:
        return EPOCH + dt.timedelta(microseconds=int(value))
    except OverflowError:
        return None


def hours_text(hours: Decimal) -> str:
    """22.50 -> "22.5", 20.00 -> "20": hours as people write them."""
    return f"{hours.normalize():f}"


# The header ----------------------------------------------------------------------------------------


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


def _header_context(page: EngagementPage) -> dict:
    """The header and kickoff panel: the other side, the agreed terms and who has confirmed."""
    engagement = page.engagement
    days_left = page.days_left
    return {
        "header_other": page.other,
        "header_contact": page.contact if page.party == "student" else None,
        "header_university": page.university,
        "header_status": _status_note(engagement, page.party, other=page.other),
        "header_days_left": days_left,
        "header_overdue": days_left is not None and days_left < 0,
        "header_days_overdue": -days_left if days_left is not None and days_left < 0 else 0,
        "header_deliverables": list(engagement.project.deliverables or []),
        "header_in_kickoff": engagement.status == EngagementStatus.KICKOFF,
        "header_can_confirm": "confirm_kickoff" in page.actions,
        "header_needs_milestone": page.kickoff_needs_milestone,
    }


# The work panel ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MilestoneRow:
    """A milestone of the page with the forms it offers (those with errors kept in place)."""

    entry: MilestoneEntry
    submit_form: SubmissionForm | None
    changes_form: ChangesForm | None  # the answer to its submission awaiting review


def _summary(entries: list[MilestoneEntry]) -> str:
    """e.g. "2 of 4 approved, 1 awaiting review, 1 late"."""
    done = sum(entry.state == "done" for entry in entries)
    awaiting = sum(entry.milestone.status == MilestoneStatus.SUBMITTED for entry in entries)
    late = sum(entry.state == "late" for entry in entries)
    parts = [f"{done} of {len(entries)} approved"]
    if awaiting:
        parts.append(f"{awaiting} awaiting review")
    if late:
        parts.append(f"{late} late")
    return ", ".join(parts)


def _milestone_row(entry: MilestoneEntry, bound: dict[str, Form]) -> MilestoneRow:
    milestone = entry.milestone
    awaiting = entry.latest if "approve" in entry.actions else None
    return MilestoneRow(
        entry=entry,
        submit_form=(bound.get(f"submit-{milestone.pk}") or submission_form(milestone))
        if "submit" in entry.actions
        else None,
        changes_form=(bound.get(f"changes-{awaiting.submission.pk}") or changes_form(awaiting.submission.pk))
        if awaiting is not None
        else None,
    )


def _work_context(page: EngagementPage, bound: dict[str, Form]) -> dict:
    """The panel: milestones, their submissions and the employer's answers, the payment, cancelling."""
    engagement = page.engagement
    return {
        "work_rows": [_milestone_row(entry, bound) for entry in page.milestones],
        "work_summary": _summary(page.milestones),
        "work_late_count": sum(entry.state == "late" for entry in page.milestones),
        "work_is_active": engagement.status == EngagementStatus.ACTIVE,
        "work_milestone_form": (bound.get("milestone") or MilestoneForm(prefix="milestone"))
        if "add_milestone" in page.actions
        else None,
        "work_milestone_form_open": "milestone" in bound,
        "work_payment": page.payment,
        "work_paid_form": (bound.get("paid") or MarkPaidForm(prefix="paid"))
        if "mark_paid" in page.actions
        else None,
        "work_paid_form_open": "paid" in bound,
        "work_cancel_terms": page.cancellation,
        "work_cancel_form": (bound.get("cancel") or CancelForm(prefix="cancel"))
        if "cancel" in page.actions
        else None,
        "work_cancel_form_open": "cancel" in bound,
    }


# The activity panel --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HoursRow:
    log: HoursLog
    hours: str  # as people write it


def thread_context(
    request: HttpRequest,
    engagement: Engagement,
    *,
    before: int | None,
    unread_after: dt.datetime | None = None,
) -> dict:
    """The message thread (the latest page, or the one before message `before`), as `request.user` sees it."""
    thread = message_thread_for_party(
        engagement=engagement, user=request.user, before=before, unread_after=unread_after
    )
    url = reverse("engagements:messages", kwargs={"public_id": engagement.public_id})
    return {
        "activity_messages": thread.messages,
        "activity_unread": thread.unread,
        "activity_has_earlier": thread.has_earlier,
        "activity_earliest_id": thread.messages[0].message.pk if thread.messages else None,
        "activity_before": before,
        # Older pages are history: only the latest page refreshes itself.
        "activity_refresh_url": None if before else f"{url}?seen={read_mark_param(thread.last_read_at)}",
    }


def messages_context(request: HttpRequest, engagement: Engagement, *, before: int | None = None) -> dict:
    """The messages card: the thread, the form, and a note once the work has ended."""
    return {
        **thread_context(request, engagement, before=before),
        "activity_message_form": MessageForm(),
        "activity_closed": engagement.status in (EngagementStatus.COMPLETED, EngagementStatus.CANCELLED),
    }


def hours_context(
    engagement: Engagement, party: EngagementParty, hours: HoursOverview, *, may_log: bool
) -> dict:
    """The hours card: the total against the estimate, the scope warning, the latest entries, the form."""
    share = int(hours.logged * 100 / hours.estimated) if hours.estimated else 0
    logs = hours_log_recent(engagement=engagement, limit=HOURS_LOG_PAGE_SIZE + 1)
    return {
        "activity_hours_logged": hours_text(hours.logged),
        "activity_hours_estimated": hours_text(hours.estimated),
        "activity_hours_over": hours_text(hours.over_by),
        "activity_hours_percent": share,
        "activity_hours_bar": min(share, 100),
        "activity_scope": hours.scope,
        "activity_hours_logs": [HoursRow(log, hours_text(log.hours)) for log in logs[:HOURS_LOG_PAGE_SIZE]],
        "activity_hours_more": len(logs) > HOURS_LOG_PAGE_SIZE,
        "activity_hours_form": HoursForm() if party == "student" else None,
        "activity_can_log_hours": may_log,
    }


# The reviews panel and the whole page --------------------------------------------------------------


def _reviews_context(page: EngagementPage) -> dict:
    """The reviews panel only words the state `engagement_page` gives it (`reviews_visible_q` decides)."""
    return {"reviews_panel": page.reviews, "reviews_other": page.other}


def render_engagement_page(
    request: HttpRequest,
    engagement: Engagement,
    party: EngagementParty,
    *,
    bound: dict[str, Form] | None = None,
    **overrides,
) -> HttpResponse:
    """The whole engagement page (status 200), then the thread marked read.

    `bound` holds forms with errors to show in place of fresh ones: "milestone", "paid", "cancel",
    "submit-<milestone pk>", "changes-<submission pk>"; `overrides` replaces any other context (e.g.
    `activity_message_form`). `?before=<message id>` shows the 50 messages older than that one ("show
    earlier"). What is unread is read before the thread is marked, so the page still marks the messages
    new to this visit.
    """
    bound = bound or {}
    # The student sees dates and times in their own time zone ("due today" is their today).
    zone = student_time_zone(engagement.student) if party == "student" else nullcontext()
    with zone:
        page = engagement_page(engagement=engagement, party=party)
        context = {
            "engagement": engagement,
            "party": party,
            "project": engagement.project,
            "page": page,
            **_header_context(page),
            **_work_context(page, bound),
            **messages_context(request, engagement, before=positive_int(request.GET.get("before"))),
            **hours_context(engagement, party, page.hours, may_log="log_hours" in page.actions),
            **_reviews_context(page),
        }
        context.update(overrides)
        response = render(request, "engagements/detail.html", context)
    engagement_mark_read(engagement=engagement, user=request.user)
    return response
