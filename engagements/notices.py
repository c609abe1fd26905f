"""What the two sides of an engagement are told as the work goes: one function per event, from hiring (an
accepted application) through messages, deliverables and payment to completion, cancellation and reviews.

Each function decides the recipients (never the person who acted, never anyone outside the two sides), the
kind (which decides the user's email preference), the title, body and link, and a key naming the event, then
calls `notify`. Call them inside the service's transaction, after the state change: the notices commit with
it (or not at all), and their emails are queued only once it has committed. Calling one twice for the same
event tells nobody twice, since the key is unique per user.

Links go to the engagement page both sides share.
"""

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from applications.models import Application
from applications.notices import student_application_url
from employers.selectors import employer_member_ids
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementReadMark,
    Message,
    Payment,
    ReviewSide,
)
from notifications.models import NotificationKind
from notifications.services import Notice, notify_others
from notifications.text import excerpt, quoted


def engagement_url(engagement: Engagement) -> str:
    """The engagement page both sides share."""
    return reverse("engagements:detail", kwargs={"public_id": engagement.public_id})


def _actor_id(by: User | None) -> int | None:
    return by.pk if by is not None else None


def _sides(engagement: Engagement) -> tuple[int, list[int]]:
    return engagement.student.user_id, employer_member_ids(employer_id=engagement.employer_id)


def _other_side(engagement: Engagement, by: User | None) -> list[int]:
    """The side `by` is not on; both sides when the platform acted (`by` None)."""
    student_id, member_ids = _sides(engagement)
    if by is None:
        return [student_id, *member_ids]
    if by.pk == student_id:
        return member_ids
    return [student_id]


def _due_on(moment: dt.datetime | None) -> str:
    return date_format(timezone.localtime(moment), "j M Y") if moment else ""


def application_accepted(*, application: Application, by: User | None = None) -> int:
    """The student learns they got the project; the link leads to the engagement, where kickoff starts."""
    project = application.project
    engagement = getattr(application, "engagement", None)
    url = engagement_url(engagement) if engagement is not None else student_application_url(application)
    return notify_others(
        user_ids=[application.student.user_id],
        actor_id=_actor_id(by),
        notice=Notice(
            kind=NotificationKind.APPLICATION_STATUS,
            key=f"application:{application.public_id}:accepted",
            title=f"You got it: {project.employer.name} accepted you for {quoted(project.title)}",
            body=f"{project.employer.name} accepted your application to {quoted(project.title)}. Next, agree "
            f"the kickoff with them: the deliverables, the milestones and their dates.",
            url=url,
        ),
    )


def message_sent(*, message: Message) -> int:
    """The other side learns of new messages, once per unread burst rather than once per message.

    A chatty thread would otherwise flood inboxes. Each recipient's key carries how far they had read the
    thread: while they have not opened it, every further message maps to the same key, which they were
    already told about; once they read it (their mark moves), the next message is a new burst and a new
    notice. A system message (no sender) goes to both sides.
    """
    engagement = message.engagement
    recipients = [
        user_id for user_id in _other_side(engagement, message.sender) if user_id != message.sender_id
    ]
    if not recipients:
        return 0
    marks = dict(
        EngagementReadMark.objects.filter(engagement=engagement, user_id__in=recipients).values_list(
            "user_id", "last_read_at"
        )
    )
    by_mark: dict[str, list[int]] = defaultdict(list)
    for user_id in recipients:
        mark = marks.get(user_id)
        by_mark[mark.isoformat() if mark is not None else "never"].append(user_id)
    sender = message.sender.get_full_name() if message.sender is not None else "The platform"
    project = engagement.project
    told = 0
    for mark, user_ids in by_mark.items():
        told += notify_others(
            user_ids=user_ids,
            actor_id=message.sender_id,
            notice=Notice(
                kind=NotificationKind.MESSAGE,
                key=f"engagement:{engagement.public_id}:messages-after:{mark}",
                title=f"New message on {quoted(project.title)}",
                body=f"{sender} wrote:\n\n{excerpt(message.body)}\n\nFurther messages before you read the "
                f"thread come without another notice.",
                url=engagement_url(engagement) + "#messages",
            ),
        )
    return told


def application_message_sent(*, message: Message, application: Application, side: str) -> int:
    """The other side of an application learns of a message in its thread before the decision.

    One notice per burst, as on engagements: the key carries the newest message the recipients' side had
    written (their last answer) and the day, so further messages before they answer tell them again at
    most once a day. Call inside the sending transaction, holding the application row.
    """
    project = application.project
    if side == "employer":
        recipients = [application.student.user_id]
        url = student_application_url(application) + "#messages"
    else:
        recipients = employer_member_ids(employer_id=project.employer_id)
        url = reverse("manage:applicant", kwargs={"public_id": application.public_id}) + "#messages"
    answered = (
        Message.objects.filter(application=application, sender_id__in=recipients)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )
    sender = message.sender.get_full_name() if message.sender is not None else "The platform"
    day = timezone.localdate(message.created_at).isoformat()
    return notify_others(
        user_ids=recipients,
        actor_id=message.sender_id,
        notice=Notice(
            kind=NotificationKind.MESSAGE,
            key=f"application:{application.public_id}:messages-after:{answered or 'none'}:{day}",
            title=f"New message about your application to {quoted(project.title)}"
            if side == "employer"
            else f"{message.sender.get_full_name() if message.sender else 'The applicant'} answered about "
            f"{quoted(project.title)}",
            body=f"{sender} wrote:\n\n{excerpt(message.body)}\n\nFurther messages before you answer come "
            f"without another notice today.",
            url=url,
        ),
    )


def deliverable_submitted(*, submission: DeliverableSubmission) -> int:
    milestone = submission.milestone
    engagement = milestone.engagement
    student_name = engagement.student.user.get_full_name()
    return notify_others(
        user_ids=employer_member_ids(employer_id=engagement.employer_id),
        actor_id=submission.submitted_by_id,
        notice=Notice(
            kind=NotificationKind.DELIVERABLE,
            key=f"submission:{submission.pk}:submitted",
            title=f"Work handed in for {quoted(milestone.title)}",
            body=f"{student_name} handed in work for {quoted(milestone.title)} on "
            f"{quoted(engagement.project.title)}. Approve it or ask for changes.",
            url=engagement_url(engagement),
        ),
    )


def deliverable_approved(*, submission: DeliverableSubmission) -> int:
    """The student learns the work was approved; when the platform approved it for the employer's silence,
    the employer's members are told too, since they now owe the work's share of the fee."""
    milestone = submission.milestone
    engagement = milestone.engagement
    student_id = engagement.student.user_id
    if submission.auto_approved:
        recipients = [student_id, *employer_member_ids(employer_id=engagement.employer_id)]
        title = f"{quoted(milestone.title)} was approved automatically"
        body = submission.review_comment
    else:
        recipients = [student_id]
        title = f"Your work for {quoted(milestone.title)} was approved"
        body = f"{quoted(milestone.title)} on {quoted(engagement.project.title)} is approved."
        if submission.review_comment:
            body += f"\n\n{submission.review_comment}"
    return notify_others(
        user_ids=recipients,
        actor_id=submission.reviewed_by_id,
        notice=Notice(
            kind=NotificationKind.DELIVERABLE,
            key=f"submission:{submission.pk}:approved",
            title=title,
            body=body,
            url=engagement_url(engagement),
        ),
    )


def deliverable_changes_requested(*, submission: DeliverableSubmission) -> int:
    milestone = submission.milestone
    engagement = milestone.engagement
    return notify_others(
        user_ids=[engagement.student.user_id],
        actor_id=submission.reviewed_by_id,
        notice=Notice(
            kind=NotificationKind.DELIVERABLE,
            key=f"submission:{submission.pk}:changes",
            title=f"Changes requested for {quoted(milestone.title)}",
            body=f"{engagement.employer.name} asks for changes:\n\n{submission.review_comment}",
            url=engagement_url(engagement),
        ),
    )


def payment_marked_paid(*, payment: Payment, by: User | None = None) -> int:
    engagement = payment.engagement
    reference = f" (reference {payment.reference})" if payment.reference else ""
    return notify_others(
        user_ids=[engagement.student.user_id],
        actor_id=_actor_id(by),
        notice=Notice(
            kind=NotificationKind.PAYMENT,
            key=f"payment:{payment.pk}:paid",
            title=f"{engagement.employer.name} paid you {payment.amount:,.2f} {payment.currency}",
            body=f"{engagement.employer.name} marked the payment for {quoted(engagement.project.title)} as "
            f"paid{reference}. Tell them in the engagement's messages if it has not reached you.",
            url=engagement_url(engagement),
        ),
    )


def engagement_completed(*, engagement: Engagement, by: User | None = None) -> int:
    """The other side learns the work is complete (both sides when the platform completed it) and that a
    review each way is now open."""
    payment = getattr(engagement, "payment", None)
    owed = ""
    if payment is not None:
        owed = f" The fee of {payment.amount:,.2f} {payment.currency} is due by {_due_on(payment.due_at)}."
    return notify_others(
        user_ids=_other_side(engagement, by),
        actor_id=_actor_id(by),
        notice=Notice(
            kind=NotificationKind.DELIVERABLE,
            key=f"engagement:{engagement.public_id}:completed",
            title=f"{quoted(engagement.project.title)} is complete",
            body=f"Every milestone of {quoted(engagement.project.title)} is approved.{owed} You can now "
            f"review each other.",
            url=engagement_url(engagement),
        ),
    )


def engagement_cancelled(*, engagement: Engagement, by: User) -> int:
    payment = getattr(engagement, "payment", None)
    owed = ""
    if payment is not None:
        owed = (
            f"\n\nApproved work is paid for: {payment.amount:,.2f} {payment.currency} is owed, due by "
            f"{_due_on(payment.due_at)}."
        )
    return notify_others(
        user_ids=_other_side(engagement, by),
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.APPLICATION_STATUS,
            key=f"engagement:{engagement.public_id}:cancelled",
            title=f"{quoted(engagement.project.title)} was cancelled",
            body=f"{by.get_full_name()} cancelled the engagement. Their reason:\n\n"
            f"{engagement.cancellation_reason}{owed}",
            url=engagement_url(engagement),
        ),
    )


def review_written(*, engagement: Engagement, side: str, by: User) -> int:
    """The other side learns they have been reviewed, without a word of it: reviews are double-blind, so
    writing theirs is how they get to read it."""
    student_id, member_ids = _sides(engagement)
    return notify_others(
        user_ids=member_ids if side == ReviewSide.STUDENT else [student_id],
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.REVIEW_OWED,
            key=f"engagement:{engagement.public_id}:reviewed-by:{side}",
            title=f"You have been reviewed for {quoted(engagement.project.title)}",
            body="The other side has written their review. Reviews are double-blind: write yours to read "
            "theirs.",
            url=engagement_url(engagement) + "#reviews",
        ),
    )
