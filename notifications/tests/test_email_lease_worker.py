"""No lost email, no duplicate: a real worker sends to an SMTP server that counts what it accepts.

The worker is killed with SIGKILL in the middle of a batch (the server takes a moment per email, so "the
middle" is reproducible): no email is marked sent that the server did not accept, and once the lease has run
out the sweep sends the rest, so every email is delivered at least once. Without a kill, each is delivered
exactly once, and a sweep afterwards sends nothing again.
"""

import asyncio
import datetime as dt
import email
import signal
import socket
import threading
from collections import Counter

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction
from django.utils import timezone

from accounts.factories import UserFactory
from notifications import emails
from notifications.models import EmailState, Notification, NotificationKind
from notifications.services import Notice, notify
from notifications.tests.conftest import SITE
from tests.celery_worker import worker_running

pytestmark = pytest.mark.django_db(transaction=True)

EMAILS = 12


class CountingSmtpSink:
    """An SMTP server on 127.0.0.1 that accepts every email after ``delay`` seconds and records its
    Message-ID (aiosmtpd calls ``handle_DATA`` once the whole email has arrived)."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.message_ids: list[str] = []
        self._lock = threading.Lock()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope) -> str:
        await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content)
        with self._lock:
            self.message_ids.append("".join(message["Message-ID"].split()))  # unfolded
        return "250 Message accepted for delivery"

    def counts(self) -> Counter:
        with self._lock:
            return Counter(self.message_ids)


@pytest.fixture
def smtp_sink():
    sink = CountingSmtpSink(delay=0.3)
    sink.controller.start()
    yield sink
    sink.controller.stop()


@pytest.fixture
def smtp_celery_worker(transactional_db, tmp_path, smtp_sink):
    """A real worker (tests/celery_worker.py) that sends its mail to the sink."""
    env = {"TEST_EMAIL_SMTP_PORT": str(smtp_sink.port), "MARKETPLACE_SITE_URL": SITE}
    with worker_running(tmp_path, extra_env=env) as worker:
        yield worker


@pytest.fixture
def sweep_to_sink(settings, smtp_sink):
    """Run the email sweep here as beat would have the worker run it, `after` the moment given."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp_sink.port

    def sweep(*, after: dt.timedelta) -> int:
        return emails.notification_emails_sweep(now=timezone.now() + after)

    return sweep


def message_id(notification: Notification) -> str:
    return f"<notification-{notification.public_id}@marketplace.example>"


def notify_many() -> list[Notification]:
    users = UserFactory.create_batch(EMAILS)
    with transaction.atomic():  # one commit, so one task with the whole batch
        notify(
            user_ids=[user.pk for user in users],
            notice=Notice(kind=NotificationKind.MESSAGE, key="message:lease-test", title="A new message"),
        )
    return list(Notification.objects.order_by("id"))


def test_a_worker_killed_mid_batch_loses_no_email(smtp_celery_worker, smtp_sink, sweep_to_sink):
    worker = smtp_celery_worker
    notices = notify_many()

    worker.wait_for(lambda: len(smtp_sink.message_ids) >= 3, what="the first emails")
    worker.process.send_signal(signal.SIGKILL)
    worker.process.wait(timeout=10)

    delivered = smtp_sink.counts()
    assert 3 <= sum(delivered.values()) < EMAILS, "the kill did not land mid-batch"
    states = dict(Notification.objects.values_list("public_id", "email_state"))
    marked_sent = {n for n in notices if states[n.public_id] == EmailState.SENT}
    # Nothing is marked sent that the server did not accept; the rest are still held under their lease.
    assert {message_id(n) for n in marked_sent} <= set(delivered)
    assert {states[n.public_id] for n in notices} - {EmailState.SENT} == {EmailState.SENDING}
    # While the lease holds, the sweep leaves them to their worker.
    assert sweep_to_sink(after=dt.timedelta(0)) == 0

    sweep_to_sink(after=emails.EMAIL_LEASE + dt.timedelta(seconds=1))

    delivered = smtp_sink.counts()
    assert set(delivered) == {message_id(n) for n in notices}, "every email delivered at least once"
    # At most the email in flight at the kill (accepted, not yet marked) goes out twice.
    assert sum(delivered.values()) - EMAILS <= 1
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}


def test_without_a_kill_each_email_is_delivered_exactly_once(smtp_celery_worker, smtp_sink, sweep_to_sink):
    worker = smtp_celery_worker
    smtp_sink.delay = 0.05
    notices = notify_many()

    worker.wait_for(
        lambda: not Notification.objects.exclude(email_state=EmailState.SENT).exists(), what="every email"
    )
    assert smtp_sink.counts() == Counter({message_id(n): 1 for n in notices})

    # A sweep long after, with every lease run out, finds nothing to send again.
    assert sweep_to_sink(after=emails.EMAIL_LEASE + emails.STRANDED_AFTER) == 0
    assert smtp_sink.counts() == Counter({message_id(n): 1 for n in notices})
