"""Emailing invitations: the invitation itself once, and for businesses one reminder after REMINDER_DAYS.

Each email is claimed before it is sent and marked once the SMTP server has it, outside any transaction:
- an invitation is claimed with a lease (`send_lease_until`) and marked `sent_at`
  (`notifications.leased_emails`); a redelivered task, a second worker or the sweep find it sent or held,
  so nobody gets the same invitation twice; a worker that dies mid-send leaves the lease to run out and the
  sweep sends it then;
- a reminder is claimed by setting `reminded_at` first: each invitation is reminded at most once, even by
  two overlapping scans; were the SMTP server to refuse it, `reminded_at` is cleared so the next scan tries
  again.
Every email carries a Message-ID derived from its invitation, so a re-send after a lost acknowledgement is
recognisable.
"""

import datetime as dt
import logging

from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from invitations.models import (
    INVITATION_MODELS,
    BusinessInvitation,
    Invitation,
    StudentInvitation,
)
from marketplace.context_processors import site as site_context
from notifications.emails import absolute_url, email_message_id, email_subject
from notifications.leased_emails import email_send_one, leased_rows_claim, leased_rows_send

logger = logging.getLogger(__name__)

REMINDER_DAYS = 7
STRANDED_AFTER = dt.timedelta(minutes=10)
SWEEP_LIMIT = 1000
MODELS = INVITATION_MODELS


def invitation_url(invitation: Invitation) -> str:
    name = "student_join" if isinstance(invitation, StudentInvitation) else "business_join"
    return absolute_url(reverse(f"invitations:{name}", kwargs={"token": invitation.token}))


def invitation_email(invitation: Invitation, *, reminder: bool = False) -> EmailMultiAlternatives:
    """The invitation's email (or its reminder): text and HTML, replies going to the inviting staff member.
    Load `university` and `invited_by` with the invitation."""
    kind = "student" if isinstance(invitation, StudentInvitation) else "business"
    inviter = invitation.invited_by
    context = {
        **site_context(None),
        "invitation": invitation,
        "university": invitation.university,
        "inviter_name": inviter.get_full_name()
        if inviter
        else f"The career office of {invitation.university}",
        "join_url": invitation_url(invitation),
        "reminder": reminder,
    }
    template = f"invitations/email/{kind}_invitation"
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    suffix = "-reminder" if reminder else ""
    message = EmailMultiAlternatives(
        subject=email_subject(subject),
        body=render_to_string(f"{template}.txt", context),
        to=[invitation.email],
        reply_to=[inviter.email] if inviter else None,
        headers={"Message-ID": email_message_id(f"invitation-{kind}-{invitation.pk}{suffix}")},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message


def _claim(queryset: QuerySet, *, now: dt.datetime) -> list[Invitation]:
    """Hold the unsent, live invitations of `queryset` for this worker (`leased_rows_claim`)."""
    return leased_rows_claim(
        queryset, now=now, sendable=Q(revoked_at__isnull=True), related=("university", "invited_by")
    )


def _send_claimed(invitations: list[Invitation]) -> int:
    return leased_rows_send(invitations, message_for=invitation_email)


def invitation_emails_send(*, kind: str, ids: list[int], now: dt.datetime | None = None) -> int:
    """Email these invitations unless sent, withdrawn or being sent; returns how many this call sent."""
    model = MODELS[kind]
    return _send_claimed(_claim(model.objects.filter(pk__in=ids), now=now or timezone.now()))


def invitation_emails_sweep(*, now: dt.datetime) -> int:
    """Send the invitations whose task was lost (or whose worker died mid-send): unsent for STRANDED_AFTER."""
    sent = 0
    for model in MODELS.values():
        stranded = model.objects.filter(created_at__lt=now - STRANDED_AFTER)
        ids = list(
            stranded.filter(sent_at__isnull=True, revoked_at__isnull=True, refused_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:SWEEP_LIMIT]
        )
        sent += _send_claimed(_claim(model.objects.filter(pk__in=ids), now=now))
    return sent


def business_invitations_remind(*, now: dt.datetime, limit: int = SWEEP_LIMIT) -> int:
    """Remind, once, each business invitation sent REMINDER_DAYS ago or more and still unanswered (nobody
    signed up, not withdrawn); returns how many reminders went out."""
    with transaction.atomic():
        due = list(
            BusinessInvitation.objects.filter(
                sent_at__lte=now - dt.timedelta(days=REMINDER_DAYS),
                reminded_at__isnull=True,
                signed_up_at__isnull=True,
                accepted_at__isnull=True,
                revoked_at__isnull=True,
            )
            .select_for_update(skip_locked=True)
            .order_by("sent_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        BusinessInvitation.objects.filter(pk__in=due).update(reminded_at=now)
    invitations = list(
        BusinessInvitation.objects.filter(pk__in=due).select_related("university", "invited_by")
    )
    done = reminded = 0
    try:
        with get_connection() as mail:
            for invitation in invitations:
                reminded += email_send_one(mail, invitation_email(invitation, reminder=True))
                done += 1
    except BaseException:
        BusinessInvitation.objects.filter(pk__in=[i.pk for i in invitations[done:]]).update(reminded_at=None)
        raise
    return reminded
