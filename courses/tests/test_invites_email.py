"""A roster's invitees are emailed: once each, after the import commits, through a real SMTP server; never
again on a re-import or a redelivered task; not at all once they have an account."""

import smtplib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import courses.tasks  # noqa: F401  (registers the task, as the worker's autodiscovery does)
import marketplace.tasks as marketplace_tasks
from accounts.factories import UserFactory
from courses.models import CourseInvite
from courses.services import course_invites_claim
from courses.services.invite_emails import (
    SEND_TASK,
    STRANDED_AFTER,
    course_invite_email,
    course_invite_emails_send,
    course_invite_emails_sweep,
)
from marketplace.celery import app
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

ROSTER = "email,name\nella@north.edu,Ella Enrolled\nnia@north.edu,Nia New\nomar@north.edu,Omar Other\n"


@pytest.fixture
def course_tasks_run(monkeypatch) -> list[tuple[str, list]]:
    """Tasks queued with enqueue_on_commit run at once, here, instead of going to the broker."""
    ran: list[tuple[str, list]] = []

    def run(name: str, args: list) -> bool:
        ran.append((name, args))
        app.tasks[name].apply(args=args, throw=True)
        return True

    monkeypatch.setattr(marketplace_tasks, "send_or_park", run)
    return ran


def _import(client, course, csv: str, capture) -> None:
    upload = SimpleUploadedFile("roster.csv", csv.encode(), content_type="text/csv")
    response = client.post(reverse("courses:roster_upload", args=[course.public_id]), {"file": upload})
    assert response.status_code == 302, response.content
    with capture(execute=True):
        client.post(response["Location"])


def test_confirming_a_roster_emails_each_new_invitee_once(
    client,
    prof_north,
    north_course,
    enrolled,
    smtp_server,
    course_tasks_run,
    django_capture_on_commit_callbacks,
):
    client.force_login(prof_north.user)
    _import(client, north_course, ROSTER, django_capture_on_commit_callbacks)
    assert sorted(smtp_server.delivered) == ["nia@north.edu", "omar@north.edu"]  # Ella is enrolled already
    assert [name for name, _args in course_tasks_run] == [SEND_TASK]
    invites = CourseInvite.objects.filter(course=north_course)
    assert all(invite.sent_at and invite.send_lease_until is None for invite in invites)

    _import(client, north_course, ROSTER + "pia@north.edu,Pia\n", django_capture_on_commit_callbacks)
    assert sorted(smtp_server.delivered) == ["nia@north.edu", "omar@north.edu", "pia@north.edu"]


def test_a_redelivered_task_emails_nobody_twice(north_course):
    invite = CourseInvite.objects.create(course=north_course, email="nia@north.edu", full_name="Nia New")
    assert course_invite_emails_send(ids=[invite.pk]) == 1
    assert course_invite_emails_send(ids=[invite.pk]) == 0
    [message] = mail.outbox
    assert message.extra_headers["Message-ID"].startswith(f"<course-invite-{invite.pk}@")


def test_the_email_says_which_course_they_join_and_links_to_sign_up_with_their_address(
    client, north_course, prof_north
):
    invite = CourseInvite.objects.create(
        course=north_course, email="nia@north.edu", full_name="Nia New", invited_by=prof_north.user
    )
    message = course_invite_email(invite)
    assert message.subject == "[Micro-internships] Join BUS 301 Consulting practicum on Micro-internships"
    assert message.to == ["nia@north.edu"] and message.reply_to == ["nora@north.edu"]
    assert "Hello Nia New" in message.body
    assert "Nora North put you on the roster of BUS 301 Consulting practicum at North" in message.body
    assert "Sign up with this address, nia@north.edu" in message.body
    assert "you join BUS 301 Consulting practicum straight away" in message.body
    html = message.alternatives[0][0]
    assert "Create your student account" in html
    link = next(line for line in message.body.splitlines() if "/accounts/signup/" in line)
    query = parse_qs(urlsplit(link).query)
    assert query == {"role": ["student"], "email": ["nia@north.edu"]}
    page = client.get(f"{urlsplit(link).path}?{urlsplit(link).query}").text
    assert 'value="nia@north.edu"' in page


def test_invitees_who_have_an_account_or_joined_by_now_are_not_emailed(north_course, north):
    joined = CourseInvite.objects.create(course=north_course, email="nia@north.edu")
    signed_up = CourseInvite.objects.create(course=north_course, email="omar@north.edu")
    student = StudentProfileFactory(university=north, user=UserFactory(student=True, email="nia@north.edu"))
    course_invites_claim(user=student.user, email="nia@north.edu")
    UserFactory(student=True, email="Omar@north.edu")
    assert course_invite_emails_send(ids=[joined.pk, signed_up.pk]) == 0
    assert mail.outbox == []


def test_an_address_the_server_refuses_for_good_holds_back_none_of_the_others(north_course, smtp_server):
    ids = [
        CourseInvite.objects.create(course=north_course, email=email).pk
        for email in ["ann@north.edu", "refused@north.edu", "zoe@north.edu"]
    ]
    assert course_invite_emails_send(ids=ids) == 2
    assert sorted(smtp_server.delivered) == ["ann@north.edu", "zoe@north.edu"]
    assert course_invite_emails_send(ids=ids) == 0  # the refused one is not tried again either
    assert CourseInvite.objects.get(email="refused@north.edu").refused_at is not None
    assert len(smtp_server.delivered) == 2


def test_a_send_that_fails_leaves_the_invite_for_the_retry(north_course, smtp_server):
    invite = CourseInvite.objects.create(course=north_course, email="later@north.edu")
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        course_invite_emails_send(ids=[invite.pk])
    invite.refresh_from_db()
    assert invite.sent_at is None and invite.send_lease_until is None  # released for the retry
    CourseInvite.objects.filter(pk=invite.pk).update(email="nia@north.edu")
    assert course_invite_emails_send(ids=[invite.pk]) == 1
    assert smtp_server.delivered == ["nia@north.edu"]


def test_an_import_that_rolls_back_emails_nobody(
    prof_north, north_course, smtp_server, course_tasks_run, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from courses.services import roster_import_confirm, roster_upload_stage

    upload = SimpleUploadedFile("roster.csv", b"email\nnia@north.edu\n", content_type="text/csv")
    roster = roster_upload_stage(course=north_course, by=prof_north.user, upload=upload)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        roster_import_confirm(roster=roster, by=prof_north.user)
        raise RuntimeError("the request failed after the import")
    assert course_tasks_run == [] and smtp_server.delivered == []
    assert not CourseInvite.objects.exists()


def test_the_sweep_emails_invites_whose_task_was_lost_and_leaves_held_ones(north_course, smtp_server):
    from django.utils import timezone

    lost = CourseInvite.objects.create(course=north_course, email="lost@north.edu")
    held = CourseInvite.objects.create(course=north_course, email="held@north.edu")
    fresh = CourseInvite.objects.create(course=north_course, email="fresh@north.edu")
    now = timezone.now()
    CourseInvite.objects.filter(pk__in=[lost.pk, held.pk]).update(created_at=now - STRANDED_AFTER * 2)
    CourseInvite.objects.filter(pk=held.pk).update(send_lease_until=now + STRANDED_AFTER)  # a worker on it
    assert course_invite_emails_sweep(now=now) == 1
    assert smtp_server.delivered == ["lost@north.edu"]
    assert course_invite_emails_sweep(now=now) == 0  # sent: not again
    fresh.refresh_from_db()
    assert fresh.sent_at is None  # its own task is still coming
