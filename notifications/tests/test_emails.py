"""Instant emails: text and HTML parts, the link to the notice, a one-click unsubscribe that works."""

import re

import pytest
from django.core import mail

from accounts.factories import UserFactory
from notifications import emails
from notifications.factories import NotificationFactory
from notifications.models import Delivery, EmailState, NotificationKind
from notifications.services import notification_preferences_for_user
from notifications.tests.conftest import SITE, email_path

pytestmark = pytest.mark.django_db


def unsubscribe_link(text: str) -> str:
    return re.search(rf"Stop these emails \(one click\): ({re.escape(SITE)}\S+)", text).group(1)


@pytest.fixture
def pending():
    user = UserFactory(email="maya@example.org")
    return NotificationFactory(
        user=user,
        kind=NotificationKind.APPLICATION_STATUS,
        title="You were shortlisted for “Clean our sales data”",
        body="Brightside would like to talk to you.\nExpect a message soon.",
        url="/applications/",
        email_state=EmailState.PENDING,
    )


def test_an_instant_email_has_a_text_and_an_html_part(pending):
    assert emails.notification_emails_send(notification_ids=[pending.pk]) == 1

    [message] = mail.outbox
    assert message.to == ["maya@example.org"]
    assert message.subject == "[Micro-internships] You were shortlisted for “Clean our sales data”"
    assert "Brightside would like to talk to you." in message.body
    assert f"{SITE}/applications/" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="{SITE}/applications/"' in html
    assert "Expect a message soon." in html
    assert "Changes to your applications" in message.body and "instantly" in message.body
    assert f"{SITE}/notifications/settings/" in message.body and f"{SITE}/notifications/settings/" in html


def test_an_instant_email_carries_one_click_unsubscribe_headers(pending):
    emails.notification_emails_send(notification_ids=[pending.pk])

    [message] = mail.outbox
    link = unsubscribe_link(message.body)
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.alternatives[0][0]
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()


def test_the_unsubscribe_link_in_the_email_works_through_the_site(client, pending):
    emails.notification_emails_send(notification_ids=[pending.pk])
    path = email_path(unsubscribe_link(mail.outbox[0].body))

    page = client.get(path)
    assert page.status_code == 200
    assert "Stop emails about “Changes to your applications”?" in page.content.decode()
    assert preference(pending.user, NotificationKind.APPLICATION_STATUS) == Delivery.INSTANT

    # What a mail client sends for RFC 8058 one-click: a POST without any CSRF token.
    client.handler.enforce_csrf_checks = True
    done = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert preference(pending.user, NotificationKind.APPLICATION_STATUS) == Delivery.OFF


def preference(user, kind) -> str:
    return {p.kind: p.delivery for p in notification_preferences_for_user(user=user)}[kind]


def test_each_notification_is_emailed_once(pending):
    assert emails.notification_emails_send(notification_ids=[pending.pk]) == 1
    assert emails.notification_emails_send(notification_ids=[pending.pk]) == 0
    pending.refresh_from_db()
    assert pending.email_state == EmailState.SENT and pending.emailed_at is not None
    assert len(mail.outbox) == 1


def test_only_pending_notifications_are_emailed_instantly():
    waiting = NotificationFactory(email_state=EmailState.DIGEST)
    silent = NotificationFactory(email_state=EmailState.NONE)
    assert emails.notification_emails_send(notification_ids=[waiting.pk, silent.pk]) == 0
    assert mail.outbox == []


def test_a_batch_is_sent_over_one_connection(monkeypatch):
    batch = NotificationFactory.create_batch(5, email_state=EmailState.PENDING)
    opened = []
    real = emails.get_connection
    monkeypatch.setattr(emails, "get_connection", lambda *a, **k: opened.append(1) or real(*a, **k))

    assert emails.notification_emails_send(notification_ids=[n.pk for n in batch]) == 5
    assert len(opened) == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(n.user.email for n in batch)


def test_deactivated_users_are_not_written_to():
    notification = NotificationFactory(user=UserFactory(is_active=False), email_state=EmailState.PENDING)
    assert emails.notification_emails_send(notification_ids=[notification.pk]) == 0
    assert mail.outbox == []


def test_a_notice_without_a_url_links_to_the_notification_centre():
    notification = NotificationFactory(url="", email_state=EmailState.PENDING)
    emails.notification_emails_send(notification_ids=[notification.pk])
    assert f"Open it on Micro-internships:\n{SITE}/notifications/\n" in mail.outbox[0].body


def test_the_sweep_sends_instant_emails_whose_task_was_lost_and_only_once(db, mailoutbox):
    import datetime as dt

    from django.utils import timezone

    from accounts.factories import UserFactory
    from notifications.emails import notification_emails_sweep
    from notifications.models import EmailState, Notification, NotificationKind
    from notifications.services import Notice, notify

    user = UserFactory()
    notify(user_ids=[user.id], notice=Notice(kind=NotificationKind.MESSAGE, key="m:old", title="Old news"))
    notify(user_ids=[user.id], notice=Notice(kind=NotificationKind.MESSAGE, key="m:new", title="Fresh news"))
    Notification.objects.filter(key="m:old").update(created_at=timezone.now() - dt.timedelta(minutes=30))

    assert notification_emails_sweep(now=timezone.now()) == 1
    assert [m.subject.endswith("Old news") for m in mailoutbox] == [True]
    assert Notification.objects.get(key="m:old").email_state == EmailState.SENT
    assert Notification.objects.get(key="m:new").email_state == EmailState.PENDING
    assert notification_emails_sweep(now=timezone.now()) == 0
    assert len(mailoutbox) == 1
