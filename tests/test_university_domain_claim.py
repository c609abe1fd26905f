"""A career office claims an email domain (a UniversityDomain added in the admin or by the service): every
student with a confirmed address on it is linked and verified, in a few queries however many they are,
nobody already verified moves, and the waiting requests for the domain are marked added. The admin queues
the work on commit to a real Celery worker."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.factories import UserFactory
from notifications.models import Notification, NotificationKind
from students import services
from students.factories import StudentProfileFactory
from students.models import StudentProfile
from students.services import (
    VERIFY_FOR_DOMAIN_TASK,
    student_profile_create,
    student_university_request,
    students_verify_for_domain,
    university_domain_claim,
)
from universities.factories import UniversityFactory
from universities.models import UniversityDomain, UniversityRequest, UniversityRequestStatus


def _lakeside_student(email: str, *, confirmed: bool = True, name: str = "") -> StudentProfile:
    user = UserFactory(student=True, email=email, email_address__verified=confirmed)
    profile = student_profile_create(user=user)
    if name:
        student_university_request(profile=profile, name=name)
    return profile


def _lakeside():
    """Lakeside College, added by site staff once its students have asked, with no student domain yet."""
    return UniversityFactory(name="Lakeside College", slug="lakeside", domain="lakeside-staff.example")


def test_claiming_a_domain_verifies_its_confirmed_students_and_marks_their_requests(
    db, django_capture_on_commit_callbacks
):
    uma = _lakeside_student("uma@lakeside.ac", name="Lakeside College")
    sub = _lakeside_student("sam@cs.lakeside.ac")
    unconfirmed = _lakeside_student("ned@lakeside.ac", confirmed=False, name="Lakeside Coll.")
    elsewhere = _lakeside_student("eve@notlakeside.ac", name="Not Lakeside")
    already = StudentProfileFactory(user__email="vera@lakeside.ac")  # verified at another university
    employer = UserFactory(role="employer", email="boss@lakeside.ac")
    lakeside = _lakeside()

    with django_capture_on_commit_callbacks() as queued:
        claimed = university_domain_claim(university=lakeside, domain=" @Lakeside.AC ")
    assert claimed.domain == "lakeside.ac" and len(queued) == 1
    assert students_verify_for_domain(domain_id=claimed.pk) == 2

    for profile in (uma, sub):
        profile.refresh_from_db()
        assert profile.is_verified and profile.university == lakeside and profile.verified_by is None
        assert profile.university_name == ""
    for profile in (unconfirmed, elsewhere):
        profile.refresh_from_db()
        assert not profile.is_verified and profile.university is None
    original = already.university
    already.refresh_from_db()
    assert already.university == original  # a verified student never moves
    assert not StudentProfile.objects.filter(user=employer).exists()
    statuses = dict(UniversityRequest.objects.values_list("domain", "status"))
    # The domain's requests are added, the unconfirmed student's too (confirming now verifies them).
    assert statuses == {"lakeside.ac": UniversityRequestStatus.ADDED, "notlakeside.ac": "pending"}
    assert set(UniversityRequest.objects.filter(status="added").values_list("university", flat=True)) == {
        lakeside.pk
    }

    assert students_verify_for_domain(domain_id=claimed.pk) == 0  # idempotent
    assert university_domain_claim(university=lakeside, domain="lakeside.ac") == claimed


def test_a_closer_domain_of_another_university_keeps_its_students(db):
    lakeside = _lakeside()
    other = UniversityFactory(name="Lakeside Institute of Art", slug="lia", domain="art.lakeside.ac")
    artist = _lakeside_student("ari@art.lakeside.ac")
    claimed = university_domain_claim(university=lakeside, domain="lakeside.ac")
    students_verify_for_domain(domain_id=claimed.pk)
    artist.refresh_from_db()
    assert not artist.is_verified and other.pk != lakeside.pk


def test_a_confirmed_student_account_without_a_profile_gets_a_verified_one(db):
    lakeside = _lakeside()
    user = UserFactory(student=True, email="pat@lakeside.ac")
    claimed = university_domain_claim(university=lakeside, domain="lakeside.ac")
    students_verify_for_domain(domain_id=claimed.pk)
    assert user.student_profile.is_verified


def test_a_domain_of_another_university_is_refused(north):
    lakeside = _lakeside()
    with pytest.raises(Exception) as caught:
        university_domain_claim(university=lakeside, domain="north.edu")
    assert "already an email domain of North University" in str(caught.value)


@pytest.mark.parametrize("count", [1, 30])
def test_the_claim_runs_the_same_queries_for_1_or_30_students(
    db, count, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(services, "VERIFY_BATCH_SIZE", 1000)
    for n in range(count):
        _lakeside_student(f"student{n}@lakeside.ac", name="Lakeside College")
    lakeside = _lakeside()
    claimed = university_domain_claim(university=lakeside, domain="lakeside.ac")
    # the domain, the closer domains, the accounts without a profile (none here: no insert), the profiles to
    # verify, their update (one batch), the closer domains again, the requests' update and the notices.
    with django_assert_num_queries(8):
        assert students_verify_for_domain(domain_id=claimed.pk) == count
    assert StudentProfile.objects.filter(university=lakeside, verified_at__isnull=False).count() == count


def test_the_newly_verified_students_are_told_once(db):
    uma = _lakeside_student("uma@lakeside.ac", name="Lakeside College")
    already = StudentProfileFactory(user__email="vera@lakeside.ac")  # verified at another university
    lakeside = _lakeside()
    claimed = university_domain_claim(university=lakeside, domain="lakeside.ac")

    students_verify_for_domain(domain_id=claimed.pk)
    students_verify_for_domain(domain_id=claimed.pk)  # a redelivered task

    told = Notification.objects.filter(kind=NotificationKind.VERIFICATION)
    assert list(told.values_list("user_id", flat=True)) == [uma.user_id]
    assert told.get().title == "You are now a verified student of Lakeside College"
    assert told.get().url == reverse("students:dashboard")
    assert not Notification.objects.filter(user=already.user).exists()


def test_many_students_are_verified_in_batches(db, monkeypatch):
    monkeypatch.setattr(services, "VERIFY_BATCH_SIZE", 4)
    for n in range(10):
        _lakeside_student(f"student{n}@lakeside.ac")
    lakeside = _lakeside()
    claimed = university_domain_claim(university=lakeside, domain="lakeside.ac")
    assert students_verify_for_domain(domain_id=claimed.pk) == 10


def test_a_removed_domain_verifies_nobody(db):
    _lakeside_student("uma@lakeside.ac")
    lakeside = _lakeside()
    claimed = university_domain_claim(university=lakeside, domain="lakeside.ac")
    UniversityDomain.objects.filter(pk=claimed.pk).delete()
    assert students_verify_for_domain(domain_id=claimed.pk) == 0


# --- The admin, with a real worker ------------------------------------------------------------------------


def test_a_domain_added_in_the_admin_verifies_its_students_through_the_worker(celery_worker_process):
    worker = celery_worker_process
    uma = _lakeside_student("uma@lakeside.ac", name="Lakeside College")
    lakeside = _lakeside()
    admin_user = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:universities_universitydomain_add"),
        {"university": lakeside.pk, "domain": "LAKESIDE.ac"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert UniversityDomain.objects.filter(domain="lakeside.ac", university=lakeside).exists()

    def verified() -> bool:
        return StudentProfile.objects.get(pk=uma.pk).is_verified

    worker.wait_for(verified, what="the domain's student to be verified")
    assert UniversityRequest.objects.get(requested_by=uma.user).status == UniversityRequestStatus.ADDED
    assert VERIFY_FOR_DOMAIN_TASK in worker.log()


def test_the_admin_form_refuses_a_bad_or_taken_domain(client, site_admin, north):
    lakeside = _lakeside()
    client.force_login(site_admin)
    url = reverse("admin:universities_universitydomain_add")
    for typed, message in (("lakeside", "at least one dot"), ("NORTH.edu", "already exists")):
        response = client.post(url, {"university": lakeside.pk, "domain": typed})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert list(lakeside.domains.values_list("domain", flat=True)) == ["lakeside-staff.example"]


def test_a_domain_cannot_be_edited_in_the_admin(client, site_admin, north):
    client.force_login(site_admin)
    domain = north.domains.get()
    content = client.get(reverse("admin:universities_universitydomain_change", args=[domain.pk])).content
    assert b'name="domain"' not in content


def test_confirming_an_address_later_verifies_too(db):
    profile = _lakeside_student("ned@lakeside.ac", confirmed=False, name="Lakeside College")
    lakeside = _lakeside()
    claimed = university_domain_claim(university=lakeside, domain="lakeside.ac")
    students_verify_for_domain(domain_id=claimed.pk)
    EmailAddress.objects.filter(user=profile.user).update(verified=True)
    services.student_verify_from_email(user=profile.user, email="ned@lakeside.ac")
    profile.refresh_from_db()
    assert profile.is_verified and profile.university == lakeside and profile.university_name == ""
