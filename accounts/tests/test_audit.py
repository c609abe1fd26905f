"""The audit trail of staff actions (accounts/audit.py, django-auditlog), through the admin."""

import csv
import io

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audit_actor
from accounts.factories import UserFactory
from students.factories import StudentProfileFactory
from students.models import StudentProfile
from universities.factories import PartnershipFactory
from universities.models import Partnership, PartnershipStatus
from universities.services import partnership_approve

pytestmark = pytest.mark.django_db

AUDIT_LOG = reverse("admin:auditlog_logentry_changelist")


def run_action(client, model: str, action: str, objects):
    url = reverse(f"admin:{model}_changelist")
    data = {"action": action, "index": 0, "_selected_action": [obj.pk for obj in objects]}
    return client.post(url, data)


def entries_for(obj) -> list[LogEntry]:
    content_type = ContentType.objects.get_for_model(obj)
    return list(
        LogEntry.objects.filter(content_type=content_type, object_pk=str(obj.pk)).order_by("timestamp")
    )


def test_a_verification_in_the_admin_is_logged_with_its_actor_and_time(client, carol, north):
    profile = StudentProfileFactory(university=north, unverified=True)
    client.force_login(carol)
    before = timezone.now()
    assert run_action(client, "students_studentprofile", "verify_students", [profile]).status_code == 302

    [entry] = entries_for(profile)
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == carol and entry.actor_email == "carol@north.edu"
    assert before <= entry.timestamp <= timezone.now()
    assert "verified_at" in entry.changes_dict and "verified_by" in entry.changes_dict
    assert entry.remote_addr == "127.0.0.1"

    run_action(client, "students_studentprofile", "unverify_students", [profile])
    assert [e.actor for e in entries_for(profile)] == [carol, carol]


def test_a_partnership_approval_in_the_admin_is_logged(client, carol, north):
    partnership = PartnershipFactory(university=north)
    client.force_login(carol)
    run_action(client, "universities_partnership", "approve_partnerships", [partnership])

    [entry] = entries_for(partnership)
    assert entry.actor == carol
    assert entry.changes_dict["status"] == [PartnershipStatus.REQUESTED, PartnershipStatus.ACTIVE]


def test_a_profile_edit_in_the_admin_is_logged_with_the_students_words_masked(client, site_admin, north):
    profile = StudentProfileFactory(university=north, bio="Private thoughts.")
    client.force_login(site_admin)
    url = reverse("admin:students_studentprofile_change", args=[profile.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name not in ("resume", "skills")}
    data.update({"bio": "Edited by the admin.", "major": "History", "interests": "", "links": ""})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    [entry] = entries_for(profile)
    assert entry.actor == site_admin
    assert entry.changes_dict["major"][1] == "History"
    assert "Private thoughts." not in str(entry.changes) and "Edited by the admin." not in str(entry.changes)


def test_what_students_change_themselves_is_not_a_staff_action(north):
    profile = StudentProfileFactory(university=north)
    with audit_actor(by=profile.user):
        profile.major = "Physics"
        profile.save()
    assert entries_for(profile) == []


def test_a_service_called_outside_a_request_records_the_actor_given(carol, north):
    partnership = PartnershipFactory(university=north)
    with audit_actor(by=carol):
        partnership_approve(partnership=partnership, by=carol)
    assert [entry.actor for entry in entries_for(partnership)] == [carol]


def test_a_csv_export_of_students_is_logged(client, carol, north):
    profiles = StudentProfileFactory.create_batch(3, university=north)
    client.force_login(carol)
    response = run_action(client, "students_studentprofile", "export_as_csv", profiles)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")

    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert entry.actor == carol
    assert entry.content_type == ContentType.objects.get_for_model(StudentProfile)
    assert entry.object_repr == "CSV export of 3 student profiles from the admin"
    assert entry.additional_data["rows"] == 3
    assert sorted(entry.additional_data["object_pks"]) == sorted(str(p.pk) for p in profiles)


def test_site_admins_read_and_export_the_log(client, carol, site_admin, north):
    partnership = PartnershipFactory(university=north)
    client.force_login(carol)
    run_action(client, "universities_partnership", "approve_partnerships", [partnership])

    client.force_login(site_admin)
    page = client.get(AUDIT_LOG)
    assert page.status_code == 200
    assert "carol@north.edu" in page.content.decode()
    entry = LogEntry.objects.get()
    assert client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).status_code == 200
    # Read-only: no add, no change, no delete.
    assert client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    delete_url = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()

    export = client.post(AUDIT_LOG, {"action": "export_as_csv", "index": 0, "_selected_action": [entry.pk]})
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:3] == ["Created", "Resource", "Action"]
    assert "carol@north.edu" in rows[1]


def test_career_staff_never_see_the_audit_log(client, carol, north):
    PartnershipFactory(university=north)
    partnership_approve(partnership=Partnership.objects.get(), by=carol)
    client.force_login(carol)
    assert client.get(AUDIT_LOG).status_code == 403
    assert "auditlog" not in client.get(reverse("admin:index")).content.decode()


def test_skills_a_staff_member_changes_on_a_profile_are_logged(site_admin, north):
    from projects.factories import SkillFactory

    profile = StudentProfileFactory(university=north)
    python = SkillFactory(name="Python")
    with audit_actor(by=site_admin):
        profile.skills.add(python)
    [entry] = entries_for(profile)
    assert entry.actor == site_admin
    assert entry.changes_dict["skills"]["operation"] == "add"
    assert entry.changes_dict["skills"]["objects"] == ["Python"]


def test_skills_a_student_changes_themselves_are_not_logged(north):
    from projects.factories import SkillFactory

    profile = StudentProfileFactory(university=north)
    profile.skills.add(SkillFactory(name="SQL"))
    profile.skills.clear()
    assert entries_for(profile) == []


def test_groups_a_site_admin_gives_a_user_are_logged(site_admin):
    from django.contrib.auth.models import Group

    user = UserFactory()
    with audit_actor(by=site_admin):
        user.groups.add(Group.objects.create(name="Reviewers"))
    [entry] = entries_for(user)
    assert entry.actor == site_admin and entry.changes_dict["groups"]["objects"] == ["Reviewers"]
