"""The career office's upload → preview → confirm flow in the admin, through HTTP: every line checked and
shown before anything is sent, nothing sent twice, each office seeing only its own."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import UserFactory
from invitations.models import BusinessInvitation, InvitationImport, StudentInvitation
from invitations.tests.conftest import Upload

pytestmark = pytest.mark.django_db

STUDENTS = reverse("admin:invitations_studentinvitation_changelist")
STUDENT_UPLOAD = reverse("admin:invitations_studentinvitation_upload")
BUSINESSES = reverse("admin:invitations_businessinvitation_changelist")
BUSINESS_UPLOAD = reverse("admin:invitations_businessinvitation_upload")
BUSINESS_INVITE = reverse("admin:invitations_businessinvitation_invite")

ROSTER = (
    "Email;Full name;Major;Graduation year\r\n"
    "ana@north.edu;Ana Diaz;Biology;2027\r\n"
    "\r\n"
    "not-an-address;Bad Address;;\r\n"
    "taken@example.org;Already Here;;\r\n"
    "bo@south.edu;Bo South;;\r\n"
    "ANA@north.edu;Ana Again;;\r\n"
    "personal@gmail.example;Cy Personal;History;\r\n"
    "old@north.edu;Old Year;;1990\r\n"
)


@pytest.fixture
def roster_world(north, south):
    """What ROSTER meets: South University owns south.edu, and taken@example.org has an account."""
    UserFactory(email="taken@example.org")


def preview_url(upload: InvitationImport) -> str:
    return reverse("admin:invitations_studentinvitation_upload_preview", args=[upload.pk])


def upload(client, data: str | bytes, *, url: str = STUDENT_UPLOAD, name: str = "roster.csv"):
    return client.post(url, {"file": Upload(data, name)})


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def result_cells(response) -> list[str]:
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r'<td class="result">(.*?)</td>', html, re.S)
    ]


def test_the_preview_shows_each_line_with_its_result_and_sends_nothing(carol_client, roster_world):
    response = upload(carol_client, ROSTER)
    assert response.status_code == 302
    staged = InvitationImport.objects.get()
    assert response["Location"] == preview_url(staged)

    page = carol_client.get(preview_url(staged))
    assert page.status_code == 200
    assert result_cells(page) == [
        "OK: will be invited",
        "Not invited: “not-an-address” is not a valid email address.",
        "Not invited: Already has an account.",
        "Not invited: An address of another university (South University).",
        "Not invited: Duplicate of line 2.",
        "OK: will be invited",
        "Not invited: Graduation year “1990” is not a year from "
        f"{staged.rows[-1]['problem'].split('from ')[1].rstrip('.')}.",
    ]
    assert [row["line"] for row in staged.rows] == [2, 4, 5, 6, 7, 8, 9]
    assert "2</strong> lines will be invited" in page.content.decode()
    assert not StudentInvitation.objects.exists()
    assert mail.outbox == []


def test_confirming_invites_the_good_lines_and_emails_them_once(
    carol_client, carol, north, roster_world, run_tasks, django_capture_on_commit_callbacks
):
    upload(carol_client, ROSTER)
    staged = InvitationImport.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = carol_client.post(preview_url(staged), follow=True)
    assert "2 invitations confirmed; the emails are on their way." in messages_of(response)
    invitations = StudentInvitation.objects.order_by("email")
    assert [(i.email, i.full_name, i.major, i.university, i.invited_by) for i in invitations] == [
        ("ana@north.edu", "Ana Diaz", "Biology", north, carol),
        ("personal@gmail.example", "Cy Personal", "History", north, carol),
    ]
    assert all(i.sent_at is not None for i in invitations)
    assert sorted(message.to[0] for message in mail.outbox) == ["ana@north.edu", "personal@gmail.example"]

    # A second confirmation (double click, another tab) invites and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = carol_client.post(preview_url(staged), follow=True)
    assert "already confirmed" in " ".join(messages_of(again))
    assert StudentInvitation.objects.count() == 2
    assert len(mail.outbox) == 2


def test_re_uploading_the_same_file_sends_nothing_twice(
    carol_client, roster_world, run_tasks, django_capture_on_commit_callbacks
):
    for _ in range(2):
        upload(carol_client, ROSTER)
        staged = InvitationImport.objects.latest("pk")
        with django_capture_on_commit_callbacks(execute=True):
            carol_client.post(preview_url(staged))
    second = InvitationImport.objects.latest("pk")
    assert second.invited_count == 0
    ana = next(row for row in second.rows if row["email"] == "ana@north.edu")
    assert ana["problem"].startswith("Already invited on")
    assert StudentInvitation.objects.count() == 2
    assert len(mail.outbox) == 2


def test_rows_invited_by_a_colleague_between_preview_and_confirm_are_skipped(
    carol_client, carol, north, run_tasks, django_capture_on_commit_callbacks
):
    upload(carol_client, "email,name\nana@north.edu,Ana\nbo@north.edu,Bo\n")
    first = InvitationImport.objects.get()
    upload(carol_client, "email,name\nbo@north.edu,Bo\n")
    second = InvitationImport.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        carol_client.post(reverse("admin:invitations_studentinvitation_upload_preview", args=[second.pk]))
        carol_client.post(preview_url(first))
    first.refresh_from_db()
    assert first.invited_count == 1
    assert [row["problem"][:15] for row in first.rows] == ["", "Already invited"]
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@north.edu", "bo@north.edu"]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4 binary", "roster.pdf", "is not a CSV file"),
        ("email,name\nzoe@north.edu,Zoé\n".encode("cp1252"), "roster.csv", "not UTF-8"),
        ("nobody,here\n", "roster.csv", "must name the columns"),
        ("", "roster.csv", "The submitted file is empty."),
    ],
)
def test_a_bad_file_re_renders_the_form_with_the_reason(carol_client, north, data, name, message):
    response = upload(carol_client, data, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not InvitationImport.objects.exists()


def test_the_preview_names_the_columns_it_did_not_use(carol_client, north):
    upload(carol_client, "email,name,shoe size\nana@north.edu,Ana,38\n")
    page = carol_client.get(preview_url(InvitationImport.objects.get()))
    assert "Columns not used: shoe size." in page.content.decode()


def test_the_upload_form_requires_a_file(carol_client, north):
    response = carol_client.post(STUDENT_UPLOAD, {})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


# --- Scoping ------------------------------------------------------------------------------------------------


def test_staff_never_see_another_universitys_invitations_or_uploads(
    carol_client, carol, sam, north, south, client
):
    from invitations.tests.factories import StudentInvitationFactory

    mine = StudentInvitationFactory(university=north, email="mine@north.edu")
    theirs = StudentInvitationFactory(university=south, email="theirs@south.edu")
    page = carol_client.get(STUDENTS).content.decode()
    assert "mine@north.edu" in page and "theirs@south.edu" not in page
    theirs_page = carol_client.get(reverse("admin:invitations_studentinvitation_change", args=[theirs.pk]))
    assert theirs_page.status_code == 302  # the admin's "does not exist" redirect, as for any unknown row
    own_page = carol_client.get(reverse("admin:invitations_studentinvitation_change", args=[mine.pk]))
    assert own_page.status_code == 200
    assert str(mine.token) not in own_page.content.decode()

    sam_client = client.__class__()
    sam_client.force_login(sam)
    upload(sam_client, "email,name\nbo@south.edu,Bo\n")
    south_upload = InvitationImport.objects.get(university=south)
    assert carol_client.get(preview_url(south_upload)).status_code == 404
    assert carol_client.post(preview_url(south_upload)).status_code == 404
    assert not StudentInvitation.objects.filter(email="bo@south.edu").exists()


@pytest.mark.parametrize("url", [STUDENT_UPLOAD, BUSINESS_UPLOAD, BUSINESS_INVITE])
def test_outsiders_cannot_upload_or_invite(client, north, url):
    client.force_login(UserFactory(student=True))
    assert client.get(url).status_code == 302  # the admin sends non-staff to its login
    assert client.post(url, {"email": "x@y.example", "organisation_name": "X"}).status_code == 302
    client.force_login(UserFactory(career_staff=True))  # staff of no career office
    assert client.get(url).status_code == 403
    assert client.post(url, {"email": "x@y.example", "organisation_name": "X"}).status_code == 403
    assert not BusinessInvitation.objects.exists()


def test_staff_see_only_their_own_business_invitations(carol_client, north, south):
    from invitations.tests.factories import BusinessInvitationFactory

    BusinessInvitationFactory(university=north, organisation_name="North Bakery")
    theirs = BusinessInvitationFactory(university=south, organisation_name="South Garage")
    page = carol_client.get(BUSINESSES).content.decode()
    assert "North Bakery" in page and "South Garage" not in page
    change = reverse("admin:invitations_businessinvitation_change", args=[theirs.pk])
    assert carol_client.get(change).status_code == 302


@pytest.mark.parametrize("count", [1, 50])
def test_the_preview_costs_the_same_whatever_the_files_length(carol_client, north, count):
    rows = "".join(f"s{i}@north.edu,Student {i}\n" for i in range(count))
    upload(carol_client, "email,name\n" + rows)
    url = preview_url(InvitationImport.objects.get())
    carol_client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = carol_client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("OK: will be invited") == count
    assert len(queries) == QUERIES_ON_PREVIEW, [q["sql"] for q in queries]


# Session, user, MFA, permissions, the university, the upload (with its university and uploader), the menu.
QUERIES_ON_PREVIEW = 7


def test_site_staff_choose_the_university(client, north, run_tasks, django_capture_on_commit_callbacks):
    root = UserFactory(is_staff=True, is_superuser=True, email="root@example.org")
    client.force_login(root)
    response = client.post(STUDENT_UPLOAD, {"file": Upload("email,name\nana@north.edu,Ana\n")})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = client.post(
        STUDENT_UPLOAD, {"file": Upload("email,name\nana@north.edu,Ana\n"), "university": north.pk}
    )
    staged = InvitationImport.objects.get()
    assert staged.university == north
    with django_capture_on_commit_callbacks(execute=True):
        client.post(preview_url(staged))
    assert StudentInvitation.objects.get().invited_by == root


# --- Lists: progress columns in a constant number of queries ------------------------------------------------


@pytest.mark.parametrize("count", [1, 50])
def test_the_student_list_costs_the_same_whatever_its_length(carol_client, north, count):
    from invitations.tests.factories import StudentInvitationFactory

    StudentInvitationFactory.create_batch(count, university=north)
    carol_client.get(STUDENTS)  # warm the session and the caches
    with CaptureQueriesContext(connection) as queries:
        response = carol_client.get(STUDENTS)
    assert response.status_code == 200
    assert len(queries) == QUERIES_ON_LIST, [q["sql"] for q in queries]


@pytest.mark.parametrize("count", [1, 50])
def test_the_business_list_costs_the_same_whatever_its_length(carol_client, north, count):
    from invitations.tests.factories import BusinessInvitationFactory

    BusinessInvitationFactory.create_batch(count, university=north, accepted=True)
    carol_client.get(BUSINESSES)
    with CaptureQueriesContext(connection) as queries:
        response = carol_client.get(BUSINESSES)
    assert response.status_code == 200
    assert len(queries) == QUERIES_ON_LIST, [q["sql"] for q in queries]


# Session, user, MFA, permissions, the university, counts, the page, the progress figures, the dates.
QUERIES_ON_LIST = 12


# --- Businesses: one by form, many by CSV -------------------------------------------------------------


def test_staff_invite_one_business_by_form(
    carol_client, north, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = carol_client.post(
            BUSINESS_INVITE,
            {"email": "Owner@Bakery.example", "organisation_name": "Corner Bakery", "contact_name": "Dee"},
            follow=True,
        )
    assert any("Corner Bakery invited" in m for m in messages_of(response))
    invitation = BusinessInvitation.objects.get()
    assert (invitation.email, invitation.organisation_name, invitation.university) == (
        "owner@bakery.example",
        "Corner Bakery",
        north,
    )
    [message] = mail.outbox
    assert message.to == ["owner@bakery.example"]
    assert "Corner Bakery" in message.subject


def test_inviting_the_same_business_again_is_refused_inline(carol_client, north, run_tasks):
    data = {"email": "owner@bakery.example", "organisation_name": "Corner Bakery"}
    carol_client.post(BUSINESS_INVITE, data)
    response = carol_client.post(BUSINESS_INVITE, data)
    assert response.status_code == 200
    assert "Already invited on" in response.content.decode()
    response = carol_client.post(BUSINESS_INVITE, {"email": "dean@north.edu", "organisation_name": "X"})
    assert "A university address (North University), not a business." in response.content.decode()
    response = carol_client.post(BUSINESS_INVITE, {"email": "nope", "organisation_name": ""})
    assert response.status_code == 200
    assert BusinessInvitation.objects.count() == 1


def test_staff_invite_businesses_by_csv(carol_client, north, run_tasks, django_capture_on_commit_callbacks):
    UserFactory(email="member@shop.example", employer=True)
    data = (
        "Company,Contact,E-mail\n"
        "Corner Bakery,Dee,dee@bakery.example\n"
        "Shop,,member@shop.example\n"
        ",Nobody,x@y.example\n"
    )
    response = upload(carol_client, data, url=BUSINESS_UPLOAD)
    staged = InvitationImport.objects.get()
    assert [row["problem"] for row in staged.rows] == [
        "",
        "Already has an account: invite the organisation to a partnership instead.",
        "No organisation name.",
    ]
    preview = reverse("admin:invitations_businessinvitation_upload_preview", args=[staged.pk])
    assert response["Location"] == preview
    assert "Corner Bakery" in carol_client.get(preview).content.decode()
    # The students' preview URL does not show a business upload.
    assert carol_client.get(preview_url(staged)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        carol_client.post(preview)
    assert [m.to for m in mail.outbox] == [["dee@bakery.example"]]


def test_staff_withdraw_an_invitation_and_its_link_stops_working(carol_client, north):
    from invitations.tests.factories import StudentInvitationFactory

    invitation = StudentInvitationFactory(university=north)
    response = carol_client.post(
        STUDENTS, {"action": "withdraw", "index": 0, "_selected_action": [invitation.pk]}, follow=True
    )
    assert "1 student invitation withdrawn." in messages_of(response)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    carol_client.logout()
    page = carol_client.get(reverse("invitations:student_join", args=[invitation.token]))
    assert page.status_code == 410
    assert "withdrawn" in page.content.decode()
