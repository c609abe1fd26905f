"""Hours logging, messages, read marks, party access and the engagement list selector."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from engagements.access import engagement_get_for_party
from engagements.factories import EngagementFactory
from engagements.selectors import (
    engagement_list_for_user,
    hours_summary,
    unread_message_count,
)
from engagements.services import (
    engagement_mark_read,
    hours_log_add,
    message_send,
)
from tests.engagement_world import make_engagement_world
from tests.errors import refused

pytestmark = pytest.mark.django_db


# Hours --------------------------------------------------------------------------------------------


def test_the_student_logs_hours(w):
    log = hours_log_add(
        engagement=w.engagement, by=w.student, date=timezone.localdate(), hours=Decimal("2.5")
    )
    assert (log.hours, log.date) == (Decimal("2.5"), timezone.localdate())


def test_hours_cannot_be_logged_for_a_future_day(w):
    with refused("date_in_future", field="date"):
        hours_log_add(
            engagement=w.engagement,
            by=w.student,
            date=timezone.localdate() + dt.timedelta(days=1),
            hours=Decimal(1),
        )


def test_hours_cannot_be_logged_before_the_work_started(w):
    with refused("date_before_start", field="date"):
        hours_log_add(
            engagement=w.engagement,
            by=w.student,
            date=timezone.localdate() - dt.timedelta(days=30),
            hours=Decimal(1),
        )


@pytest.mark.parametrize("hours", [Decimal(0), Decimal("0.1"), Decimal("24.5"), Decimal("1.234"), "lots"])
def test_hours_must_be_a_sensible_amount(w, hours):
    with refused("invalid_hours", field="hours"):
        hours_log_add(engagement=w.engagement, by=w.student, date=timezone.localdate(), hours=hours)


def test_a_day_holds_at_most_24_hours(w):
    today = timezone.localdate()
    hours_log_add(engagement=w.engagement, by=w.student, date=today, hours=Decimal(20))
    with refused("day_over_24_hours", field="hours"):
        hours_log_add(engagement=w.engagement, by=w.student, date=today, hours=Decimal(5))


def test_hours_are_logged_only_while_the_work_is_on(kickoff):
    with refused("engagement_not_active"):
        hours_log_add(engagement=kickoff.engagement, by=kickoff.student, date=timezone.localdate(), hours=1)


def test_only_the_student_logs_hours(w):
    for user in (w.employer, w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            hours_log_add(engagement=w.engagement, by=user, date=timezone.localdate(), hours=Decimal(1))


def test_hours_summary_flags_scope_creep(w):
    assert w.engagement.estimated_hours == 20
    summary = hours_summary(engagement=w.engagement)
    assert (summary.logged, summary.over_estimate, summary.over_by) == (Decimal(0), False, Decimal(0))
    for days_ago in range(3):
        hours_log_add(
            engagement=w.engagement,
            by=w.student,
            date=timezone.localdate() - dt.timedelta(days=days_ago),
            hours=Decimal("7.50"),
        )
    summary = hours_summary(engagement=w.engagement)
    assert (summary.logged, summary.estimated) == (Decimal("22.50"), Decimal(20))
    assert summary.over_estimate
    assert summary.over_by == Decimal("2.50")


# Messages -----------------------------------------------------------------------------------------


def test_either_side_sends_a_trimmed_message(w):
    message = message_send(engagement=w.engagement, by=w.student, body="  Hello!  ")
    assert (message.body, message.sender) == ("Hello!", w.student)
    assert message_send(engagement=w.engagement, by=w.employer, body="Hi").sender == w.employer


def test_a_message_cannot_be_empty(w):
    with refused("message_empty", field="body"):
        message_send(engagement=w.engagement, by=w.student, body=" \n ")


def test_a_message_holds_at_most_5000_characters(w):
    assert len(message_send(engagement=w.engagement, by=w.student, body="x" * 5000).body) == 5000
    with refused("message_too_long", field="body"):
        message_send(engagement=w.engagement, by=w.student, body="x" * 5001)


def test_outsiders_cannot_send_or_read_messages(w):
    for user in (w.outsider, w.other_employer):
        with pytest.raises(PermissionDenied):
            message_send(engagement=w.engagement, by=user, body="Hello")
        with pytest.raises(PermissionDenied):
            engagement_mark_read(engagement=w.engagement, user=user)


def test_each_side_sees_the_other_sides_new_messages_as_unread_until_read(w):
    message_send(engagement=w.engagement, by=w.student, body="One")
    message_send(engagement=w.engagement, by=w.student, body="Two")
    assert unread_message_count(engagement=w.engagement, user=w.employer) == 2
    assert unread_message_count(engagement=w.engagement, user=w.student) == 0

    engagement_mark_read(engagement=w.engagement, user=w.employer)
    engagement_mark_read(engagement=w.engagement, user=w.employer)
    assert unread_message_count(engagement=w.engagement, user=w.employer) == 0

    message_send(engagement=w.engagement, by=w.student, body="Three")
    assert unread_message_count(engagement=w.engagement, user=w.employer) == 1


def test_marking_an_empty_thread_read_is_harmless(w):
    engagement_mark_read(engagement=w.engagement, user=w.student)
    assert unread_message_count(engagement=w.engagement, user=w.student) == 0


# Access and lists ---------------------------------------------------------------------------------


def test_each_party_gets_the_engagement_by_its_public_id(w):
    for user, side in ((w.student, "student"), (w.employer, "employer")):
        assert engagement_get_for_party(user=user, public_id=w.engagement.public_id) == (w.engagement, side)
    engagement, _side = engagement_get_for_party(user=w.student, public_id=str(w.engagement.public_id))
    assert engagement == w.engagement


def test_outsiders_get_a_404_for_someone_elses_engagement(w):
    for user in (w.outsider, w.other_employer):
        with pytest.raises(Http404):
            engagement_get_for_party(user=user, public_id=w.engagement.public_id)
    with pytest.raises(Http404):
        engagement_get_for_party(user=w.student, public_id="not-a-uuid")


def test_each_user_lists_only_their_engagements(w):
    make_engagement_world()
    assert list(engagement_list_for_user(user=w.student)) == [w.engagement]
    assert list(engagement_list_for_user(user=w.employer)) == [w.engagement]
    assert list(engagement_list_for_user(user=w.outsider)) == []


def _render_list(user) -> list:
    return [
        (e.project.title, e.employer.name, e.student.user.email, e.unread_count, hasattr(e, "payment"))
        for e in engagement_list_for_user(user=user)
    ]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_student_list_runs_a_constant_number_of_queries(rows, django_assert_num_queries):
    first = make_engagement_world()
    for _ in range(rows - 1):
        EngagementFactory(application__student=first.engagement.student)
    message_send(engagement=first.engagement, by=first.employer, body="Welcome")
    with django_assert_num_queries(1):
        listed = _render_list(first.student)
    assert len(listed) == rows
    assert sum(row[3] for row in listed) == 1


@pytest.mark.parametrize("rows", [1, 50])
def test_the_employer_list_runs_a_constant_number_of_queries(rows, django_assert_num_queries):
    first = make_engagement_world()
    for _ in range(rows - 1):
        EngagementFactory(application__project=first.engagement.project)
    with django_assert_num_queries(1):
        listed = _render_list(first.employer)
    assert len(listed) == rows
