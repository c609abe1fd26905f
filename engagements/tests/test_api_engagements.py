"""The engagements API: the two sides do the work through the same services as the engagement page.

`w` (the root conftest.py, built by `tests/engagement_world.py`) is an active engagement with two
milestones, its student, a member of its employer, an outsider and another organisation's member.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.factories import UserFactory
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import (
    EngagementStatus,
    HoursLog,
    Message,
    Milestone,
)
from engagements.services import message_send
from projects.factories import ProjectFactory
from tests.engagement_world import make_engagement_world, submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def url(engagement, name: str = "detail", **kwargs) -> str:
    return reverse(f"api-engagement-{name}", kwargs={"public_id": engagement.public_id, **kwargs})


# --- Who may see what ---------------------------------------------------------------------------------------


def test_both_sides_read_the_engagement_as_the_page_shows_it(w):
    for user, party in ((w.student, "student"), (w.employer, "employer")):
        body = api(user).get(url(w.engagement)).json()
        assert body["party"] == party
        assert body["status"] == "active"
        assert body["fee"] == "600.00"
        assert [m["id"] for m in body["milestones"]] == [m.pk for m in w.milestones]
        assert body["milestones"][0]["state"] == "due"
        assert body["cancellation_terms"] == {"approved": 0, "total": 2, "owed": "0.00", "currency": "USD"}
        assert body["hours"]["scope"] is None
        assert body["reviews"]["open"] is False
        assert body["payment"] is None


def test_each_side_reads_what_it_may_do_as_the_page_offers_it(w):
    submit(w)  # the first milestone awaits the employer's answer
    student = api(w.student).get(url(w.engagement)).json()
    assert student["actions"] == ["cancel", "log_hours", "send_message"]
    assert [m["actions"] for m in student["milestones"]] == [[], ["submit"]]
    employer = api(w.employer).get(url(w.engagement)).json()
    assert employer["actions"] == ["add_milestone", "cancel", "send_message"]
    assert [m["actions"] for m in employer["milestones"]] == [
        ["approve", "edit", "request_changes"],
        ["edit", "remove"],
    ]


@pytest.mark.parametrize("who", ["outsider", "other_employer"])
def test_outsiders_get_404_on_every_engagement_endpoint(w, who):
    client = api(getattr(w, who))
    milestone = w.milestones[0]
    submission = submit(w)
    gets = [
        url(w.engagement),
        url(w.engagement, "message-list"),
        url(w.engagement, "hours"),
        url(w.engagement, "submission-file", pk=submission.pk),
    ]
    posts = [
        url(w.engagement, "confirm-kickoff"),
        url(w.engagement, "milestone-list"),
        url(w.engagement, "submission-create", pk=milestone.pk),
        url(w.engagement, "submission-approve", pk=submission.pk),
        url(w.engagement, "submission-request-changes", pk=submission.pk),
        url(w.engagement, "message-list"),
        url(w.engagement, "read"),
        url(w.engagement, "hours"),
        url(w.engagement, "mark-paid"),
        url(w.engagement, "cancel"),
        url(w.engagement, "review-create"),
    ]
    for target in gets:
        assert client.get(target).status_code == 404, target
    for target in posts:
        assert client.post(target, {}, format="json").status_code == 404, target
    assert client.delete(url(w.engagement, "milestone-detail", pk=milestone.pk)).status_code == 404
    assert not Message.objects.exists()
    w.engagement.refresh_from_db()
    assert w.engagement.status == EngagementStatus.ACTIVE


def test_career_staff_and_the_anonymous_are_kept_out(w):
    staff = api(UserFactory(career_staff=True))
    assert staff.get(reverse("api-engagement-list")).status_code == 403
    assert staff.get(url(w.engagement)).json()["type"] == "permission_denied"
    assert api().get(url(w.engagement)).status_code == 401
    assert api().post(url(w.engagement, "cancel"), {"reason": "x"}).status_code == 401


def test_ids_of_another_engagements_milestones_are_not_found(w):
    elsewhere = make_engagement_world()
    stranger = elsewhere.milestones[0]
    client = api(w.employer)
    response = client.patch(url(w.engagement, "milestone-detail", pk=stranger.pk), {"title": "Mine now"})
    assert response.status_code == 404
    assert client.delete(url(w.engagement, "milestone-detail", pk=stranger.pk)).status_code == 404
    stranger.refresh_from_db()
    assert stranger.title != "Mine now"


# --- Lists --------------------------------------------------------------------------------------------------


def test_the_list_gives_each_side_its_engagements_by_group(w):
    done = make_engagement_world(status=EngagementStatus.COMPLETED)
    message_send(engagement=w.engagement, by=w.employer, body="Welcome aboard")
    body = api(w.student).get(reverse("api-engagement-list")).json()
    assert [row["public_id"] for row in body["results"]] == [str(w.engagement.public_id)]
    row = body["results"][0]
    assert row["party"] == "student"
    assert row["unread_count"] == 1
    assert row["next_milestone"]["title"] == w.milestones[0].title
    completed = api(done.student).get(reverse("api-engagement-list"), {"status": "completed"}).json()
    assert [row["public_id"] for row in completed["results"]] == [str(done.engagement.public_id)]
    counts = api(w.employer).get(reverse("api-engagement-counts")).json()
    assert counts == {"active": 1, "completed": 0, "cancelled": 0}


@pytest.mark.parametrize("side", ["student", "employer"])
def test_the_list_runs_the_same_queries_for_1_and_50_engagements(side, django_assert_num_queries):
    project = ProjectFactory(published=True, openings=60)
    member = EmployerMemberFactory(employer=project.employer).user
    w = make_engagement_world(project=project)
    user = w.student if side == "student" else member
    client = api(user)
    list_url = reverse("api-engagement-list") + "?page_size=100"
    client.get(list_url)
    with django_assert_num_queries(ENGAGEMENT_LIST_QUERIES):
        client.get(list_url)
    for _ in range(49):
        if side == "student":
            engagement = EngagementFactory(application__student=w.engagement.student)
        else:
            engagement = EngagementFactory(application__project=project)
        MilestoneFactory(engagement=engagement)
        Message.objects.create(engagement=engagement, sender=engagement.student.user, body="hi")
    with django_assert_num_queries(ENGAGEMENT_LIST_QUERIES):
        response = client.get(list_url)
    assert response.json()["count"] == 50


ENGAGEMENT_LIST_QUERIES = 2  # count, page


def test_messages_come_newest_first_with_the_same_queries_for_1_and_50(w, django_assert_num_queries):
    client = api(w.student)
    message_send(engagement=w.engagement, by=w.employer, body="First")
    messages_url = url(w.engagement, "message-list") + "?page_size=100"
    client.get(messages_url)
    with django_assert_num_queries(MESSAGE_LIST_QUERIES):
        client.get(messages_url)
    for index in range(49):
        message_send(engagement=w.engagement, by=w.employer if index % 2 else w.student, body=f"n{index}")
    with django_assert_num_queries(MESSAGE_LIST_QUERIES):
        body = client.get(messages_url).json()
    assert body["count"] == 50
    assert body["results"][0]["body"] == "n48"
    assert body["results"][-1]["body"] == "First"
    assert body["results"][-1]["side"] == "employer"
    assert body["results"][-1]["is_unread"] is True
    assert body["results"][0]["is_mine"] is True


MESSAGE_LIST_QUERIES = 4  # engagement, count, page, read mark


def test_hours_list_runs_the_same_queries_for_1_and_50_entries(w, django_assert_num_queries):
    day = timezone.localdate()
    client = api(w.employer)
    HoursLog.objects.create(engagement=w.engagement, date=day, hours=Decimal("1.00"))
    hours_url = url(w.engagement, "hours") + "?page_size=100"
    client.get(hours_url)
    with django_assert_num_queries(HOURS_LIST_QUERIES):
        client.get(hours_url)
    HoursLog.objects.bulk_create(
        HoursLog(engagement=w.engagement, date=day - dt.timedelta(days=n % 3), hours=Decimal("0.25"))
        for n in range(49)
    )
    with django_assert_num_queries(HOURS_LIST_QUERIES):
        body = client.get(hours_url).json()
    assert body["count"] == 50


HOURS_LIST_QUERIES = 3  # engagement, count, page


# --- Kickoff and milestones ---------------------------------------------------------------------------------


def test_the_work_starts_once_both_sides_confirm_the_kickoff(kickoff):
    first = api(kickoff.student).post(url(kickoff.engagement, "confirm-kickoff"))
    assert first.status_code == 200
    assert first.json()["status"] == "kickoff"
    assert first.json()["can_confirm_kickoff"] is False
    second = api(kickoff.employer).post(url(kickoff.engagement, "confirm-kickoff"))
    assert second.json()["status"] == "active"
    assert second.json()["started_at"] is not None


def test_the_employer_adds_changes_and_removes_milestones(w):
    client = api(w.employer)
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    created = client.post(url(w.engagement, "milestone-list"), {"title": "Slides", "due_date": due})
    assert created.status_code == 201
    pk = created.json()["id"]
    assert created.json()["position"] > max(m.position for m in w.milestones)
    changed = client.patch(url(w.engagement, "milestone-detail", pk=pk), {"title": "Final slides"})
    assert changed.status_code == 200
    assert changed.json()["title"] == "Final slides"
    assert changed.json()["due_date"] == due
    assert client.delete(url(w.engagement, "milestone-detail", pk=pk)).status_code == 204
    assert not Milestone.objects.filter(pk=pk).exists()


def test_a_milestone_due_in_the_past_is_a_400_on_due_date(w):
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = api(w.employer).post(
        url(w.engagement, "milestone-list"), {"title": "Late", "due_date": yesterday}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"due_date": ["A milestone cannot be due in the past."]}


def test_the_student_may_not_shape_the_milestones(w):
    client = api(w.student)
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    assert (
        client.post(url(w.engagement, "milestone-list"), {"title": "X", "due_date": due}).status_code == 403
    )
    milestone = w.milestones[0]
    response = client.patch(url(w.engagement, "milestone-detail", pk=milestone.pk), {"title": "Mine"})
    assert response.status_code == 403
    assert Milestone.objects.filter(engagement=w.engagement).count() == 2


# --- Messages and hours -------------------------------------------------------------------------------------


def test_a_message_is_sent_and_reading_the_thread_clears_the_unread_count(w):
    sent = api(w.employer).post(url(w.engagement, "message-list"), {"body": "How is it going?"})
    assert sent.status_code == 201
    assert sent.json()["is_mine"] is True
    assert api(w.student).get(url(w.engagement)).json()["unread_count"] == 1
    read = api(w.student).post(url(w.engagement, "read"))
    assert read.json() == {"unread_count": 0}


def test_an_empty_message_is_a_400_on_body(w):
    response = api(w.student).post(url(w.engagement, "message-list"), {"body": "   "})
    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    assert not Message.objects.exists()


def test_the_student_logs_hours_and_the_employer_may_not(w):
    today = timezone.localdate().isoformat()
    logged = api(w.student).post(
        url(w.engagement, "hours"), {"date": today, "hours": "2.5", "note": "Research"}
    )
    assert logged.status_code == 201
    assert logged.json()["hours"] == "2.50"
    assert api(w.employer).post(url(w.engagement, "hours"), {"date": today, "hours": "1"}).status_code == 403
    assert api(w.employer).get(url(w.engagement)).json()["hours"]["logged"] == "2.50"


def test_hours_on_a_future_day_are_a_400_on_date(w):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = api(w.student).post(url(w.engagement, "hours"), {"date": tomorrow, "hours": "1"})
    assert response.status_code == 400
    assert "date" in response.json()["errors"]
    assert not HoursLog.objects.exists()


@pytest.mark.parametrize("side", ["student", "employer"])
def test_the_detail_runs_the_same_queries_for_1_and_many_milestones_and_submissions(
    side, django_assert_num_queries
):
    w = make_engagement_world(milestones=1)
    user = w.student if side == "student" else w.employer
    client = api(user)
    submit(w)
    client.get(url(w.engagement))
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(url(w.engagement))
    for _ in range(20):
        milestone = MilestoneFactory(engagement=w.engagement)
        submit(w, milestone)
    with django_assert_num_queries(DETAIL_QUERIES):
        body = client.get(url(w.engagement)).json()
    assert len(body["milestones"]) == 21


DETAIL_QUERIES = 6  # engagement, milestones, submissions, payment, hours, unread messages


def test_an_id_beyond_any_row_is_a_404_not_an_error(w):
    huge = 2**70
    client = api(w.employer)
    assert client.patch(url(w.engagement, "milestone-detail", pk=huge), {"title": "x"}).status_code == 404
    assert client.post(url(w.engagement, "submission-approve", pk=huge)).status_code == 404
