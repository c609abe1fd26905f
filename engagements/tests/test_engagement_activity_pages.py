"""The activity panel of the engagement page: messages (send, thread, unread marks, htmx refresh, older pages)
and the hours log (logging, errors, the estimate and scope creep), for both sides and for outsiders."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from employers.factories import EmployerMemberFactory
from engagements.models import EngagementStatus, HoursLog, Message, MilestoneStatus
from engagements.services import engagement_mark_read, message_send
from tests.engagement_world import make_engagement_world

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def url(name: str, engagement) -> str:
    return reverse(f"engagements:{name}", kwargs={"public_id": engagement.public_id})


def page(client, user, engagement, query: str = "") -> str:
    client.force_login(user)
    response = client.get(url("detail", engagement) + query)
    assert response.status_code == 200
    return response.content.decode()


def thread(client, user, engagement, query: str = "") -> str:
    client.force_login(user)
    response = client.get(url("messages", engagement) + query, headers=HTMX)
    assert response.status_code == 200
    return response.content.decode()


def log_hours(engagement, hours: str, days_ago: int = 0, note: str = "") -> HoursLog:
    date = timezone.localdate() - dt.timedelta(days=days_ago)
    return HoursLog.objects.create(engagement=engagement, date=date, hours=Decimal(hours), note=note)


# Sending messages ----------------------------------------------------------------------------------


def test_the_student_sends_a_message_and_returns_to_the_thread(client, w):
    client.force_login(w.student)
    response = client.post(url("message_send", w.engagement), {"message-body": "  Where is the data?  "})
    assert response.status_code == 302
    assert response.url == url("detail", w.engagement) + "#messages"
    message = Message.objects.get(engagement=w.engagement)
    assert (message.sender, message.body) == (w.student, "Where is the data?")
    assert "Message sent." in page(client, w.student, w.engagement)


def test_every_member_of_the_employer_writes_and_reads_the_same_thread(client, w):
    colleague = EmployerMemberFactory(employer=w.engagement.employer, user__full_name="Lee Colleague").user
    client.force_login(colleague)
    client.post(url("message_send", w.engagement), {"message-body": "Welcome aboard"})
    html = thread(client, w.employer, w.engagement)
    assert "Welcome aboard" in html
    assert "Lee Colleague" in html
    assert w.engagement.employer.name in html


def test_the_thread_shows_each_message_oldest_first_with_its_sender_side_and_time(client, w):
    message_send(engagement=w.engagement, by=w.employer, body="First, from the employer")
    message_send(engagement=w.engagement, by=w.student, body="Second, from the student\non two lines")
    html = thread(client, w.student, w.engagement)
    assert html.index("First, from the employer") < html.index("Second, from the student")
    assert "Dana Manager" in html and w.engagement.employer.name in html
    assert "Sam Student" in html and "(you)" in html and "Student</span>" in html
    assert "on two lines" in html and "<br>" in html
    assert "<time datetime=" in html


def test_an_empty_message_re_renders_the_page_with_the_error(client, w):
    client.force_login(w.student)
    response = client.post(url("message_send", w.engagement), {"message-body": "   \n  "})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Write a message first." in html
    assert html.count("<h1") == 1
    assert not Message.objects.exists()


def test_a_message_too_long_keeps_the_text_with_the_error(client, w):
    client.force_login(w.employer)
    text = "Detailed feedback. " * 300
    response = client.post(url("message_send", w.engagement), {"message-body": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Keep a message within 5,000 characters." in html
    assert "Detailed feedback. Detailed feedback." in html
    assert not Message.objects.exists()


def test_with_htmx_sending_answers_the_card_with_the_message_and_an_empty_box(client, w):
    client.force_login(w.student)
    response = client.post(
        url("message_send", w.engagement), {"message-body": "Draft attached"}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="messages"' in html and "<h1" not in html
    assert "Draft attached" in html
    assert 'name="message-body"' in html and "Draft attached</textarea>" not in html
    assert Message.objects.filter(sender=w.student).count() == 1


def test_with_htmx_a_refused_message_comes_back_in_the_box_with_its_error(client, w):
    client.force_login(w.student)
    response = client.post(url("message_send", w.engagement), {"message-body": "x" * 5001}, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Keep a message within 5,000 characters." in html
    assert "x" * 5001 in html
    assert not Message.objects.exists()


def test_a_completed_engagement_keeps_its_thread_open_for_payment_and_reviews(client):
    done = make_engagement_world(status=EngagementStatus.COMPLETED)
    html = page(client, done.student, done.engagement)
    assert "The thread stays open so you can settle the payment and the reviews." in html
    client.post(url("message_send", done.engagement), {"message-body": "Thanks!"})
    assert Message.objects.filter(engagement=done.engagement).count() == 1


# Unread marks, system notices, refresh and older pages ------------------------------------------------


def test_messages_from_the_other_side_are_marked_new_once(client, w):
    message_send(engagement=w.engagement, by=w.student, body="Read before")
    engagement_mark_read(engagement=w.engagement, user=w.employer)
    message_send(engagement=w.engagement, by=w.student, body="Unread one")
    message_send(engagement=w.engagement, by=w.student, body="Unread two")
    message_send(engagement=w.engagement, by=w.employer, body="My own")

    html = page(client, w.employer, w.engagement)
    assert html.count("activity-message-unread") == 2
    assert "2 new</span> messages since you last looked." in html
    assert html.count(">New</span>") == 2

    html = page(client, w.employer, w.engagement)
    assert "activity-message-unread" not in html


def test_the_student_sees_new_messages_from_any_member_of_the_employer(client, w):
    message_send(engagement=w.engagement, by=w.employer, body="Hello")
    html = thread(client, w.student, w.engagement)
    assert html.count("activity-message-unread") == 1
    assert "activity-message-unread" not in thread(client, w.student, w.engagement)


def test_the_refreshing_thread_keeps_the_new_marks_of_the_visit_and_shows_new_messages(client, w):
    message_send(engagement=w.engagement, by=w.employer, body="Before the visit")
    html = page(client, w.student, w.engagement)
    refresh = html.split(f'hx-get="{url("messages", w.engagement)}', 1)[1].split('"', 1)[0]
    refresh = url("messages", w.engagement) + refresh.replace("&amp;", "&")
    assert refresh.startswith(url("messages", w.engagement) + "?seen=")
    assert 'hx-trigger="every 20s"' in html

    message_send(engagement=w.engagement, by=w.employer, body="During the visit")
    client.force_login(w.student)
    html = client.get(refresh, headers=HTMX).content.decode()
    assert 'id="activity-thread"' in html and "<h1" not in html
    assert "During the visit" in html
    assert html.count("activity-message-unread") == 2


def test_system_notices_are_shown_apart_from_people(client, w):
    Message.objects.create(engagement=w.engagement, sender=None, body="Approved automatically after 7 days.")
    html = thread(client, w.student, w.engagement)
    assert "activity-message-system" in html
    assert "Automatic notice" in html
    assert "Approved automatically after 7 days." in html


def test_a_long_thread_shows_the_last_50_with_a_link_to_earlier_ones(client, w):
    messages = [
        Message.objects.create(engagement=w.engagement, sender=w.student, body=f"Message number {i:02}.")
        for i in range(60)
    ]
    html = page(client, w.student, w.engagement)
    assert "Message number 59." in html and "Message number 10." in html
    assert "Message number 09." not in html
    earlier = f"?before={messages[10].pk}#messages"
    assert earlier in html

    html = page(client, w.student, w.engagement, f"?before={messages[10].pk}")
    assert "Message number 00." in html and "Message number 09." in html
    assert "Message number 10." not in html
    assert "Show earlier messages" not in html
    assert "Back to the latest messages" in html
    assert 'hx-trigger="every 20s"' not in html


@pytest.mark.parametrize("count", [1, 50])
def test_the_thread_partial_runs_a_constant_number_of_queries(client, w, count, django_assert_num_queries):
    Message.objects.bulk_create(
        Message(engagement=w.engagement, sender=w.employer if i % 2 else w.student, body=f"Note {i}")
        for i in range(count)
    )
    client.force_login(w.student)
    with django_assert_num_queries(11):
        response = client.get(url("messages", w.engagement), headers=HTMX)
    assert response.content.decode().count('class="activity-message ') == count


# Access -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "other_employer", "other_student", "career_staff"])
def test_outsiders_get_404_and_change_nothing(client, w, who):
    users = {
        "outsider": w.outsider,
        "other_employer": w.other_employer,
        "other_student": make_engagement_world().student,
        "career_staff": UserFactory(career_staff=True),
    }
    client.force_login(users[who])
    assert client.get(url("messages", w.engagement)).status_code == 404
    assert client.post(url("message_send", w.engagement), {"message-body": "Hi"}).status_code == 404
    today = timezone.localdate().isoformat()
    response = client.post(url("hours", w.engagement), {"hours-date": today, "hours-hours": "2"})
    assert response.status_code == 404
    assert not Message.objects.exists() and not HoursLog.objects.exists()


def test_the_anonymous_are_sent_to_log_in(client, w):
    for name, method in (("messages", client.get), ("message_send", client.post), ("hours", client.post)):
        response = method(url(name, w.engagement))
        assert response.status_code == 302
        assert reverse("account_login") in response.url
    assert not Message.objects.exists()


def test_sending_and_logging_are_post_only(client, w):
    client.force_login(w.student)
    assert client.get(url("message_send", w.engagement)).status_code == 405
    assert client.get(url("hours", w.engagement)).status_code == 405


# Hours ----------------------------------------------------------------------------------------------------


def test_the_student_logs_hours_and_sees_them_in_the_log(client, w):
    client.force_login(w.student)
    today = timezone.localdate()
    response = client.post(
        url("hours", w.engagement),
        {"hours-date": today.isoformat(), "hours-hours": "2.5", "hours-note": "Cleaned the data"},
    )
    assert response.status_code == 302
    assert response.url == url("detail", w.engagement) + "#hours"
    log = HoursLog.objects.get(engagement=w.engagement)
    assert (log.date, log.hours, log.note) == (today, Decimal("2.5"), "Cleaned the data")
    html = page(client, w.student, w.engagement)
    assert "Logged 2.5 h on" in html
    assert "Cleaned the data" in html
    assert "<strong>2.5 h</strong> logged of 20 h estimated" in html


def test_with_htmx_logging_answers_the_hours_card(client, w):
    client.force_login(w.student)
    today = timezone.localdate().isoformat()
    response = client.post(
        url("hours", w.engagement), {"hours-date": today, "hours-hours": "3"}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="hours"' in html and "<h1" not in html
    assert "Logged 3 h on" in html
    assert HoursLog.objects.count() == 1


@pytest.mark.parametrize(
    ("days_ago", "hours", "error"),
    [
        (-1, "2", "You cannot log hours for a day that has not happened yet."),
        (30, "2", "That day is before the work started."),
        (0, "25", "Log between 0.25 and 24 hours, to two decimal places."),
        (0, "0.1", "Log between 0.25 and 24 hours, to two decimal places."),
        (0, "lots", "Enter the hours as a number, e.g. 1.5."),
    ],
)
def test_refused_hours_re_render_the_page_with_the_error_and_the_entry_kept(
    client, w, days_ago, hours, error
):
    client.force_login(w.student)
    date = (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()
    response = client.post(
        url("hours", w.engagement),
        {"hours-date": date, "hours-hours": hours, "hours-note": "Wrote the intro"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert f'value="{date}"' in html and f'value="{hours}"' in html and "Wrote the intro" in html
    assert not HoursLog.objects.exists()


def test_a_day_over_24_hours_is_refused_on_the_hours_field(client, w):
    log_hours(w.engagement, "20")
    client.force_login(w.student)
    today = timezone.localdate().isoformat()
    response = client.post(
        url("hours", w.engagement), {"hours-date": today, "hours-hours": "5"}, headers=HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "That would make more than 24 hours on" in html
    assert HoursLog.objects.count() == 1


def test_an_employer_cannot_log_hours_and_sees_the_log_read_only(client, w):
    log_hours(w.engagement, "4", note="Interviews")
    client.force_login(w.employer)
    today = timezone.localdate().isoformat()
    response = client.post(url("hours", w.engagement), {"hours-date": today, "hours-hours": "2"})
    assert response.status_code == 404
    assert HoursLog.objects.count() == 1
    html = page(client, w.employer, w.engagement)
    assert "Interviews" in html
    assert 'name="hours-hours"' not in html
    assert "Sam Student logs the hours" in html


@pytest.mark.parametrize("status", [EngagementStatus.COMPLETED, EngagementStatus.CANCELLED])
def test_a_closed_engagement_takes_no_more_hours(client, status):
    closed = make_engagement_world(status=status)
    html = page(client, closed.student, closed.engagement)
    assert 'name="hours-hours"' not in html
    assert "so no more hours can be logged." in html
    today = timezone.localdate().isoformat()
    response = client.post(url("hours", closed.engagement), {"hours-date": today, "hours-hours": "2"})
    assert response.status_code == 200
    assert "You cannot log hours: this engagement is" in response.content.decode()
    assert not HoursLog.objects.exists()


def test_hours_wait_for_the_kickoff(client):
    kickoff = make_engagement_world(status=EngagementStatus.KICKOFF)
    html = page(client, kickoff.student, kickoff.engagement)
    assert "You can log hours once both sides have confirmed the kickoff." in html
    assert 'name="hours-hours"' not in html


def test_the_log_lists_the_latest_30_days_newest_first_with_the_total_of_all(client, w):
    for days_ago in range(3):
        log_hours(w.engagement, "1", days_ago=days_ago, note=f"Day minus {days_ago}")
    html = page(client, w.student, w.engagement)
    assert html.index("Day minus 0") < html.index("Day minus 1") < html.index("Day minus 2")
    assert "Showing the latest" not in html

    HoursLog.objects.bulk_create(
        HoursLog(engagement=w.engagement, date=timezone.localdate(), hours=Decimal("0.25")) for _ in range(30)
    )
    html = page(client, w.student, w.engagement)
    assert "Showing the latest 30 entries; the total counts them all." in html
    assert "<strong>10.5 h</strong> logged of 20 h estimated" in html


def test_an_empty_log_says_what_to_do(client, w):
    assert "No hours logged yet. Log your time as you go" in page(client, w.student, w.engagement)
    assert "They appear here as Sam logs them." in page(client, w.employer, w.engagement)


# Scope creep ----------------------------------------------------------------------------------------------


def test_both_sides_are_told_clearly_when_the_work_runs_over(client, w):
    for days_ago in range(2):
        log_hours(w.engagement, "13", days_ago=days_ago)
    for user in (w.student, w.employer):
        html = page(client, user, w.engagement)
        assert "Logged 26 h of the 20 h estimated: 6 h over." in html
        assert "agree to narrow the scope, or adjust the fee" in html
        assert 'href="#id_message-body"' in html
        assert "activity-hours-bar is-over" in html


def test_the_page_warns_near_the_estimate_while_milestones_are_open(client, w):
    log_hours(w.engagement, "18.5")
    html = page(client, w.employer, w.engagement)
    assert "Logged 18.5 h of the 20 h estimated, with milestones still open." in html
    assert "(92 %)" in html

    w.engagement.milestones.update(status=MilestoneStatus.APPROVED)
    html = page(client, w.employer, w.engagement)
    assert "with milestones still open" not in html


def test_no_warning_within_the_estimate(client, w):
    log_hours(w.engagement, "10")
    html = page(client, w.student, w.engagement)
    assert "activity-scope" not in html
    assert "(50 %)" in html


# The whole page ---------------------------------------------------------------------------------------------


def _page_queries(client, count: int) -> int:
    """Queries of the whole page, seen by the student, with `count` messages and `count` hours entries."""
    w = make_engagement_world()
    Message.objects.bulk_create(
        Message(engagement=w.engagement, sender=w.employer, body=f"Note {i}") for i in range(count)
    )
    HoursLog.objects.bulk_create(
        HoursLog(engagement=w.engagement, date=timezone.localdate(), hours=Decimal("0.25"))
        for _ in range(count)
    )
    client.force_login(w.student)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("detail", w.engagement)).status_code == 200
    return len(queries)


def test_the_page_runs_as_many_queries_for_50_messages_and_hours_entries_as_for_1(client):
    # Compared rather than pinned: the other panels of the page set the absolute number (see their tests).
    assert _page_queries(client, 50) == _page_queries(client, 1)
