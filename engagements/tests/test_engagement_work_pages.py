"""The work panel of the engagement page, through HTTP: milestones, deliverables (files and links), the
employer's answers, completion and payment, cancelling, and who may do what."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementStatus,
    Milestone,
    MilestoneStatus,
    Payment,
    SubmissionStatus,
)
from engagements.services import deliverable_request_changes
from students.factories import StudentProfileFactory
from tests.engagement_world import LINK, EngagementWorld, make_engagement_world, submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def url(w: EngagementWorld, name: str, *args) -> str:
    return reverse(f"engagements:{name}", args=[w.engagement.public_id, *args])


def page_url(w: EngagementWorld) -> str:
    return url(w, "detail")


def docx_bytes() -> bytes:
    """The smallest ZIP a Word document is recognised by: its content-types part and a word/ folder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return buffer.getvalue()


def hand_in(client, w, milestone, **fields):
    data = {f"submit-{milestone.pk}-{key}": value for key, value in fields.items()}
    return client.post(url(w, "deliverable_submit", milestone.pk), data)


# Milestones ----------------------------------------------------------------------------------------


def test_both_sides_see_the_milestones_with_a_summary_of_what_is_done_due_and_late(client):
    w = make_engagement_world(milestones=3)
    Milestone.objects.filter(pk=w.milestones[0].pk).update(
        status=MilestoneStatus.APPROVED, approved_at=timezone.now()
    )
    Milestone.objects.filter(pk=w.milestones[1].pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=2)
    )
    for user in (w.student, w.employer):
        client.force_login(user)
        response = client.get(page_url(w))
        assert response.status_code == 200
        content = response.content.decode()
        assert "1 of 3 approved, 1 late" in content
        assert "Late by 2 days" in content
        for milestone in w.milestones:
            assert milestone.title in content


def test_the_employer_adds_a_milestone(client):
    w = make_engagement_world()
    client.force_login(w.employer)
    due = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(
        url(w, "milestone_add"),
        {"milestone-title": "Slides", "milestone-description": "Ten slides", "milestone-due_date": due},
    )
    milestone = Milestone.objects.get(engagement=w.engagement, title="Slides")
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(w)}#milestone-{milestone.pk}"
    assert (milestone.description, milestone.due_date) == ("Ten slides", due)
    assert "Slides" in client.get(page_url(w)).content.decode()


def test_a_milestone_in_the_past_is_refused_and_the_form_keeps_what_was_typed(client):
    w = make_engagement_world()
    client.force_login(w.employer)
    past = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(
        url(w, "milestone_add"),
        {"milestone-title": "Late idea", "milestone-description": "Keep me", "milestone-due_date": past},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "cannot be due in the past" in content
    assert 'value="Late idea"' in content and "Keep me" in content
    assert not Milestone.objects.filter(title="Late idea").exists()


def test_a_milestone_without_a_title_is_refused(client):
    w = make_engagement_world()
    client.force_login(w.employer)
    response = client.post(url(w, "milestone_add"), {"milestone-title": "", "milestone-due_date": ""})
    assert response.status_code == 200
    assert response.content.decode().count('class="errorlist') >= 2
    assert Milestone.objects.filter(engagement=w.engagement).count() == 2


def test_the_student_cannot_add_milestones(client):
    w = make_engagement_world()
    client.force_login(w.student)
    due = timezone.localdate() + dt.timedelta(days=5)
    response = client.post(url(w, "milestone_add"), {"milestone-title": "Mine", "milestone-due_date": due})
    assert response.status_code == 403
    assert not Milestone.objects.filter(title="Mine").exists()


def test_the_employer_edits_a_milestone_on_its_own_page(client):
    w = make_engagement_world()
    milestone = w.milestones[0]
    client.force_login(w.employer)
    edit = url(w, "milestone_edit", milestone.pk)
    response = client.get(edit)
    assert response.status_code == 200
    assert f'value="{milestone.title}"' in response.content.decode()
    due = timezone.localdate() + dt.timedelta(days=20)
    response = client.post(
        edit, {"milestone-title": "Final report", "milestone-description": "", "milestone-due_date": due}
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_date) == ("Final report", due)


def test_editing_a_milestone_into_the_past_shows_the_error_on_the_page(client):
    w = make_engagement_world()
    client.force_login(w.employer)
    past = timezone.localdate() - dt.timedelta(days=3)
    response = client.post(
        url(w, "milestone_edit", w.milestones[0].pk),
        {"milestone-title": "Moved", "milestone-description": "", "milestone-due_date": past},
    )
    assert response.status_code == 200
    assert "cannot be due in the past" in response.content.decode()
    assert 'value="Moved"' in response.content.decode()


def test_the_student_has_no_milestone_edit_page(client):
    w = make_engagement_world()
    client.force_login(w.student)
    assert client.get(url(w, "milestone_edit", w.milestones[0].pk)).status_code == 404


def test_the_employer_removes_an_untouched_milestone(client):
    w = make_engagement_world()
    client.force_login(w.employer)
    response = client.post(url(w, "milestone_remove", w.milestones[1].pk))
    assert response.status_code == 302
    assert not Milestone.objects.filter(pk=w.milestones[1].pk).exists()


def test_removing_a_milestone_with_work_shows_why_not(client):
    w = make_engagement_world()
    submit(w)
    client.force_login(w.employer)
    response = client.post(url(w, "milestone_remove", w.milestones[0].pk), follow=True)
    assert "Only a milestone nobody has submitted work for can be removed." in response.content.decode()
    assert Milestone.objects.filter(pk=w.milestones[0].pk).exists()


# Deliverables --------------------------------------------------------------------------------------


def test_the_student_hands_in_a_link_with_a_note_and_sees_the_countdown(client):
    w = make_engagement_world()
    milestone = w.milestones[0]
    client.force_login(w.student)
    response = hand_in(client, w, milestone, link=LINK, note="Start with page 2")
    assert response.status_code == 302
    submission = DeliverableSubmission.objects.get(milestone=milestone)
    assert (submission.link, submission.note) == (LINK, "Start with page 2")
    content = client.get(page_url(w)).content.decode()
    due = timezone.localtime(
        submission.created_at + dt.timedelta(days=settings.MARKETPLACE["AUTO_APPROVE_DAYS"])
    )
    assert f"approved automatically on <strong>{due:%-d %b}</strong>" in content
    client.force_login(w.employer)
    assert "unless you answer" in client.get(page_url(w)).content.decode()


def test_the_student_hands_in_a_real_pdf_stored_privately(client):
    w = make_engagement_world()
    client.force_login(w.student)
    upload = SimpleUploadedFile("Final report.pdf", PDF, content_type="application/pdf")
    response = hand_in(client, w, w.milestones[0], file=upload)
    assert response.status_code == 302
    submission = DeliverableSubmission.objects.get()
    assert submission.file.name.endswith("Final_report.pdf")
    stored = Path(submission.file.path)
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))


def test_a_word_document_is_accepted(client):
    w = make_engagement_world()
    client.force_login(w.student)
    upload = SimpleUploadedFile("plan.docx", docx_bytes(), content_type="application/octet-stream")
    assert hand_in(client, w, w.milestones[0], file=upload).status_code == 302
    submission = DeliverableSubmission.objects.get()
    response = client.get(url(w, "deliverable_file", submission.pk))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("src/main.py", "print('hello')\n")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "stored_as", "content_type"),
    [
        ("screen.png", png_bytes(), "screen.png", "image/png"),
        ("code.zip", zip_bytes(), "code.zip", "application/zip"),
        ("data.csv", "name,score\nÉlodie,3\n".encode(), "data.csv", "text/csv; charset=utf-8"),
        ("notes", b"Plain notes\n", "notes.txt", "text/plain; charset=utf-8"),
    ],
)
def test_other_accepted_kinds_are_stored_and_served_by_their_content(
    client, name, content, stored_as, content_type
):
    w = make_engagement_world()
    client.force_login(w.student)
    assert hand_in(client, w, w.milestones[0], file=SimpleUploadedFile(name, content)).status_code == 302
    submission = DeliverableSubmission.objects.get()
    assert Path(submission.file.name).name == stored_as
    client.force_login(w.employer)
    assert client.get(url(w, "deliverable_file", submission.pk))["Content-Type"] == content_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00program", "This type of file is not accepted."),
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "not accepted"),
        ("report.pdf", b"just some notes, not a PDF", "named .pdf but its content is a text file"),
        ("report.docx", PDF, "named .docx but its content is a PDF"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused_and_the_rest_is_kept(client, name, content, message):
    w = make_engagement_world()
    client.force_login(w.student)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = hand_in(client, w, w.milestones[0], file=upload, link=LINK, note="My notes")
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "My notes" in body and f'value="{LINK}"' in body
    assert not DeliverableSubmission.objects.exists()


def test_a_file_over_25_mb_is_refused(client):
    w = make_engagement_world()
    client.force_login(w.student)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (25 * 1024 * 1024), content_type="application/pdf")
    response = hand_in(client, w, w.milestones[0], file=big)
    assert response.status_code == 200
    assert "the limit is 25.0\xa0MB" in response.content.decode()
    assert not DeliverableSubmission.objects.exists()


def test_a_hand_in_needs_a_file_or_a_web_link(client):
    w = make_engagement_world()
    client.force_login(w.student)
    response = hand_in(client, w, w.milestones[0], note="Forgot it")
    assert "Add a file or a link with your work." in response.content.decode()
    response = hand_in(client, w, w.milestones[0], link="javascript:alert(1)", note="Forgot it")
    assert response.status_code == 200
    assert "Enter a full web address" in response.content.decode()
    assert not DeliverableSubmission.objects.exists()


def test_the_employer_cannot_hand_in_work(client):
    w = make_engagement_world()
    client.force_login(w.employer)
    assert hand_in(client, w, w.milestones[0], link=LINK).status_code == 403
    assert not DeliverableSubmission.objects.exists()


def test_the_file_is_served_as_a_download_to_both_sides_only(client):
    w = make_engagement_world()
    client.force_login(w.student)
    hand_in(client, w, w.milestones[0], file=SimpleUploadedFile("brief.pdf", PDF))
    submission = DeliverableSubmission.objects.get()
    file_url = url(w, "deliverable_file", submission.pk)
    for user in (w.student, w.employer):
        client.force_login(user)
        response = client.get(file_url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content) == PDF
    for user in (w.outsider, w.other_employer, StudentProfileFactory().user):
        client.force_login(user)
        assert client.get(file_url).status_code == 404
    client.logout()
    assert client.get(file_url).status_code == 302


def test_a_submission_of_another_engagement_is_not_served_through_this_one(client):
    w, other = make_engagement_world(), make_engagement_world()
    upload = SimpleUploadedFile("x.pdf", PDF)
    client.force_login(other.student)
    hand_in(client, other, other.milestones[0], file=upload)
    client.force_login(w.student)
    assert client.get(url(w, "deliverable_file", DeliverableSubmission.objects.get().pk)).status_code == 404


def test_the_employer_approves_a_hand_in(client):
    w = make_engagement_world()
    submission = submit(w)
    client.force_login(w.employer)
    response = client.post(url(w, "deliverable_approve", submission.pk), follow=True)
    assert "approved. The student sees it now." in response.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED
    assert Milestone.objects.get(pk=w.milestones[0].pk).status == MilestoneStatus.APPROVED


def test_the_student_cannot_approve_their_own_work(client):
    w = make_engagement_world()
    submission = submit(w)
    client.force_login(w.student)
    assert client.post(url(w, "deliverable_approve", submission.pk)).status_code == 403
    assert DeliverableSubmission.objects.get().status == SubmissionStatus.SUBMITTED


def test_changes_need_a_comment_and_the_student_reads_it_and_hands_in_again(client):
    w = make_engagement_world()
    submission = submit(w)
    client.force_login(w.employer)
    response = client.post(
        url(w, "deliverable_changes", submission.pk), {f"changes-{submission.pk}-comment": ""}
    )
    assert response.status_code == 200
    assert "Say what should change" in response.content.decode()
    response = client.post(
        url(w, "deliverable_changes", submission.pk), {f"changes-{submission.pk}-comment": "Add the sources"}
    )
    assert response.status_code == 302
    client.force_login(w.student)
    content = client.get(page_url(w)).content.decode()
    assert "Add the sources" in content and "Hand in a new version" in content
    assert hand_in(client, w, w.milestones[0], link=LINK + "?v=2").status_code == 302
    latest, first = DeliverableSubmission.objects.order_by("-id")
    assert (latest.status, first.status) == (SubmissionStatus.SUBMITTED, SubmissionStatus.CHANGES_REQUESTED)
    assert "Earlier hand-ins (1)" in client.get(page_url(w)).content.decode()


# Access --------------------------------------------------------------------------------------------


def _every_post(w: EngagementWorld, submission: DeliverableSubmission, payment_pk: int) -> list[str]:
    milestone = w.milestones[0]
    return [
        url(w, "milestone_add"),
        url(w, "milestone_edit", milestone.pk),
        url(w, "milestone_remove", milestone.pk),
        url(w, "deliverable_submit", milestone.pk),
        url(w, "deliverable_approve", submission.pk),
        url(w, "deliverable_changes", submission.pk),
        url(w, "mark_paid", payment_pk),
        url(w, "cancel"),
    ]


def test_outsiders_get_404_on_every_action_and_change_nothing(client):
    w = make_engagement_world()
    submission = submit(w)
    payment = Payment.objects.create(engagement=w.engagement, amount=1, currency="USD")
    data = {"cancel-reason": "x", "milestone-title": "x", f"changes-{submission.pk}-comment": "x"}
    for user in (w.outsider, w.other_employer, StudentProfileFactory().user):
        client.force_login(user)
        for action in _every_post(w, submission, payment.pk):
            assert client.post(action, data).status_code == 404, (user, action)
    client.logout()
    for action in _every_post(w, submission, payment.pk):
        response = client.post(action, data)
        assert response.status_code == 302 and "/login/" in response["Location"], action
    assert DeliverableSubmission.objects.get().status == SubmissionStatus.SUBMITTED
    assert Engagement.objects.get(pk=w.engagement.pk).status == EngagementStatus.ACTIVE
    assert Milestone.objects.filter(engagement=w.engagement).count() == 2


def test_actions_are_post_only(client):
    w = make_engagement_world()
    client.force_login(w.employer)
    assert client.get(url(w, "cancel")).status_code == 405
    assert client.get(url(w, "milestone_add")).status_code == 405


def test_objects_of_another_engagement_are_404_through_this_one(client):
    w, other = make_engagement_world(), make_engagement_world()
    other_submission = submit(other)
    client.force_login(w.employer)
    assert client.post(url(w, "deliverable_approve", other_submission.pk)).status_code == 404
    assert client.post(url(w, "milestone_remove", other.milestones[0].pk)).status_code == 404
    assert DeliverableSubmission.objects.get().status == SubmissionStatus.SUBMITTED


# Query budget --------------------------------------------------------------------------------------


def _with_rows(count: int) -> EngagementWorld:
    w = make_engagement_world(milestones=count)
    for milestone in w.milestones:
        deliverable_request_changes(submission=submit(w, milestone), by=w.employer, comment="Again")
        submit(w, milestone)
    return w


def _page_queries(client, w: EngagementWorld, user) -> list[str]:
    client.force_login(user)
    client.get(page_url(w))  # the first visit marks the thread read; measure a later one
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page_url(w)).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_the_page_runs_the_same_number_of_queries_for_1_and_50_milestones_and_hand_ins(
    client, django_assert_num_queries
):
    """Measured on the whole page (14 for the employer, 12 for the student when written), of which the work
    panel reads its milestones, their submissions and the payment once each, whatever their number."""
    small, large = _with_rows(1), _with_rows(50)
    for side in ("employer", "student"):
        measured = _page_queries(client, small, getattr(small, side))
        for table in ("engagements_milestone", "engagements_deliverablesubmission", "engagements_payment"):
            assert sum(f'FROM "{table}"' in sql for sql in measured) == 1, (side, table)
        client.force_login(getattr(large, side))
        client.get(page_url(large))
        with django_assert_num_queries(len(measured)):
            assert client.get(page_url(large)).status_code == 200
