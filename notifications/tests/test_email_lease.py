"""The email lease in one process: emails held by a worker that died are sent by the sweep once the lease has
run out (instant and digest alike), never before; an SMTP failure hands the emails back; each email has a
Message-ID that stays the same when it is sent again. (A real worker killed mid-batch:
test_email_lease_worker.py.)
"""

import datetime as dt
import socket

import pytest
from django.core import mail
from django.utils import timezone

from accounts.factories import UserFactory
from notifications import emails
from notifications.factories import NotificationFactory
from notifications.models import EmailState, Notification, NotificationKind

pytestmark = pytest.mark.django_db

AFTER_THE_LEASE = emails.EMAIL_LEASE + dt.timedelta(seconds=1)


def test_an_instant_email_has_a_message_id_derived_from_its_notification():
    notice = NotificationFactory(email_state=EmailState.PENDING)
    emails.notification_emails_send(notification_ids=[notice.pk])
    [message] = mail.outbox
    assert message.message()["Message-ID"] == f"<notification-{notice.public_id}@marketplace.example>"


def test_instant_emails_held_by_a_dead_worker_are_sent_by_the_sweep_once_the_lease_runs_out():
    now = timezone.now()
    notices = NotificationFactory.create_batch(3, email_state=EmailState.PENDING)
    # A worker claims them and dies before sending any.
    assert len(emails.notification_emails_claim(notification_ids=[n.pk for n in notices], now=now)) == 3
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENDING}

    # Neither its task delivered again nor the sweep takes them while the lease holds...
    assert emails.notification_emails_send(notification_ids=[n.pk for n in notices]) == 0
    assert emails.notification_emails_sweep(now=now + emails.EMAIL_LEASE - dt.timedelta(seconds=1)) == 0
    assert mail.outbox == []
    # ...the sweep does once it has run out, and only once.
    assert emails.notification_emails_sweep(now=now + AFTER_THE_LEASE) == 3
    assert emails.notification_emails_sweep(now=now + 2 * AFTER_THE_LEASE) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(n.user.email for n in notices)
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}
    assert not Notification.objects.filter(email_lease_until__isnull=False).exists()


def test_a_digest_held_by_a_dead_worker_is_sent_again_with_the_same_message_id():
    user = UserFactory()
    NotificationFactory.create_batch(
        2, user=user, kind=NotificationKind.NEW_MATCH, email_state=EmailState.DIGEST
    )
    now = timezone.now()
    emails.notification_digests_send(now=now)
    first_id = mail.outbox[0].message()["Message-ID"]
    # The same rows, as a worker that died after the SMTP server accepted the digest would leave them.
    Notification.objects.update(email_state=EmailState.DIGESTING, email_lease_until=now + emails.EMAIL_LEASE)

    assert emails.notification_emails_sweep(now=now) == 0
    assert emails.notification_emails_sweep(now=now + AFTER_THE_LEASE) == 1
    assert [m.message()["Message-ID"] for m in mail.outbox] == [first_id, first_id]
    assert first_id.startswith("<digest-") and first_id.endswith("@marketplace.example>")
    assert "Your daily digest: 2 updates" in mail.outbox[1].body
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}


def test_the_daily_digest_does_not_take_over_a_digest_another_run_is_sending():
    now = timezone.now()
    NotificationFactory(kind=NotificationKind.NEW_MATCH, email_state=EmailState.DIGESTING,
                        email_lease_until=now + emails.EMAIL_LEASE)  # fmt: skip
    assert emails.notification_digests_send(now=now) == 0
    assert mail.outbox == []


def test_an_smtp_server_that_refuses_hands_the_emails_back_to_be_sent_later(settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port, 5
    notices = NotificationFactory.create_batch(2, email_state=EmailState.PENDING)

    with pytest.raises(OSError):
        emails.notification_emails_send(notification_ids=[n.pk for n in notices])

    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.PENDING}
    assert not Notification.objects.filter(email_lease_until__isnull=False).exists()
