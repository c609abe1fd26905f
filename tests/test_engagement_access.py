"""Who may open an engagement: its student and every member of its employer; nobody else learns it exists.

Every engagements:* URL, GET and POST, is tried as the other student, a member of another employer and
career staff (404, and nothing changes), as an anonymous visitor (the login page), and as both sides.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementReadMark,
    HoursLog,
    Message,
    Milestone,
    Payment,
    Review,
)
from engagements.services import deliverable_submit, message_send
from tests.engagement_world import EngagementWorld, make_engagement_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@dataclass(kw_only=True)
class AccessWorld(EngagementWorld):
    """The engagement world with something behind every URL, and the people who must not reach it."""

    submission: DeliverableSubmission
    payment: Payment
    other_student: User
    other_member: User
    career_staff: User


@pytest.fixture
def access_world(career_staff_user) -> AccessWorld:
    """An active engagement with a milestone handed in as a file, a payment record and a message, plus
    the people who must not see it: another engagement's student, another employer's member, career staff."""
    w = make_engagement_world()
    upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    submission = deliverable_submit(milestone=w.milestones[0], by=w.student, file=upload, note="First draft")
    payment = Payment.objects.create(engagement=w.engagement, amount=w.engagement.fee, currency="USD")
    message_send(engagement=w.engagement, by=w.employer, body="Hello")
    other = make_engagement_world()
    return AccessWorld(
        **vars(w),
        submission=submission,
        payment=payment,
        other_student=other.student,
        other_member=other.employer,
        career_staff=career_staff_user,
    )


def _urls(w: AccessWorld) -> list[tuple[str, dict, str, dict]]:
    """(url name, kwargs, method, POST data): data that would succeed if the access check were missing."""
    e = {"public_id": w.engagement.public_id}
    milestone = {**e, "pk": w.milestones[1].pk}
    submission = {**e, "pk": w.submission.pk}
    today = timezone.localdate().isoformat()
    return [
        ("engagements:detail", e, "get", {}),
        ("engagements:confirm_kickoff", e, "post", {}),
        ("engagements:messages", e, "get", {}),
        ("engagements:message_send", e, "post", {"message-body": "Let me in"}),
        ("engagements:hours", e, "post", {"hours-date": today, "hours-hours": "2", "hours-note": "Sneaky"}),
        (
            "engagements:milestone_add",
            e,
            "post",
            {"milestone-title": "Extra", "milestone-due_date": "2030-01-01"},
        ),
        ("engagements:milestone_edit", milestone, "get", {}),
        (
            "engagements:milestone_edit",
            milestone,
            "post",
            {"milestone-title": "Renamed", "milestone-due_date": "2030-01-01"},
        ),
        ("engagements:milestone_remove", milestone, "post", {}),
        (
            "engagements:deliverable_submit",
            milestone,
            "post",
            {f"submit-{w.milestones[1].pk}-link": "https://example.com/x"},
        ),
        ("engagements:deliverable_file", submission, "get", {}),
        ("engagements:deliverable_approve", submission, "post", {}),
        (
            "engagements:deliverable_changes",
            submission,
            "post",
            {f"changes-{w.submission.pk}-comment": "Redo it"},
        ),
        ("engagements:mark_paid", {**e, "pk": w.payment.pk}, "post", {"paid-reference": "TX-1"}),
        ("engagements:cancel", e, "post", {"cancel-reason": "Because"}),
        ("engagements:review", e, "get", {}),
        ("engagements:review", e, "post", {"rating": "1", "text": "Bad"}),
    ]


def _snapshot(w: AccessWorld) -> tuple:
    """Everything an outsider's request could change."""
    engagement = Engagement.objects.values().get(pk=w.engagement.pk)
    return (
        engagement,
        list(Milestone.objects.filter(engagement=w.engagement).values().order_by("pk")),
        list(
            DeliverableSubmission.objects.filter(milestone__engagement=w.engagement).values().order_by("pk")
        ),
        list(Message.objects.filter(engagement=w.engagement).values().order_by("pk")),
        list(HoursLog.objects.filter(engagement=w.engagement).values().order_by("pk")),
        list(Payment.objects.filter(engagement=w.engagement).values().order_by("pk")),
        list(Review.objects.filter(engagement=w.engagement).values().order_by("pk")),
        list(EngagementReadMark.objects.filter(engagement=w.engagement).values().order_by("pk")),
    )


def _call(client, name: str, kwargs: dict, method: str, data: dict):
    url = reverse(name, kwargs=kwargs)
    return client.post(url, data) if method == "post" else client.get(url)


OUTSIDERS: dict[str, Callable[[AccessWorld], object]] = {
    "the other student": lambda w: w.other_student,
    "a member of another employer": lambda w: w.other_member,
    "career staff": lambda w: w.career_staff,
}


@pytest.mark.parametrize("who", list(OUTSIDERS))
def test_outsiders_get_404_on_every_engagement_url_and_nothing_changes(client, access_world, who):
    client.force_login(OUTSIDERS[who](access_world))
    before = _snapshot(access_world)
    for name, kwargs, method, data in _urls(access_world):
        response = _call(client, name, kwargs, method, data)
        assert response.status_code == 404, f"{who}: {method.upper()} {name} answered {response.status_code}"
        assert "report.pdf" not in response.content.decode(errors="replace")
    assert _snapshot(access_world) == before


@pytest.mark.parametrize("who", list(OUTSIDERS))
def test_outsiders_get_404_for_an_engagement_that_does_not_exist_either(client, access_world, who):
    """The answer for someone else's engagement is the same as for none at all."""
    client.force_login(OUTSIDERS[who](access_world))
    url = reverse("engagements:detail", kwargs={"public_id": "00000000-0000-4000-8000-000000000000"})
    assert client.get(url).status_code == 404


def test_the_anonymous_are_sent_to_log_in_on_every_engagement_url_and_nothing_changes(client, access_world):
    login = reverse("account_login")
    before = _snapshot(access_world)
    for name, kwargs, method, data in [*_urls(access_world), ("engagements:list", {}, "get", {})]:
        response = _call(client, name, kwargs, method, data)
        assert response.status_code == 302, f"{method.upper()} {name} answered {response.status_code}"
        assert response.url.startswith(login), f"{method.upper()} {name} went to {response.url}"
    assert _snapshot(access_world) == before


def test_career_staff_have_no_engagement_list(client, access_world):
    client.force_login(access_world.career_staff)
    assert client.get(reverse("engagements:list")).status_code == 404


@pytest.mark.parametrize("side", ["student", "employer"])
def test_both_sides_open_the_page_the_thread_and_the_file(client, access_world, side):
    client.force_login(access_world.student if side == "student" else access_world.employer)
    e = {"public_id": access_world.engagement.public_id}
    assert client.get(reverse("engagements:detail", kwargs=e)).status_code == 200
    assert client.get(reverse("engagements:messages", kwargs=e)).status_code == 200
    assert client.get(reverse("engagements:list")).status_code == 200
    file_url = reverse("engagements:deliverable_file", kwargs={**e, "pk": access_world.submission.pk})
    response = client.get(file_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == PDF


def test_every_member_of_the_employer_opens_the_page_not_only_the_one_who_accepted(client, access_world):
    from employers.factories import EmployerMemberFactory

    colleague = EmployerMemberFactory(employer=access_world.engagement.employer).user
    client.force_login(colleague)
    assert (
        client.get(
            reverse("engagements:detail", kwargs={"public_id": access_world.engagement.public_id})
        ).status_code
        == 200
    )


def test_a_student_cannot_reach_the_file_of_another_engagement_through_their_own(client, access_world):
    """Submission ids are checked against the engagement in the URL, not only against the user."""
    own = make_engagement_world()
    client.force_login(own.student)
    url = reverse(
        "engagements:deliverable_file",
        kwargs={"public_id": own.engagement.public_id, "pk": access_world.submission.pk},
    )
    assert client.get(url).status_code == 404


def test_an_employer_cannot_act_on_another_engagements_rows_through_their_own(client, access_world):
    own = make_engagement_world()
    client.force_login(own.employer)
    before = _snapshot(access_world)
    e = {"public_id": own.engagement.public_id}
    for name, pk, data in [
        ("engagements:deliverable_approve", access_world.submission.pk, {}),
        (
            "engagements:deliverable_changes",
            access_world.submission.pk,
            {f"changes-{access_world.submission.pk}-comment": "Redo it"},
        ),
        ("engagements:milestone_remove", access_world.milestones[1].pk, {}),
        (
            "engagements:milestone_edit",
            access_world.milestones[1].pk,
            {"milestone-title": "Mine", "milestone-due_date": "2030-01-01"},
        ),
        ("engagements:mark_paid", access_world.payment.pk, {"paid-reference": "TX"}),
    ]:
        response = client.post(reverse(name, kwargs={**e, "pk": pk}), data)
        assert response.status_code == 404, f"{name} answered {response.status_code}"
    assert _snapshot(access_world) == before


def test_the_requests_outsiders_were_refused_do_work_for_the_right_side(client, access_world):
    """A control for the tests above: the same requests succeed for the side entitled to them, so the
    outsiders' 404s come from the access checks, not from bad input."""
    today = timezone.localdate()
    e = {"public_id": access_world.engagement.public_id}
    steps = [
        (access_world.student, "engagements:message_send", e, {"message-body": "Hello there"}),
        (
            access_world.student,
            "engagements:hours",
            e,
            {"hours-date": today.isoformat(), "hours-hours": "2", "hours-note": "Work"},
        ),
        (
            access_world.employer,
            "engagements:milestone_add",
            e,
            {"milestone-title": "Extra", "milestone-due_date": "2030-01-01"},
        ),
        (
            access_world.employer,
            "engagements:deliverable_changes",
            {**e, "pk": access_world.submission.pk},
            {f"changes-{access_world.submission.pk}-comment": "Redo"},
        ),
        (
            access_world.employer,
            "engagements:mark_paid",
            {**e, "pk": access_world.payment.pk},
            {"paid-reference": "TX-1"},
        ),
    ]
    for user, name, kwargs, data in steps:
        client.force_login(user)
        before = _snapshot(access_world)
        response = client.post(reverse(name, kwargs=kwargs), data)
        assert response.status_code in (200, 302), f"{name} answered {response.status_code}"
        # Leave the read marks out: showing the page moves them, which is not the action itself.
        assert _snapshot(access_world)[:-1] != before[:-1], f"{name} changed nothing"
