"""The daily digest: one email per user listing what waited for it, each notice sent once."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from accounts.factories import UserFactory
from notifications import emails
from notifications.factories import NotificationFactory
from notifications.models import EmailState, Notification, NotificationKind
from notifications.tests.conftest import SITE


def waiting(user, kind=NotificationKind.NEW_MATCH, **kwargs) -> Notification:
    return NotificationFactory(user=user, kind=kind, email_state=EmailState.DIGEST, **kwargs)


@pytest.mark.django_db
def test_each_user_gets_one_digest_grouped_by_kind_newest_first():
    maya, lina = UserFactory(email="maya@example.org"), UserFactory(email="lina@example.org")
    older = waiting(maya, title="Older match", url="/projects/older/")
    newer = waiting(maya, title="Newer match", url="/projects/newer/")
    Notification.objects.filter(pk=older.pk).update(created_at=timezone.now() - dt.timedelta(hours=5))
    waiting(maya, kind=NotificationKind.DEADLINE, title="Deadline tomorrow")
    waiting(lina, title="A match for Lina")
    NotificationFactory(user=lina, email_state=EmailState.PENDING, title="Sent instantly instead")

    assert emails.notification_digests_send(now=timezone.now()) == 2

    by_recipient = {message.to[0]: message for message in mail.outbox}
    digest = by_recipient["maya@example.org"]
    assert digest.subject == "[Micro-internships] Your daily digest: 3 updates"
    body = digest.body
    # The kind with the newest notice comes first.
    assert body.index("Deadlines coming up or passed") < body.index("New projects that match you")
    assert body.index("Newer match") < body.index("Older match")
    assert f"{SITE}/projects/newer/" in body
    html = digest.alternatives[0][0]
    assert f'href="{SITE}/projects/newer/"' in html and "Deadline tomorrow" in html
    assert digest.extra_headers["List-Unsubscribe"].startswith(f"<{SITE}/notifications/unsubscribe/")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert by_recipient["lina@example.org"].subject == "[Micro-internships] Your daily digest: 1 update"
    assert "Sent instantly instead" not in by_recipient["lina@example.org"].body
    newer.refresh_from_db()
    assert newer.email_state == EmailState.SENT


@pytest.mark.django_db
def test_a_second_run_sends_nothing():
    waiting(UserFactory())
    now = timezone.now()
    assert emails.notification_digests_send(now=now) == 1
    assert emails.notification_digests_send(now=now + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_notices_arriving_after_the_run_began_wait_for_the_next_digest():
    user = UserFactory()
    waiting(user)
    started = timezone.now()
    late = waiting(user, title="Arrived during the run")
    Notification.objects.filter(pk=late.pk).update(created_at=started + dt.timedelta(seconds=1))

    emails.notification_digests_send(now=started)

    late.refresh_from_db()
    assert late.email_state == EmailState.DIGEST
    assert "Arrived during the run" not in mail.outbox[0].body


@pytest.mark.django_db
def test_users_are_taken_in_batches_over_one_connection_each(monkeypatch, django_assert_max_num_queries):
    users = UserFactory.create_batch(5)
    for user in users:
        waiting(user)
        waiting(user, kind=NotificationKind.DEADLINE)
    opened = []
    real = emails.get_connection
    monkeypatch.setattr(emails, "get_connection", lambda *a, **k: opened.append(1) or real(*a, **k))

    # Per batch of two users: find them, claim their rows, read them; one update per email once the SMTP
    # server has it (5 users); then one look for more.
    with django_assert_max_num_queries(3 * 3 + 5 + 1):
        assert emails.notification_digests_send(now=timezone.now(), batch_size=2) == 5
    assert len(opened) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users)


@pytest.mark.django_db
def test_a_long_digest_lists_the_newest_and_points_to_the_rest():
    user = UserFactory()
    for n in range(emails.DIGEST_ITEMS_PER_KIND + 3):
        waiting(user, title=f"Match number {n:02d}")
    emails.notification_digests_send(now=timezone.now())
    body = mail.outbox[0].body
    assert "Your daily digest: 13 updates" in body
    assert body.count("Match number") == emails.DIGEST_ITEMS_PER_KIND
    assert "…and 3 more in your notifications" in body


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_notice_once():
    users = UserFactory.create_batch(6)
    notices = [waiting(user) for user in users for _ in range(3)]
    start = threading.Barrier(2)
    sent: list[int] = []
    now = timezone.now()

    def run() -> None:
        try:
            start.wait()
            sent.append(emails.notification_digests_send(now=now, batch_size=2))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(sent) == len(mail.outbox)
    listed = [n.title for n in notices if any(n.title in m.body for m in mail.outbox)]
    assert sorted(listed) == sorted(n.title for n in notices)
    for notice in notices:
        assert sum(notice.title in m.body for m in mail.outbox) == 1
    assert not Notification.objects.filter(email_state=EmailState.DIGEST).exists()
