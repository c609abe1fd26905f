"""The career office's admin actions, through HTTP: partnerships, verification, CSV export, refusals."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import Role
from students.factories import StudentProfileFactory
from universities.career_office import CAREER_OFFICE_GROUP
from universities.factories import PartnershipFactory, UniversityFactory
from universities.models import Partnership, PartnershipStatus
from universities.services import career_staff_add

pytestmark = pytest.mark.django_db

PARTNERSHIPS = reverse("admin:universities_partnership_changelist")
STUDENTS = reverse("admin:students_studentprofile_changelist")


@pytest.fixture
def north_university():
    return UniversityFactory(name="North University", slug="north", domain="north.edu")


@pytest.fixture
def other_university():
    return UniversityFactory(name="South University", slug="south", domain="south.edu")


@pytest.fixture
def staff(north_university):
    user = UserFactory(role=Role.CAREER_STAFF, email="carol@north.edu", mfa=True)
    career_staff_add(user=user, university=north_university)
    return user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def run_action(client, url: str, action: str, objects, *, select_across: bool = False):
    data = {"action": action, "index": 0, "_selected_action": [obj.pk for obj in objects]}
    if select_across:
        data["select_across"] = "1"
    return client.post(url, data, follow=not action.startswith("export"))


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Partnerships -------------------------------------------------------------------------------------------


def test_staff_approve_requests_of_their_university_only(
    staff_client, staff, north_university, other_university
):
    mine = PartnershipFactory.create_batch(2, university=north_university)
    already = PartnershipFactory(university=north_university, status=PartnershipStatus.ACTIVE)
    theirs = PartnershipFactory(university=other_university)

    response = run_action(staff_client, PARTNERSHIPS, "approve_partnerships", [*mine, already, theirs])

    assert response.status_code == 200
    assert "2 partnerships approved." in messages_of(response)
    assert set(Partnership.objects.filter(status=PartnershipStatus.ACTIVE)) == {*mine, already}
    assert {p.decided_by for p in Partnership.objects.filter(pk__in=[p.pk for p in mine])} == {staff}
    theirs.refresh_from_db()
    assert theirs.status == PartnershipStatus.REQUESTED


def test_the_action_says_which_rows_were_refused_and_why(staff_client, north_university):
    waiting = PartnershipFactory(university=north_university)
    ended = PartnershipFactory(university=north_university, status=PartnershipStatus.ENDED)
    response = run_action(staff_client, PARTNERSHIPS, "approve_partnerships", [waiting, ended])
    shown = messages_of(response)
    assert "1 partnership approved." in shown
    assert any("Not changed" in message and "ended" in message for message in shown)


def test_staff_decline_and_end_partnerships(staff_client, north_university):
    waiting = PartnershipFactory(university=north_university)
    active = PartnershipFactory(university=north_university, status=PartnershipStatus.ACTIVE)

    response = run_action(staff_client, PARTNERSHIPS, "decline_partnerships", [waiting])
    assert "1 partnership declined." in messages_of(response)
    response = run_action(staff_client, PARTNERSHIPS, "end_partnerships", [active])
    assert "1 partnership ended." in messages_of(response)
    response = run_action(staff_client, PARTNERSHIPS, "end_partnerships", [active])
    assert "0 partnerships ended." in messages_of(response)

    waiting.refresh_from_db()
    active.refresh_from_db()
    assert waiting.status == PartnershipStatus.DECLINED
    assert active.status == PartnershipStatus.ENDED


def test_staff_cannot_change_a_partnerships_status_through_the_form(staff_client, north_university):
    partnership = PartnershipFactory(university=north_university, message="Hello")
    url = reverse("admin:universities_partnership_change", args=[partnership.pk])
    response = staff_client.post(url, {"message": "Updated", "status": PartnershipStatus.ACTIVE})
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.message == "Updated"
    assert partnership.status == PartnershipStatus.REQUESTED


# --- Students -----------------------------------------------------------------------------------------------


def test_staff_verify_and_unverify_their_students(staff_client, staff, north_university, other_university):
    pending = StudentProfileFactory.create_batch(2, university=north_university, unverified=True)
    theirs = StudentProfileFactory(university=other_university, unverified=True)

    response = run_action(staff_client, STUDENTS, "verify_students", [*pending, theirs])
    assert "2 student profiles verified." in messages_of(response)
    for profile in pending:
        profile.refresh_from_db()
        assert profile.verified_by == staff and profile.is_verified
    theirs.refresh_from_db()
    assert not theirs.is_verified

    response = run_action(staff_client, STUDENTS, "unverify_students", pending[:1])
    assert "1 student profile unverified." in messages_of(response)
    pending[0].refresh_from_db()
    assert not pending[0].is_verified


# --- CSV export ---------------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_export_the_whole_list_as_csv(staff_client, north_university, other_university):
    mine = StudentProfileFactory.create_batch(3, university=north_university)
    StudentProfileFactory(university=other_university, user__email="south@south.edu")
    response = run_action(staff_client, STUDENTS, "export_as_csv", mine[:1], select_across=True)
    header, *rows = read_csv(response)
    assert header[:4] == ["Email", "Name", "University", "Verified"]
    assert sorted(row[0] for row in rows) == sorted(profile.user.email for profile in mine)
    assert {row[2] for row in rows} == {"North University"}
    assert {row[3] for row in rows} == {"yes"}


def test_export_respects_the_list_filters(staff_client, north_university):
    StudentProfileFactory(university=north_university, unverified=True, user__email="pending@north.edu")
    verified = StudentProfileFactory(university=north_university)
    response = staff_client.post(
        STUDENTS + "?verified=yes",
        {"action": "export_as_csv", "index": 0, "_selected_action": [verified.pk], "select_across": "1"},
    )
    _, *rows = read_csv(response)
    assert [row[0] for row in rows] == [verified.user.email]


def test_export_neutralises_spreadsheet_formulas(staff_client, north_university):
    profile = StudentProfileFactory(university=north_university, major='=HYPERLINK("http://evil")')
    response = run_action(staff_client, STUDENTS, "export_as_csv", [profile])
    _, row = read_csv(response)
    assert row[5] == '\'=HYPERLINK("http://evil")'


def test_export_of_partnerships_shows_choice_labels(staff_client, north_university):
    PartnershipFactory(university=north_university, status=PartnershipStatus.ACTIVE)
    response = run_action(
        staff_client, PARTNERSHIPS, "export_as_csv", Partnership.objects.all(), select_across=True
    )
    header, row = read_csv(response)
    assert header[2] == "Status"
    assert row[2] == "Active"


def test_export_cannot_reach_another_universitys_rows(staff_client, other_university):
    theirs = StudentProfileFactory(university=other_university)
    response = run_action(staff_client, STUDENTS, "export_as_csv", [theirs])
    header, *rows = read_csv(response)
    assert header[0] == "Email"
    assert rows == []


# --- What career staff may not do ---------------------------------------------------------------------------


def test_staff_cannot_add_or_delete_universities(staff_client, north_university):
    assert staff_client.get(reverse("admin:universities_university_add")).status_code == 403
    delete = reverse("admin:universities_university_delete", args=[north_university.pk])
    assert staff_client.get(delete).status_code == 403
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert type(north_university).objects.filter(pk=north_university.pk).exists()


def test_staff_cannot_change_another_university(staff_client, other_university):
    url = reverse("admin:universities_university_change", args=[other_university.pk])
    response = staff_client.post(url, {"name": "Taken over", "slug": "south"})
    assert response.status_code in (302, 403)
    other_university.refresh_from_db()
    assert other_university.name == "South University"


def test_a_student_may_not_use_the_admin(client):
    client.force_login(UserFactory(student=True))
    assert client.get(PARTNERSHIPS).status_code == 302


def test_the_admin_index_lists_what_the_career_office_may_see(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("admin:universities_partnership_changelist") in page
    assert reverse("admin:students_studentprofile_changelist") in page
    assert reverse("admin:employers_employerinvitation_changelist") not in page
    assert reverse("admin:engagements_message_changelist") not in page


def test_site_staff_add_career_staff_through_the_service(client, north_university):
    root = UserFactory(is_staff=True, is_superuser=True)
    newcomer = UserFactory(role=Role.CAREER_STAFF, email="dan@north.edu")
    client.force_login(root)
    response = client.post(
        reverse("admin:universities_careerstaffmembership_add"),
        {"user": newcomer.pk, "university": north_university.pk},
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    assert newcomer.career_staff.university == north_university
    assert Group.objects.get(name=CAREER_OFFICE_GROUP).user_set.filter(pk=newcomer.pk).exists()
