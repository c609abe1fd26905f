"""Reads of an application's message thread before the decision (the page and the API share them)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.models import User
from applications.models import PENDING_APPLICATION_STATUSES, Application, ApplicationStatus
from engagements.access import ApplicationSide
from engagements.models import Message, MessageReport


@dataclass(frozen=True)
class ThreadState:
    """What a party may do with an application's thread now (computed once for the page and the API)."""

    side: ApplicationSide
    may_send: bool
    # Why not, in a sentence the page shows ("" when sending is allowed).
    closed_reason: str


def application_thread_state(
    *, application: Application, side: ApplicationSide, has_messages: bool
) -> ThreadState:
    if application.status == ApplicationStatus.ACCEPTED:
        return ThreadState(
            side, False, "The application was accepted: the conversation continues on the engagement."
        )
    if application.status not in PENDING_APPLICATION_STATUSES:
        return ThreadState(
            side,
            False,
            f"This application is {application.get_status_display().lower()}: the thread is read-only.",
        )
    if side == "student" and not has_messages:
        return ThreadState(side, False, "The employer has not written to you about this application.")
    return ThreadState(side, True, "")


@dataclass(frozen=True)
class ThreadEntry:
    message: Message
    side: str  # "student", "employer" or "system"
    is_mine: bool
    # The reader may flag it for site staff: someone else wrote it, and the reader has not yet.
    may_report: bool
    reported: bool


@dataclass(frozen=True)
class ApplicationThread:
    entries: list[ThreadEntry]
    state: ThreadState


def application_message_list(*, application: Application) -> QuerySet[Message]:
    """The application's thread, oldest first, senders joined; after acceptance it includes the messages
    written on the engagement too, since they are one conversation."""
    messages = Message.objects.filter(application=application)
    if getattr(application, "engagement", None) is not None:
        messages = Message.objects.filter(engagement=application.engagement) | messages
    return messages.select_related("sender").order_by("created_at", "id")


def _side(message: Message, student_user_id: int) -> str:
    if message.sender_id is None:
        return "system"
    return "student" if message.sender_id == student_user_id else "employer"


def application_thread(
    *, application: Application, user: User, side: ApplicationSide, messages: QuerySet[Message] | None = None
) -> ApplicationThread:
    """The thread as `user` (on `side`) sees it: two queries whatever its length."""
    messages = list(application_message_list(application=application) if messages is None else messages)
    reported: set[int] = set()
    if messages:
        mine = MessageReport.objects.filter(
            reporter=user, message_id__in=[message.pk for message in messages]
        )
        reported = set(mine.values_list("message_id", flat=True))
    student_user_id = application.student.user_id
    entries = [
        ThreadEntry(
            message=message,
            side=_side(message, student_user_id),
            is_mine=message.sender_id == user.pk,
            may_report=message.sender_id not in (None, user.pk) and message.pk not in reported,
            reported=message.pk in reported,
        )
        for message in messages
    ]
    state = application_thread_state(application=application, side=side, has_messages=bool(messages))
    return ApplicationThread(entries=entries, state=state)
