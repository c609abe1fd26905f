"""The engagements API's work endpoints (`engagements.api.views_work`): hand-ins and the employer's answers,
payment, cancelling and reviews, through the same services as the engagement page.

`w` (the root conftest.py) is an active engagement with two milestones, its student, a member of its
employer, an outsider and another organisation's member.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from engagements.models import (
    MilestoneStatus,
    Payment,
    PaymentStatus,
    Review,
)
from engagements.services import deliverable_approve
from engagements.services.reviews import review_submit
from engagements.tests.test_api_engagements import PDF, api, url
from projects.factories import SkillFactory
from tests.engagement_world import LINK, submit

pytestmark = pytest.mark.django_db


# --- Deliverables, payment, cancellation --------------------------------------------------------------------


def test_a_file_is_handed_in_and_both_sides_can_download_it(w):
    milestone = w.milestones[0]
    upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    response = api(w.student).post(
        url(w.engagement, "submission-create", pk=milestone.pk),
        {"file": upload, "note": "Draft one"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["file_name"] == "report.pdf"
    assert body["status"] == "submitted"
    assert body["auto_approves_at"] is not None
    assert body["file_url"].endswith(url(w.engagement, "submission-file", pk=body["id"]))
    for user in (w.student, w.employer):
        client = APIClient()
        client.force_login(user)
        download = client.get(body["file_url"])
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF


def test_a_file_that_is_not_what_it_claims_is_a_400_on_file(w):
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf")
    response = api(w.student).post(
        url(w.engagement, "submission-create", pk=w.milestones[0].pk), {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    assert not w.milestones[0].submissions.exists()


def test_a_hand_in_needs_a_link_or_a_file_and_a_bad_link_is_a_400_on_link(w):
    target = url(w.engagement, "submission-create", pk=w.milestones[0].pk)
    nothing = api(w.student).post(target, {"note": "Here"}, format="json")
    assert nothing.status_code == 400
    assert "non_field_errors" in nothing.json()["errors"]
    bad = api(w.student).post(target, {"link": "ftp://nope"}, format="json")
    assert bad.status_code == 400
    assert "link" in bad.json()["errors"]


def test_changes_requested_then_approving_every_milestone_completes_with_a_payment(w):
    first, second = w.milestones
    client = api(w.employer)
    submission = submit(w, first)
    no_comment = client.post(
        url(w.engagement, "submission-request-changes", pk=submission.pk), {"comment": ""}
    )
    assert no_comment.status_code == 400
    assert "comment" in no_comment.json()["errors"]
    changes = client.post(
        url(w.engagement, "submission-request-changes", pk=submission.pk), {"comment": "Cite"}
    )
    assert changes.json()["milestone_status"] == "changes_requested"
    again = api(w.student).post(url(w.engagement, "submission-create", pk=first.pk), {"link": LINK + "?v=2"})
    assert again.status_code == 201
    client.post(url(w.engagement, "submission-approve", pk=again.json()["id"]))
    last = client.post(url(w.engagement, "submission-approve", pk=submit(w, second).pk))
    assert last.status_code == 200
    assert last.json()["engagement_status"] == "completed"
    assert last.json()["payment"]["amount"] == "600.00"
    assert last.json()["payment"]["status"] == "pending"


def test_the_student_may_not_approve_their_own_work(w):
    submission = submit(w)
    response = api(w.student).post(url(w.engagement, "submission-approve", pk=submission.pk))
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.status == "submitted"


def test_marking_paid_waits_for_a_payment_and_is_the_employers(w):
    assert api(w.employer).post(url(w.engagement, "mark-paid"), {}).status_code == 400
    for milestone in w.milestones:
        deliverable_approve(submission=submit(w, milestone), by=w.employer)
    assert api(w.student).post(url(w.engagement, "mark-paid"), {}).status_code == 403
    paid = api(w.employer).post(url(w.engagement, "mark-paid"), {"reference": "TX-42"})
    assert paid.status_code == 200
    assert paid.json()["status"] == "paid"
    assert Payment.objects.get(engagement=w.engagement).status == PaymentStatus.PAID


def test_cancelling_after_approved_work_states_what_is_owed(w):
    deliverable_approve(submission=submit(w, w.milestones[0]), by=w.employer)
    assert api(w.student).get(url(w.engagement)).json()["cancellation_terms"]["owed"] == "300.00"
    missing = api(w.employer).post(url(w.engagement, "cancel"), {"reason": ""})
    assert missing.status_code == 400
    assert "reason" in missing.json()["errors"]
    response = api(w.employer).post(url(w.engagement, "cancel"), {"reason": "Budget cut"})
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["owed"] == "300.00"
    assert response.json()["payment"]["kind"] == "pro_rata"


def test_cancelling_before_any_approval_owes_nothing(w):
    response = api(w.student).post(url(w.engagement, "cancel"), {"reason": "Exams"})
    assert response.json()["owed"] == "0.00"
    assert response.json()["payment"] is None


# --- Reviews ------------------------------------------------------------------------------------------------


def _complete(w) -> None:
    for milestone in w.milestones:
        deliverable_approve(submission=submit(w, milestone), by=w.employer)


def test_reviews_stay_blind_until_both_are_written(w):
    _complete(w)
    python = SkillFactory(name="Python")
    w.engagement.student.skills.add(python)
    written = api(w.student).post(url(w.engagement, "review-create"), {"rating": 5, "text": "Clear brief"})
    assert written.status_code == 201
    employer_view = api(w.employer).get(url(w.engagement)).json()["reviews"]
    assert employer_view["visible"] == []
    assert employer_view["other_has_written"] is True
    assert employer_view["can_write"] is True
    theirs = api(w.employer).post(
        url(w.engagement, "review-create"),
        {"rating": 4, "text": "Careful work", "skills_demonstrated": [python.slug]},
        format="json",
    )
    assert theirs.status_code == 201
    assert theirs.json()["skills_demonstrated"] == [{"slug": python.slug, "name": "Python"}]
    student_view = api(w.student).get(url(w.engagement)).json()["reviews"]
    assert {review["side"] for review in student_view["visible"]} == {"student", "employer"}


def test_sending_the_same_review_again_answers_200_and_a_different_one_is_refused(w):
    _complete(w)
    client = api(w.student)
    data = {"rating": 5, "text": "Clear brief"}
    assert client.post(url(w.engagement, "review-create"), data).status_code == 201
    assert client.post(url(w.engagement, "review-create"), data).status_code == 200
    changed = client.post(url(w.engagement, "review-create"), {"rating": 1, "text": "Changed my mind"})
    assert changed.status_code == 400
    assert Review.objects.get(engagement=w.engagement).rating == 5


def test_review_skills_must_be_offered_and_only_the_employer_ticks_them(w):
    _complete(w)
    stranger = SkillFactory(name="Juggling")
    unknown = api(w.employer).post(
        url(w.engagement, "review-create"),
        {"rating": 4, "text": "Good", "skills_demonstrated": [stranger.slug]},
        format="json",
    )
    assert unknown.status_code == 400
    assert unknown.json()["errors"]["skills_demonstrated"] == [
        "Not among the project's or the student's skills: juggling."
    ]
    python = SkillFactory(name="Python")
    w.engagement.student.skills.add(python)
    student = api(w.student).post(
        url(w.engagement, "review-create"),
        {"rating": 4, "text": "Good", "skills_demonstrated": [python.slug]},
        format="json",
    )
    assert student.status_code == 400
    assert not Review.objects.exists()


def test_reviews_wait_for_the_work_to_be_done(w):
    response = api(w.student).post(url(w.engagement, "review-create"), {"rating": 5, "text": "Too early"})
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_a_review_already_written_elsewhere_is_visible_to_its_author_only(w):
    _complete(w)
    review_submit(engagement=w.engagement, by=w.employer, rating=3, text="Fine")
    mine = api(w.employer).get(url(w.engagement)).json()["reviews"]
    assert [review["side"] for review in mine["visible"]] == ["employer"]
    assert mine["can_write"] is False
    theirs = api(w.student).get(url(w.engagement)).json()["reviews"]
    assert theirs["visible"] == []
    assert w.engagement.milestones.filter(status=MilestoneStatus.APPROVED).count() == 2
