"""A real Celery worker sends the emails: the instant one once the notice commits, the daily digest when
the task runs, and a repeated digest task sends nothing twice."""

import pytest
from django.db import transaction

from accounts.factories import UserFactory
from marketplace.celery import app
from notifications.models import Delivery, EmailState, Notification, NotificationKind
from notifications.services import Notice, notification_preference_set, notify
from notifications.tasks import notification_digests_send

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(celery_worker_process):
    """The real worker, with Celery's cached task router rebuilt around it: the router is built once from
    the routes of the moment, so a second worker test would otherwise queue to the first one's stopped
    worker."""
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)
    yield celery_worker_process
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)


def test_the_worker_emails_an_instant_notice_once_it_is_committed(worker):
    user = UserFactory(email="maya@example.org")
    with transaction.atomic():
        notify(
            user_ids=[user.pk],
            notice=Notice(
                kind=NotificationKind.APPLICATION_STATUS,
                key="application:test:accepted",
                title="You were accepted",
                url="/engagements/",
            ),
        )

    # Marked sent once the SMTP server (here the file backend) has it: wait for that, not only the file.
    worker.wait_for(
        lambda: Notification.objects.filter(user=user, email_state=EmailState.SENT).exists(), what="the email"
    )
    [message] = worker.sent_emails()
    assert message["To"] == "maya@example.org"
    assert message["Subject"] == "[Micro-internships] You were accepted"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = " ".join(message["List-Unsubscribe"].split())
    assert unsubscribe.startswith("<https://") and "/notifications/unsubscribe/" in unsubscribe
    assert sorted(part.get_content_type() for part in message.walk() if not part.is_multipart()) == [
        "text/html",
        "text/plain",
    ]
    assert Notification.objects.get(user=user).email_state == EmailState.SENT


def test_the_worker_sends_each_digest_once_however_often_the_task_runs(worker):
    users = UserFactory.create_batch(3)
    for user in users:
        notification_preference_set(user=user, kind=NotificationKind.MESSAGE, delivery=Delivery.DIGEST)
    for n in range(2):
        notify(
            user_ids=[u.pk for u in users],
            notice=Notice(kind=NotificationKind.MESSAGE, key=f"message:{n}", title=f"New message {n}"),
        )

    for _ in range(3):
        notification_digests_send.delay()

    worker.wait_for(lambda: not Notification.objects.filter(email_state=EmailState.DIGEST).exists())
    worker.wait_for(lambda: worker.log().count("succeeded") >= 3, what="the three task runs")
    sent = worker.sent_emails()
    assert sorted(message["To"] for message in sent) == sorted(u.email for u in users)
    assert {message["Subject"] for message in sent} == {"[Micro-internships] Your daily digest: 2 updates"}
