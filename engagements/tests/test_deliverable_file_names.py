"""A file handed in is shown, and downloaded, under the name the student gave it, while the storage keeps a
unique name of its own; the name is cleaned and never used as a path."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from engagements.models import DeliverableSubmission
from engagements.tests.test_api_engagements import api
from engagements.tests.test_api_engagements import url as api_url
from engagements.tests.test_engagement_work_pages import hand_in, page_url, url
from tests.engagement_world import make_engagement_world

pytestmark = pytest.mark.django_db

CSV = b"region,total\nNorth,12\n"


def csv_upload(name: str = "sales-cleaned.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, CSV, content_type="text/csv")


def test_both_sides_see_and_download_the_name_the_student_handed_in(client):
    """Two hand-ins of `sales-cleaned.csv`: the storage must rename the second, yet neither side sees that."""
    w = make_engagement_world()
    client.force_login(w.student)
    for milestone in w.milestones[:2]:
        assert hand_in(client, w, milestone, file=csv_upload()).status_code == 302

    first, second = DeliverableSubmission.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert {Path(s.file.name).name for s in (first, second)} & {"sales-cleaned.csv"}
    assert any(Path(s.file.name).name != "sales-cleaned.csv" for s in (first, second))
    for user in (w.student, w.employer):
        client.force_login(user)
        page = client.get(page_url(w)).content.decode()
        assert page.count(">sales-cleaned.csv</a>") == 2
        assert "sales-cleaned_" not in page
        for submission in (first, second):
            response = client.get(url(w, "deliverable_file", submission.pk))
            assert response["Content-Disposition"] == 'attachment; filename="sales-cleaned.csv"'
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            assert b"".join(response.streaming_content) == CSV


def test_sending_the_same_file_again_while_it_awaits_review_is_not_refused(client):
    """The repeat is recognised by the name handed in, even when the storage renamed the file."""
    w = make_engagement_world()
    client.force_login(w.student)
    hand_in(client, w, w.milestones[1], file=csv_upload())
    assert hand_in(client, w, w.milestones[0], file=csv_upload()).status_code == 302
    assert hand_in(client, w, w.milestones[0], file=csv_upload()).status_code == 302
    assert DeliverableSubmission.objects.filter(milestone=w.milestones[0]).count() == 1


@pytest.mark.parametrize(
    ("handed_in_as", "shown_as"),
    [
        ("../../../etc/cron.d/sales.csv", "sales.csv"),
        ("C:\\Users\\maya\\Desktop\\sales.csv", "sales.csv"),
        # A right-to-left override would show "exe.csv" reversed; quotes would break the header.
        ('evil\u202evsc.exe".csv', "evilvsc.exe_.csv"),
        ("notes", "notes.txt"),
        ("Final report (v2).csv", "Final report (v2).csv"),
    ],
)
def test_the_name_is_cleaned_and_never_used_as_a_path(client, handed_in_as, shown_as):
    w = make_engagement_world()
    client.force_login(w.student)
    assert hand_in(client, w, w.milestones[0], file=csv_upload(handed_in_as)).status_code == 302

    submission = DeliverableSubmission.objects.get()
    assert submission.original_name == shown_as
    stored = Path(submission.file.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve() / "deliverables")
    response = client.get(url(w, "deliverable_file", submission.pk))
    assert response.status_code == 200
    assert shown_as in response["Content-Disposition"]


def test_a_non_ascii_name_is_offered_for_download_encoded():
    w = make_engagement_world()
    milestone = w.milestones[0]
    response = api(w.student).post(
        api_url(w.engagement, "submission-create", pk=milestone.pk),
        {"file": csv_upload("Résumé des ventes.csv")},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["file_name"] == "Résumé des ventes.csv"

    download = api(w.employer).get(response.json()["file_url"])
    assert download["Content-Disposition"] == (
        "attachment; filename*=utf-8''R%C3%A9sum%C3%A9%20des%20ventes.csv"
    )


def test_the_api_gives_the_name_handed_in_and_downloads_under_it(w):
    for milestone in w.milestones[:2]:
        response = api(w.student).post(
            api_url(w.engagement, "submission-create", pk=milestone.pk),
            {"file": csv_upload()},
            format="multipart",
        )
        assert response.status_code == 201, response.json()
        assert response.json()["file_name"] == "sales-cleaned.csv"

    listed = api(w.employer).get(api_url(w.engagement)).json()
    assert DeliverableSubmission.objects.values("file").distinct().count() == 2
    for submission in DeliverableSubmission.objects.all():
        download = api(w.employer).get(
            api_url(w.engagement, "submission-file", pk=submission.pk), HTTP_ACCEPT="*/*"
        )
        assert download.status_code == 200
        assert download["Content-Disposition"] == 'attachment; filename="sales-cleaned.csv"'
    assert str(listed).count("'file_name': 'sales-cleaned.csv'") == 2
    assert "sales-cleaned_" not in str(listed)
