"""notify() honours each user's preference; users read, choose and unsubscribe through the services."""

import datetime as dt

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import Role
from notifications.factories import NotificationFactory
from notifications.models import Delivery, EmailState, Notification, NotificationKind, NotificationPreference
from notifications.selectors import (
    notification_kinds_for_user,
    notification_list_for_user,
    notification_unread_count,
)
from notifications.services import (
    UNSUBSCRIBE_MAX_AGE,
    UNSUBSCRIBE_SALT,
    Notice,
    notification_mark_all_read,
    notification_mark_read,
    notification_preference_set,
    notification_preferences_for_user,
    notification_preferences_set,
    notification_resubscribe,
    notification_unsubscribe,
    notification_unsubscribe_link_read,
    notification_unsubscribe_token,
    notify,
    notify_selected,
)

pytestmark = pytest.mark.django_db

STATUS = NotificationKind.APPLICATION_STATUS


def status_notice(key: str = "application:abc:shortlisted") -> Notice:
    return Notice(kind=STATUS, key=key, title="You were shortlisted", body="Good news.", url="/applications/")


def test_notify_follows_each_users_preference(django_capture_on_commit_callbacks):
    instant, digest, off, default = UserFactory.create_batch(4)
    notification_preference_set(user=instant, kind=STATUS, delivery=Delivery.INSTANT)
    notification_preference_set(user=digest, kind=STATUS, delivery=Delivery.DIGEST)
    notification_preference_set(user=off, kind=STATUS, delivery=Delivery.OFF)

    with django_capture_on_commit_callbacks() as callbacks:
        told = notify(user_ids=[instant.pk, digest.pk, off.pk, default.pk], notice=status_notice())

    assert told == 3
    states = dict(Notification.objects.values_list("user_id", "email_state"))
    assert states == {
        instant.pk: EmailState.PENDING,
        digest.pk: EmailState.DIGEST,
        default.pk: EmailState.PENDING,
    }
    assert off.pk not in states
    assert len(callbacks) == 1


def test_notify_tells_a_user_about_a_key_once():
    user = UserFactory()
    assert notify(user_ids=[user.pk], notice=status_notice()) == 1
    assert notify(user_ids=[user.pk], notice=status_notice()) == 0
    assert Notification.objects.filter(user=user).count() == 1


def test_every_notification_gets_its_own_public_id():
    users = UserFactory.create_batch(3)
    notify(user_ids=[u.pk for u in users], notice=status_notice())
    public_ids = set(Notification.objects.values_list("public_id", flat=True))
    assert len(public_ids) == 3 and None not in public_ids


def test_preferences_include_the_defaults_for_kinds_never_chosen():
    user = UserFactory()
    notification_preference_set(user=user, kind=STATUS, delivery=Delivery.DIGEST)

    preferences = {p.kind: p for p in notification_preferences_for_user(user=user)}

    assert set(preferences) == set(NotificationKind.values)
    assert preferences[STATUS].delivery == Delivery.DIGEST and not preferences[STATUS].is_default
    assert preferences[NotificationKind.NEW_MATCH].delivery == Delivery.DIGEST
    assert preferences[NotificationKind.NEW_MATCH].is_default
    assert preferences[NotificationKind.MESSAGE].delivery == Delivery.INSTANT


def test_setting_a_preference_twice_keeps_one_row():
    user = UserFactory()
    notification_preference_set(user=user, kind=STATUS, delivery=Delivery.DIGEST)
    notification_preference_set(user=user, kind=STATUS, delivery=Delivery.OFF)
    assert list(NotificationPreference.objects.filter(user=user).values_list("delivery", flat=True)) == [
        "off"
    ]


@pytest.mark.parametrize(
    ("deliveries", "field"),
    [({"no_such_kind": Delivery.OFF}, "kind"), ({STATUS: "weekly"}, "delivery")],
)
def test_an_unknown_kind_or_delivery_is_refused_and_nothing_is_saved(deliveries, field):
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        notification_preferences_set(user=user, deliveries=deliveries)
    assert field in error.value.message_dict
    assert not NotificationPreference.objects.exists()


def test_turning_a_kind_off_cancels_its_emails_not_sent_yet():
    user = UserFactory()
    waiting = NotificationFactory(user=user, kind=STATUS, email_state=EmailState.DIGEST)
    queued = NotificationFactory(user=user, kind=STATUS, email_state=EmailState.PENDING)
    other_kind = NotificationFactory(user=user, kind=NotificationKind.MESSAGE, email_state=EmailState.DIGEST)

    notification_preference_set(user=user, kind=STATUS, delivery=Delivery.OFF)

    for notification in (waiting, queued, other_kind):
        notification.refresh_from_db()
    assert waiting.email_state == queued.email_state == EmailState.NONE
    assert other_kind.email_state == EmailState.DIGEST
    assert notify(user_ids=[user.pk], notice=status_notice("application:new:rejected")) == 0


def test_the_settings_offer_the_kinds_of_the_users_role():
    student = UserFactory(role=Role.STUDENT)
    employer = UserFactory(role=Role.EMPLOYER)
    staff = UserFactory(career_staff=True)

    assert NotificationKind.NEW_MATCH in notification_kinds_for_user(user=student)
    assert NotificationKind.APPLICANTS_WAITING not in notification_kinds_for_user(user=student)
    assert NotificationKind.APPLICANTS_WAITING in notification_kinds_for_user(user=employer)
    assert NotificationKind.NEW_MATCH not in notification_kinds_for_user(user=employer)
    assert notification_kinds_for_user(user=staff) == []


def test_a_kind_the_user_was_sent_can_always_be_turned_off():
    staff = UserFactory(career_staff=True)
    NotificationFactory(user=staff, kind=NotificationKind.DEADLINE)
    assert notification_kinds_for_user(user=staff) == [NotificationKind.DEADLINE]


def test_marking_read_is_scoped_to_the_owner():
    owner, other = UserFactory.create_batch(2)
    notification = NotificationFactory(user=owner)

    with pytest.raises(Http404):
        notification_mark_read(user=other, public_id=notification.public_id)
    notification.refresh_from_db()
    assert notification.read_at is None

    first = timezone.now() - dt.timedelta(hours=1)
    assert notification_mark_read(user=owner, public_id=notification.public_id, now=first).read_at == first
    again = notification_mark_read(user=owner, public_id=notification.public_id)
    notification.refresh_from_db()
    assert again.read_at == notification.read_at == first


def test_mark_all_read_touches_only_the_users_unread():
    owner, other = UserFactory.create_batch(2)
    NotificationFactory.create_batch(3, user=owner)
    NotificationFactory(user=owner, read_at=timezone.now())
    NotificationFactory(user=other)

    assert notification_unread_count(user=owner) == 3
    assert notification_mark_all_read(user=owner) == 3
    assert notification_unread_count(user=owner) == 0
    assert notification_unread_count(user=other) == 1
    assert notification_list_for_user(user=owner, unread_only=True).count() == 0


def test_unsubscribing_turns_the_kind_off_and_remembers_what_it_was():
    user = UserFactory()
    notification_preference_set(user=user, kind=NotificationKind.NEW_MATCH, delivery=Delivery.INSTANT)
    token = notification_unsubscribe_token(user_id=user.pk, kinds=[NotificationKind.NEW_MATCH])

    done = notification_unsubscribe(token=token)

    assert done.link.user == user
    assert done.previous == {NotificationKind.NEW_MATCH: Delivery.INSTANT}
    preferences = {p.kind: p.delivery for p in notification_preferences_for_user(user=user)}
    assert preferences[NotificationKind.NEW_MATCH] == Delivery.OFF
    assert preferences[STATUS] == Delivery.INSTANT
    assert notification_unsubscribe(token=token).previous == {NotificationKind.NEW_MATCH: Delivery.OFF}


def test_resubscribing_restores_the_previous_delivery_and_never_more_kinds():
    user = UserFactory()
    token = notification_unsubscribe_token(user_id=user.pk, kinds=[NotificationKind.NEW_MATCH])
    notification_unsubscribe(token=token)

    notification_resubscribe(token=token, deliveries={NotificationKind.NEW_MATCH: "digest", STATUS: "off"})

    preferences = {p.kind: p.delivery for p in notification_preferences_for_user(user=user)}
    assert preferences[NotificationKind.NEW_MATCH] == Delivery.DIGEST
    assert not NotificationPreference.objects.filter(user=user, kind=STATUS).exists()


def test_resubscribing_to_off_is_refused():
    user = UserFactory()
    token = notification_unsubscribe_token(user_id=user.pk, kinds=[STATUS])
    with pytest.raises(ValidationError):
        notification_resubscribe(token=token, deliveries={STATUS: Delivery.OFF})


@pytest.mark.parametrize(
    "make_token",
    [
        lambda user: notification_unsubscribe_token(user_id=user.pk, kinds=[STATUS])[:-3] + "abc",
        lambda user: signing.dumps({"u": user.pk, "k": [STATUS]}, salt="another.salt"),
        lambda user: signing.dumps({"u": user.pk, "k": ["no_such_kind"]}, salt=UNSUBSCRIBE_SALT),
        lambda user: signing.dumps({"u": user.pk + 1000, "k": [STATUS]}, salt=UNSUBSCRIBE_SALT),
        lambda user: "not-a-token",
    ],
    ids=["tampered", "other-salt", "unknown-kind", "unknown-user", "garbage"],
)
def test_a_bad_token_changes_nothing(make_token):
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        notification_unsubscribe(token=make_token(user))
    assert error.value.code == "invalid"
    assert not NotificationPreference.objects.exists()


def test_an_expired_token_changes_nothing(monkeypatch):
    user = UserFactory()
    token = notification_unsubscribe_token(user_id=user.pk, kinds=[STATUS])
    later = timezone.now().timestamp() + UNSUBSCRIBE_MAX_AGE.total_seconds() + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)

    with pytest.raises(ValidationError) as error:
        notification_unsubscribe_link_read(token=token)
    assert error.value.code == "expired"
    assert not NotificationPreference.objects.exists()


def test_notify_skips_deactivated_accounts(db):
    from accounts.factories import UserFactory
    from notifications.models import Notification, NotificationKind
    from notifications.services import Notice, notify

    active, gone = UserFactory(), UserFactory(is_active=False)
    told = notify(
        user_ids=[active.id, gone.id],
        notice=Notice(kind=NotificationKind.MESSAGE, key="message:1", title="New message"),
    )
    assert told == 1
    assert list(Notification.objects.values_list("user_id", flat=True)) == [active.id]


def test_notify_selected_keeps_notifys_guarantees_for_rows_chosen_by_a_query(
    django_capture_on_commit_callbacks,
):
    """The bulk path: preferences, deactivated accounts, once per key, a body per row or the notice's, public
    ids, instant emails queued on commit (once)."""
    instant, digest, off, default, gone = UserFactory.create_batch(5)
    notification_preference_set(user=instant, kind=STATUS, delivery=Delivery.INSTANT)
    notification_preference_set(user=digest, kind=STATUS, delivery=Delivery.DIGEST)
    notification_preference_set(user=off, kind=STATUS, delivery=Delivery.OFF)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    users = [instant, digest, off, default, gone]
    recipients = "SELECT id, CASE WHEN id = %s THEN %s END FROM accounts_user WHERE id = ANY(%s)"
    params = [digest.pk, "Just for you.", [user.pk for user in users]]

    with django_capture_on_commit_callbacks() as first:
        assert notify_selected(recipients_sql=recipients, params=params, notice=status_notice()) == 3
    with django_capture_on_commit_callbacks() as second:
        assert notify_selected(recipients_sql=recipients, params=params, notice=status_notice()) == 0

    rows = {row.user_id: row for row in Notification.objects.all()}
    assert {user_id: row.email_state for user_id, row in rows.items()} == {
        instant.pk: EmailState.PENDING,
        digest.pk: EmailState.DIGEST,
        default.pk: EmailState.PENDING,
    }
    assert rows[digest.pk].body == "Just for you." and rows[default.pk].body == "Good news."
    assert len({row.public_id for row in rows.values()}) == 3
    assert len(first) == 1 and second == []
