"""The invitation journeys end to end through the real pages: the career office uploads or invites in the
admin, the email is read from the outbox, the invitee follows its link and signs up, and the career office
follows their progress."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from accounts.models import Role, User
from applications.factories import ApplicationFactory
from employers.models import EmployerMember, MemberRole
from engagements.factories import EngagementFactory
from invitations.models import BusinessInvitation, InvitationImport, StudentInvitation
from invitations.selectors import (
    business_invitation_progress,
    student_invitation_progress,
    unanswered_invitation_counts,
)
from invitations.tests.conftest import Upload
from projects.factories import ProjectFactory
from universities.models import Partnership, PartnershipSide, PartnershipStatus

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-unusual-passphrase"


def link_in(message, kind: str) -> str:
    match = re.search(rf"https?://[^/\s]+(/invitations/{kind}/[0-9a-f-]+/)", message.body)
    assert match, message.body
    return match.group(1)


def sign_up(client, url: str, *, email: str, role: str, name: str = "Ana Diaz"):
    return client.post(
        url, {"full_name": name, "email": email, "password1": PASSWORD, "password2": PASSWORD, "role": role}
    )


@pytest.fixture
def invite_students(carol_client, run_tasks, django_capture_on_commit_callbacks):
    def invite(rows: str) -> None:
        carol_client.post(reverse("admin:invitations_studentinvitation_upload"), {"file": Upload(rows)})
        staged = InvitationImport.objects.latest("pk")
        with django_capture_on_commit_callbacks(execute=True):
            carol_client.post(reverse("admin:invitations_studentinvitation_upload_preview", args=[staged.pk]))

    return invite


def test_an_invited_student_signs_up_from_the_email_and_is_verified(visitor, carol, north, invite_students):
    invite_students("email,name,major,graduation year\nana.diaz@mail.example,Ana Diaz,History,2028\n")
    [message] = mail.outbox
    assert message.to == ["ana.diaz@mail.example"]
    assert "North University" in message.subject
    assert message.reply_to == ["carol@north.edu"]
    url = link_in(message, "students")

    page = visitor.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="ana.diaz@mail.example"' in html
    assert 'value="Ana Diaz"' in html
    assert 'type="hidden" name="role" value="student"' in html

    response = sign_up(visitor, url, email="ana.diaz@mail.example", role="student")
    assert response.status_code == 302
    welcome = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Welcome! You are verified as a student of North University." in welcome
    user = User.objects.get(email="ana.diaz@mail.example")
    assert user.role == Role.STUDENT
    profile = user.student_profile
    # An address outside North's domains, verified all the same: the career office vouched for it.
    assert profile.university == north
    assert profile.is_verified
    assert profile.verified_by == carol
    assert (profile.major, profile.graduation_year) == ("History", 2028)
    invitation = StudentInvitation.objects.get()
    assert invitation.user == user
    assert invitation.signed_up_at is not None and invitation.accepted_at is not None
    assert len(mail.outbox) == 1  # the link confirmed the address: no confirmation email
    assert visitor.get(reverse("dashboard")).status_code in (200, 302)

    assert student_invitation_progress(university=north).__dict__ == {
        "invited": 1,
        "signed_up": 1,
        "verified": 1,
        "applied": 0,
    }
    ApplicationFactory(student=profile)
    assert student_invitation_progress(university=north).applied == 1

    # Opening the link again once signed up leads to the dashboard; the link is spent for anyone else.
    assert visitor.get(url)["Location"] == reverse("dashboard")
    visitor.logout()
    assert visitor.get(url).status_code == 410


def test_a_student_who_signs_up_without_the_link_is_verified_when_confirming_the_invited_address(
    visitor, carol, north, invite_students
):
    invite_students("email,name\nbo@mail.example,Bo Li\n")
    response = sign_up(
        visitor, reverse("account_signup"), email="bo@mail.example", role="student", name="Bo Li"
    )
    assert response.status_code == 302
    user = User.objects.get(email="bo@mail.example")
    assert not user.student_profile.is_verified
    confirm = re.search(r"https?://[^/\s]+(\S*/accounts/confirm-email/\S*)", mail.outbox[-1].body).group(1)
    visitor.post(confirm)
    user.student_profile.refresh_from_db()
    assert user.student_profile.university == north
    assert user.student_profile.is_verified
    assert StudentInvitation.objects.get().user == user


def test_the_invitation_page_explains_itself_to_someone_logged_in(visitor, north, invite_students, carol):
    invite_students("email,name\nbo@mail.example,Bo Li\n")
    url = link_in(mail.outbox[0], "students")
    visitor.force_login(carol)
    response = visitor.get(url)
    assert response.status_code == 200
    assert "You are already logged in" in response.content.decode()
    assert not User.objects.filter(email="bo@mail.example").exists()


def test_an_unknown_link_is_404(visitor, db):
    assert visitor.get("/invitations/students/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_an_invited_business_signs_up_with_its_organisation_and_partnership_ready(
    visitor, carol_client, carol, north, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        carol_client.post(
            reverse("admin:invitations_businessinvitation_invite"),
            {
                "email": "dee@bakery.example",
                "organisation_name": "Corner Bakery",
                "contact_name": "Dee Baker",
            },
        )
    [message] = mail.outbox
    url = link_in(message, "businesses")

    page = visitor.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Corner Bakery" in html
    assert 'type="hidden" name="role" value="employer"' in html

    # A tampered role is refused by the form, not turned into a student account.
    response = sign_up(visitor, url, email="dee@bakery.example", role="student", name="Dee Baker")
    assert response.status_code == 200
    assert not User.objects.filter(email="dee@bakery.example").exists()

    response = sign_up(visitor, url, email="dee@bakery.example", role="employer", name="Dee Baker")
    assert response.status_code == 302
    user = User.objects.get(email="dee@bakery.example")
    membership = EmployerMember.objects.select_related("employer").get(user=user)
    assert membership.role == MemberRole.OWNER
    assert membership.employer.name == "Corner Bakery"
    partnership = Partnership.objects.get(employer=membership.employer)
    assert (partnership.university, partnership.status, partnership.decided_by) == (
        north,
        PartnershipStatus.ACTIVE,
        carol,
    )
    assert partnership.requested_by_side == PartnershipSide.UNIVERSITY
    invitation = BusinessInvitation.objects.get()
    assert invitation.employer == membership.employer and invitation.accepted_at is not None

    progress = business_invitation_progress(university=north)
    assert (progress.sent, progress.signed_up, progress.posted, progress.hired) == (1, 1, 0, 0)
    project = ProjectFactory(employer=membership.employer, published=True)
    EngagementFactory(application=ApplicationFactory(project=project, status="accepted"))
    progress = business_invitation_progress(university=north)
    assert (progress.posted, progress.hired) == (1, 1)

    listing = carol_client.get(reverse("admin:invitations_businessinvitation_changelist")).content.decode()
    assert "Corner Bakery" in listing
    assert listing.count('alt="True"') >= 4  # sent, signed up, posted, hired


def test_the_dashboard_counts_unanswered_invitations(north, south):
    from invitations.tests.factories import BusinessInvitationFactory, StudentInvitationFactory

    StudentInvitationFactory.create_batch(2, university=north)
    StudentInvitationFactory(university=north, sent_at=None)
    StudentInvitationFactory(university=south)
    BusinessInvitationFactory(university=north)
    BusinessInvitationFactory(university=north, accepted=True)
    counts = unanswered_invitation_counts(university=north)
    assert (counts.students, counts.businesses) == (2, 1)
