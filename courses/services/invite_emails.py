"""Emailing a roster's invitees: each address a faculty member's roster names without an account gets one
email asking them to sign up with it, saying which course they then join (`courses.services.roster`).

Queued once the roster import commits, by a Celery task (`courses.tasks`). An invite is emailed once,
however often its task runs: a CourseInvite is made once per course and address (its unique constraint),
so a re-imported roster queues nobody twice, and each invite is claimed with a lease and marked `sent_at`
(`notifications.leased_emails`), so a redelivered task, two overlapping imports naming the same address or
the sweep never email it twice; a task that was lost, or a worker that died mid-send, is made good by the
sweep (`course_invite_emails_sweep`, every 10 minutes).

Nothing here runs inside a transaction, so no email is sent for an import that rolled back. Invites claimed
meanwhile (the student signed up and confirmed the address) and addresses that have an account by now are
skipped: they need no sign-up link.
"""

import datetime as dt

from django.core.mail import EmailMultiAlternatives
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.models import Role
from accounts.selectors import emails_with_accounts
from courses.models import CourseInvite
from marketplace.context_processors import site as site_context
from marketplace.iterables import batched
from marketplace.tasks import enqueue_on_commit
from notifications.emails import absolute_url, email_message_id, email_subject
from notifications.leased_emails import leased_rows_claim, leased_rows_send

# Queued by name: courses.tasks imports this module, so importing the task here would close a circle.
SEND_TASK = "courses.tasks.course_invite_emails_send"
SEND_BATCH = 200
STRANDED_AFTER = dt.timedelta(minutes=10)
STRANDED_WITHIN = dt.timedelta(days=30)
SWEEP_LIMIT = 1000


def course_invite_emails_queue(*, ids: list[int]) -> None:
    """Queue the emails of these new invites once the current transaction commits."""
    for batch in batched(ids, SEND_BATCH):
        enqueue_on_commit(SEND_TASK, list(batch))


def course_invite_signup_url(invite: CourseInvite) -> str:
    """The student sign-up page with the invited address filled in."""
    query = urlencode({"role": Role.STUDENT, "email": invite.email})
    return absolute_url(f"{reverse('account_signup')}?{query}")


def course_invite_email(invite: CourseInvite) -> EmailMultiAlternatives:
    """The invitation email: text and HTML, replies going to the faculty member who uploaded the roster.
    Load `course__university` and `invited_by` with the invite."""
    course, inviter = invite.course, invite.invited_by
    context = {
        **site_context(None),
        "invite": invite,
        "course": course,
        "university": course.university,
        "inviter_name": inviter.get_full_name() if inviter else f"Your instructor at {course.university}",
        "signup_url": course_invite_signup_url(invite),
    }
    template = "courses/email/course_invite"
    message = EmailMultiAlternatives(
        subject=email_subject(render_to_string(f"{template}_subject.txt", context).strip()),
        body=render_to_string(f"{template}.txt", context),
        to=[invite.email],
        reply_to=[inviter.email] if inviter else None,
        headers={"Message-ID": email_message_id(f"course-invite-{invite.pk}")},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def _claim_and_send(invites: QuerySet[CourseInvite], *, now: dt.datetime) -> int:
    """Claim the open invites among `invites`, email those whose address still has no account, and let go of
    the others (they need no sign-up link; a later run finds them again only if the account goes away)."""
    claimed = leased_rows_claim(
        invites, now=now, sendable=Q(claimed_at__isnull=True), related=("course__university", "invited_by")
    )
    with_accounts = emails_with_accounts(emails=[invite.email.lower() for invite in claimed])
    to_send = [invite for invite in claimed if invite.email.lower() not in with_accounts]
    skipped = [invite.pk for invite in claimed if invite.email.lower() in with_accounts]
    CourseInvite.objects.filter(pk__in=skipped).update(send_lease_until=None)
    return leased_rows_send(to_send, message_for=course_invite_email)


def course_invite_emails_send(*, ids: list[int], now: dt.datetime | None = None) -> int:
    """Email each of these invites not yet emailed, still open and whose address has no account yet;
    returns how many this call sent. Safe to run again and on several workers at once."""
    return _claim_and_send(CourseInvite.objects.filter(pk__in=ids), now=now or timezone.now())


def course_invite_emails_sweep(*, now: dt.datetime) -> int:
    """Email the invites whose task was lost (or whose worker died mid-send): unsent STRANDED_AFTER after
    they were made, and made within STRANDED_WITHIN (an older invite's course has likely moved on)."""
    stranded = list(
        CourseInvite.objects.filter(
            created_at__lt=now - STRANDED_AFTER,
            created_at__gte=now - STRANDED_WITHIN,
            sent_at__isnull=True,
            refused_at__isnull=True,
            claimed_at__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    return _claim_and_send(CourseInvite.objects.filter(pk__in=stranded), now=now)
