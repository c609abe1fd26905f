"""Emailing invitations: each sent once whatever the retries, lost tasks swept up, businesses reminded
once."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from invitations.models import BusinessInvitation, ImportKind, StudentInvitation
from invitations.services import (
    business_invitations_remind,
    invitation_emails_send,
    invitation_emails_sweep,
    invitation_revoke,
)
from invitations.services.sending import STRANDED_AFTER
from invitations.tests.factories import BusinessInvitationFactory, StudentInvitationFactory
from notifications.leased_emails import SEND_LEASE
from universities.career_office import CAREER_OFFICE_GROUP, CAREER_OFFICE_PERMISSIONS

pytestmark = pytest.mark.django_db


def test_an_invitation_is_sent_once_however_often_its_task_runs(north):
    invitation = StudentInvitationFactory(university=north, sent_at=None)
    assert invitation_emails_send(kind=ImportKind.STUDENTS, ids=[invitation.pk]) == 1
    assert invitation_emails_send(kind=ImportKind.STUDENTS, ids=[invitation.pk]) == 0
    [message] = mail.outbox
    assert message.extra_headers["Message-ID"].startswith(f"<invitation-student-{invitation.pk}@")
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and invitation.send_lease_until is None


def test_an_invitation_held_by_another_worker_is_left_to_it_until_its_lease_runs_out(north):
    now = timezone.now()
    held = StudentInvitationFactory(university=north, sent_at=None, send_lease_until=now + SEND_LEASE)
    assert invitation_emails_send(kind=ImportKind.STUDENTS, ids=[held.pk], now=now) == 0
    later = now + SEND_LEASE + dt.timedelta(seconds=1)
    assert invitation_emails_send(kind=ImportKind.STUDENTS, ids=[held.pk], now=later) == 1


def test_a_withdrawn_invitation_is_never_sent(north, carol):
    invitation = StudentInvitationFactory(university=north, sent_at=None)
    invitation_revoke(invitation=invitation, by=carol)
    assert invitation_emails_send(kind=ImportKind.STUDENTS, ids=[invitation.pk]) == 0
    assert mail.outbox == []


def test_a_failed_send_releases_the_invitation_for_a_retry(north, settings):
    invitation = BusinessInvitationFactory(university=north, sent_at=None)
    settings.EMAIL_BACKEND = "invitations.tests.test_sending.BrokenBackend"
    with pytest.raises(ConnectionRefusedError):
        invitation_emails_send(kind=ImportKind.BUSINESSES, ids=[invitation.pk])
    invitation.refresh_from_db()
    assert invitation.sent_at is None and invitation.send_lease_until is None


class BrokenBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *args) -> None:
        pass

    def send_messages(self, messages) -> int:
        raise ConnectionRefusedError("SMTP server down")


def test_the_sweep_sends_invitations_whose_task_was_lost(north):
    lost = StudentInvitationFactory(university=north, sent_at=None)
    fresh = BusinessInvitationFactory(university=north, sent_at=None)
    StudentInvitation.objects.filter(pk=lost.pk).update(created_at=timezone.now() - STRANDED_AFTER * 2)
    assert invitation_emails_sweep(now=timezone.now()) == 1
    assert [m.to for m in mail.outbox] == [[lost.email]]
    fresh.refresh_from_db()
    assert fresh.sent_at is None  # its own task goes first


def test_unanswered_businesses_are_reminded_once_after_seven_days(north):
    now = timezone.now()
    due = BusinessInvitationFactory(university=north, sent_at=now - dt.timedelta(days=7, minutes=1))
    BusinessInvitationFactory(university=north, sent_at=now - dt.timedelta(days=6))
    BusinessInvitationFactory(university=north, sent_at=now - dt.timedelta(days=9), accepted=True)
    withdrawn = BusinessInvitationFactory(university=north, sent_at=now - dt.timedelta(days=9))
    BusinessInvitation.objects.filter(pk=withdrawn.pk).update(revoked_at=now)

    assert business_invitations_remind(now=now) == 1
    assert business_invitations_remind(now=now + dt.timedelta(hours=1)) == 0
    [message] = mail.outbox
    assert message.to == [due.email]
    assert message.subject.startswith("[Micro-internships] Reminder:")
    assert "A week ago" in message.body
    assert message.extra_headers["Message-ID"].startswith(f"<invitation-business-{due.pk}-reminder@")
    due.refresh_from_db()
    assert due.reminded_at == now


def test_a_reminder_that_fails_is_tried_again_later(north, settings):
    now = timezone.now()
    due = BusinessInvitationFactory(university=north, sent_at=now - dt.timedelta(days=8))
    settings.EMAIL_BACKEND = "invitations.tests.test_sending.BrokenBackend"
    with pytest.raises(ConnectionRefusedError):
        business_invitations_remind(now=now)
    due.refresh_from_db()
    assert due.reminded_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert business_invitations_remind(now=now) == 1


def test_the_migrations_schedule_the_tasks_and_grant_the_career_office(db):
    tasks = set(PeriodicTask.objects.values_list("task", flat=True))
    assert {
        "invitations.tasks.business_invitations_remind",
        "invitations.tasks.invitation_emails_sweep",
        "invitations.tasks.invitation_uploads_prune",
    } <= tasks
    granted = set(Group.objects.get(name=CAREER_OFFICE_GROUP).permissions.values_list(
        "content_type__app_label", "codename"
    ))  # fmt: skip
    invitations = {perm for perm in CAREER_OFFICE_PERMISSIONS if perm[0] == "invitations"}
    assert len(invitations) == 6
    assert invitations <= granted


def test_unconfirmed_uploads_are_deleted_after_two_days_and_confirmed_ones_kept(north, carol):
    from invitations.models import InvitationImport
    from invitations.services import invitation_uploads_prune

    now = timezone.now()
    stale = InvitationImport.objects.create(university=north, kind=ImportKind.STUDENTS, file_name="a.csv")
    fresh = InvitationImport.objects.create(university=north, kind=ImportKind.STUDENTS, file_name="b.csv")
    done = InvitationImport.objects.create(
        university=north, kind=ImportKind.STUDENTS, file_name="c.csv", confirmed_at=now
    )
    InvitationImport.objects.filter(pk__in=[stale.pk, done.pk]).update(created_at=now - dt.timedelta(days=3))
    assert invitation_uploads_prune(now=now) == 1
    assert set(InvitationImport.objects.values_list("pk", flat=True)) == {fresh.pk, done.pk}


def test_two_overlapping_reminder_runs_remind_each_business_once(run_overlapping):
    from universities.factories import UniversityFactory

    now = timezone.now()
    university = UniversityFactory()
    BusinessInvitationFactory.create_batch(3, university=university, sent_at=now - dt.timedelta(days=8))
    counts = run_overlapping(business_invitations_remind, now)
    assert sorted(counts) == [0, 3]
    assert len(mail.outbox) == 3
    assert BusinessInvitation.objects.filter(reminded_at__isnull=True).count() == 0


def test_two_overlapping_sweeps_send_each_invitation_once(run_overlapping):
    from universities.factories import UniversityFactory

    university = UniversityFactory()
    lost = StudentInvitationFactory.create_batch(3, university=university, sent_at=None)
    StudentInvitation.objects.filter(pk__in=[i.pk for i in lost]).update(
        created_at=timezone.now() - STRANDED_AFTER * 2
    )
    counts = run_overlapping(invitation_emails_sweep, timezone.now())
    assert sum(counts) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(i.email for i in lost)


def test_an_address_the_mail_server_refuses_for_good_does_not_hold_back_the_others(north, smtp_server):
    """A mistyped roster address (550 from a real SMTP server) is marked refused and the rest still go out;
    neither the sweep nor a retry sends it again."""
    first, refused, last = (
        StudentInvitationFactory(university=north, email=address, sent_at=None)
        for address in ("ann@north.edu", "refused@north.edu", "zoe@north.edu")
    )
    assert invitation_emails_send(kind=ImportKind.STUDENTS, ids=[first.pk, refused.pk, last.pk]) == 2
    assert sorted(smtp_server.delivered) == ["ann@north.edu", "zoe@north.edu"]
    refused.refresh_from_db()
    assert refused.sent_at is None and refused.refused_at is not None and refused.send_lease_until is None
    later = timezone.now() + STRANDED_AFTER + dt.timedelta(minutes=1)
    assert invitation_emails_sweep(now=later) == 0
    assert invitation_emails_send(kind=ImportKind.STUDENTS, ids=[refused.pk]) == 0
    assert len(smtp_server.delivered) == 2
