"""Deleting one's own account (/accounts/delete/): after re-authentication, the person is erased and what
others rely on is kept without them."""

from decimal import Decimal
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.urls import reverse

from accounts.audit import audit_actor
from accounts.factories import DEFAULT_PASSWORD, UserFactory
from accounts.models import ApiToken
from accounts.services import api_token_create
from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationStatus
from employers.factories import EmployerMemberFactory
from employers.models import Employer, EmployerMember, MemberRole
from engagements.models import EngagementStatus, Message, Payment, Review, ReviewSide
from notifications.models import Notification
from projects.factories import ProjectFactory
from projects.models import Project, SavedProject
from students.services import student_resume_set, student_unverify
from students.tests.uploads import pdf_upload
from tests.engagement_world import MEMBER_NAME, STUDENT_NAME, make_engagement_world

pytestmark = pytest.mark.django_db

DELETE = reverse("account_delete")


def log_in(client, user) -> None:
    """Signed in, then the password given again on allauth's re-authentication page, as deleting asks."""
    client.force_login(user)
    response = client.post(
        reverse("account_reauthenticate") + "?next=" + DELETE, {"password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302 and response.url == DELETE, response.content.decode()[:500]


@pytest.fixture
def finished(django_capture_on_commit_callbacks):
    """A completed engagement with a payment, both reviews and messages both ways; the student also has a
    résumé, a bio, links, a saved project, a notification, an API token and a pending application."""
    world = make_engagement_world(status=EngagementStatus.COMPLETED, ended_days_ago=20)
    engagement = world.engagement
    Payment.objects.create(engagement=engagement, amount=Decimal("600.00"), currency="EUR")
    Review.objects.create(
        engagement=engagement, side=ReviewSide.STUDENT, author=world.student, rating=5, text="Kind team."
    )
    Review.objects.create(
        engagement=engagement, side=ReviewSide.EMPLOYER, author=world.employer, rating=4, text="Solid work."
    )
    Message.objects.create(engagement=engagement, sender=world.student, body="Here is the final report.")
    Message.objects.create(engagement=engagement, sender=world.employer, body="Thank you!")
    profile = engagement.student
    profile.bio, profile.links, profile.major = "I love maps.", ["https://sam.example.org"], "Geography"
    profile.save()
    with django_capture_on_commit_callbacks(execute=True):
        student_resume_set(profile=profile, upload=pdf_upload())
    profile.refresh_from_db()
    world.resume_path = Path(profile.resume.path)
    other = ProjectFactory(published=True)
    EmployerMemberFactory(employer=other.employer)
    SavedProject.objects.create(student=profile, project=other)
    world.pending = ApplicationFactory(project=other, student=profile, cover_note="Pick me, I am Sam.")
    api_token_create(user=world.student, name="laptop")
    Notification.objects.create(user=world.student, kind="application_received", key="k", title="Hello")
    world.staff = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    with audit_actor(by=world.staff):
        student_unverify(profile=profile, by=world.staff)
    return world


def test_deleting_asks_for_the_password_again(client, finished):
    client.force_login(finished.student)  # a session without a recorded authentication, e.g. an old one
    for response in (client.get(DELETE), client.post(DELETE)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_reauthenticate"))
    finished.student.refresh_from_db()
    assert finished.student.is_active and finished.student.full_name == STUDENT_NAME


def test_a_student_deletes_their_account_and_is_erased(client, finished, django_capture_on_commit_callbacks):
    student = finished.student
    assert finished.resume_path.exists()
    log_in(client, student)
    assert "What is erased" in client.get(DELETE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(DELETE)
    assert response.status_code == 302 and response.url == reverse("home")
    assert not client.get(reverse("home")).wsgi_request.user.is_authenticated

    student.refresh_from_db()
    assert student.full_name == "A former student"
    assert student.email == f"deleted-{student.pk}@invalid"
    assert not student.is_active and not student.has_usable_password()
    profile = student.student_profile
    assert (profile.bio, profile.links, profile.major, profile.resume.name) == ("", [], "", "")
    assert not profile.skills.exists() and not profile.portfolio_public
    assert not finished.resume_path.exists()
    assert not SavedProject.objects.filter(student=profile).exists()
    assert not Notification.objects.filter(user=student).exists()
    assert not ApiToken.objects.filter(user=student).exists()
    assert not EmailAddress.objects.filter(user=student).exists()
    finished.pending.refresh_from_db()
    assert finished.pending.status == ApplicationStatus.WITHDRAWN and finished.pending.cover_note == ""
    withdrawn = Notification.objects.get(key=f"application:{finished.pending.public_id}:withdrawn")
    assert "A former student" in withdrawn.body and "Sam" not in withdrawn.body

    # Kept, without the person: the engagement, its payment, reviews and messages.
    engagement = finished.engagement
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.COMPLETED and engagement.student == profile
    assert Payment.objects.filter(engagement=engagement).exists()
    assert Review.objects.filter(engagement=engagement, author=student).exists()
    assert Message.objects.filter(engagement=engagement, sender=student).count() == 1

    # Staff actions on the account stay in the audit trail, under the tombstone address.
    [entry] = LogEntry.objects.filter(object_pk=str(profile.pk), content_type__model="studentprofile")
    assert entry.object_repr == student.email and entry.actor == finished.staff

    # The old password no longer signs in.
    response = client.post(reverse("account_login"), {"login": student.email, "password": DEFAULT_PASSWORD})
    assert not response.wsgi_request.user.is_authenticated


def test_the_employer_still_reads_the_engagement_of_a_deleted_student(client, finished):
    log_in(client, finished.student)
    client.post(DELETE)
    client.force_login(finished.employer)
    for name in ("detail", "messages"):
        response = client.get(reverse(f"engagements:{name}", args=[finished.engagement.public_id]))
        assert response.status_code == 200
        page = response.content.decode()
        assert STUDENT_NAME not in page
        assert "A former student" in page or name == "detail"
    messages_url = reverse("engagements:messages", args=[finished.engagement.public_id])
    assert "Here is the final report." in client.get(messages_url).content.decode()


def test_the_student_still_reads_an_engagement_whose_employer_member_left(client, finished):
    Application.objects.filter(pk=finished.engagement.application_id).update(decided_by=finished.employer)
    client.force_login(finished.student)
    detail = reverse("engagements:detail", args=[finished.engagement.public_id])
    assert finished.employer.email in client.get(detail).content.decode()
    log_in(client, finished.employer)
    assert client.post(DELETE).status_code == 302
    assert EmployerMember.objects.filter(user=finished.employer).count() == 0
    assert Employer.objects.filter(pk=finished.engagement.employer_id).exists()
    client.force_login(finished.student)
    response = client.get(reverse("engagements:messages", args=[finished.engagement.public_id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert MEMBER_NAME not in page and "Deleted user" in page and "Thank you!" in page
    page = client.get(detail).content.decode()
    assert "@invalid" not in page and "Write to the team through the messages" in page


def test_a_student_with_work_under_way_is_refused(client):
    world = make_engagement_world(status=EngagementStatus.ACTIVE)
    log_in(client, world.student)
    assert "engagement under way" in client.get(DELETE).content.decode()
    response = client.post(DELETE)
    assert response.status_code == 409
    assert "complete or cancel it" in response.content.decode()
    world.student.refresh_from_db()
    assert world.student.is_active and world.student.full_name == STUDENT_NAME


def test_the_last_owner_of_an_organisation_with_members_must_hand_over_first(client):
    owner = EmployerMemberFactory(role=MemberRole.OWNER, user__full_name="Olga Owner")
    teammate = EmployerMemberFactory(employer=owner.employer, role=MemberRole.MEMBER)
    log_in(client, owner.user)
    response = client.post(DELETE)
    assert response.status_code == 409
    assert f"last owner of {owner.employer.name}" in response.content.decode()
    owner.user.refresh_from_db()
    assert owner.user.is_active

    handover = reverse("employers:member_make_owner", args=[owner.employer.slug, teammate.user_id])
    assert client.post(handover).status_code == 302
    assert client.post(DELETE).status_code == 302
    owner.user.refresh_from_db()
    assert not owner.user.is_active and owner.user.full_name == "Deleted user"
    assert list(EmployerMember.objects.filter(employer=owner.employer).values_list("pk", flat=True)) == [
        teammate.pk
    ]


def test_a_sole_members_organisation_and_its_projects_stay(client):
    owner = EmployerMemberFactory(role=MemberRole.OWNER)
    project = ProjectFactory(employer=owner.employer, published=True)
    log_in(client, owner.user)
    assert client.post(DELETE).status_code == 302
    assert Employer.objects.filter(pk=owner.employer_id).exists()
    assert Project.objects.filter(pk=project.pk, employer=owner.employer).exists()
    assert not EmployerMember.objects.filter(employer=owner.employer).exists()


def test_staff_cannot_delete_their_account_here(client):
    staff = UserFactory(career_staff=True)
    log_in(client, staff)
    assert client.get(DELETE).status_code == 403
    assert client.post(DELETE).status_code == 403
    staff.refresh_from_db()
    assert staff.is_active
