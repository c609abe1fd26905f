"""An email the mail server will never take does not block the others nor come back for ever: a permanent
refusal (5xx) marks that one email failed and the batch goes on; a temporary one (4xx) hands it back for a
retry, and after MAX_EMAIL_ATTEMPTS claims the sweep gives it up. A real SMTP server (aiosmtpd) answers."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.factories import UserFactory
from notifications import emails
from notifications.factories import NotificationFactory
from notifications.models import EmailState, Notification

pytestmark = pytest.mark.django_db


def pending_to(address: str) -> Notification:
    return NotificationFactory(user=UserFactory(email=address), email_state=EmailState.PENDING)


def test_a_permanently_refused_email_is_marked_failed_and_the_rest_of_the_batch_goes_out(smtp_server):
    first, refused, last = (pending_to(a) for a in ("ann@uni.test", "refused@uni.test", "zoe@uni.test"))
    sent = emails.notification_emails_send(notification_ids=[first.pk, refused.pk, last.pk])
    assert sent == 2
    assert sorted(smtp_server.delivered) == ["ann@uni.test", "zoe@uni.test"]
    states = dict(Notification.objects.values_list("pk", "email_state"))
    assert states == {first.pk: EmailState.SENT, refused.pk: EmailState.FAILED, last.pk: EmailState.SENT}
    # The sweep does not pick it up again.
    assert emails.notification_emails_sweep(now=timezone.now() + dt.timedelta(hours=1)) == 0
    assert len(smtp_server.delivered) == 2


def test_a_temporarily_refused_email_is_retried_until_its_attempts_run_out_then_given_up(smtp_server):
    notice = pending_to("later@uni.test")
    now = timezone.now()
    for attempt in range(1, emails.MAX_EMAIL_ATTEMPTS + 1):
        with pytest.raises(Exception, match="Try again later"):
            emails.notification_emails_send(notification_ids=[notice.pk], now=now)
        notice.refresh_from_db()
        assert (notice.email_state, notice.email_attempts) == (EmailState.PENDING, attempt)
    # Out of attempts: neither a task nor the sweep claims it again, and the sweep marks it failed.
    assert emails.notification_emails_send(notification_ids=[notice.pk], now=now) == 0
    assert emails.notification_emails_sweep(now=now + dt.timedelta(hours=1)) == 0
    notice.refresh_from_db()
    assert notice.email_state == EmailState.FAILED and notice.email_attempts == emails.MAX_EMAIL_ATTEMPTS
    assert smtp_server.delivered == []


def test_a_digest_counts_its_attempts_too(smtp_server):
    user = UserFactory(email="later-digest@uni.test")
    NotificationFactory.create_batch(2, user=user, email_state=EmailState.DIGEST)
    with pytest.raises(Exception, match="Try again later"):
        emails.notification_digests_send(now=timezone.now())
    assert set(Notification.objects.values_list("email_state", "email_attempts")) == {(EmailState.DIGEST, 1)}
