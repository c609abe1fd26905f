"""Organisations: creation, invitations, joining and leaving."""

import uuid

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.factories import UserFactory
from employers.factories import EmployerFactory, EmployerInvitationFactory, EmployerMemberFactory
from employers.models import EmployerInvitation, EmployerMember, MemberRole
from employers.services import (
    employer_create,
    employer_invitation_accept,
    employer_invite,
    employer_member_remove,
)

pytestmark = pytest.mark.django_db


# --- Creating -----------------------------------------------------------------------------------------------


def test_the_creator_becomes_owner(employer_user):
    employer = employer_create(
        user=employer_user, name="  Acme Labs ", description="Robots.", website="https://acme.test"
    )
    assert employer.name == "Acme Labs"
    assert employer.slug == "acme-labs"
    membership = EmployerMember.objects.get(employer=employer)
    assert (membership.user, membership.role) == (employer_user, MemberRole.OWNER)


def test_slugs_stay_unique(employer_user):
    EmployerFactory(slug="acme")
    assert employer_create(user=employer_user, name="Acme").slug == "acme-2"
    assert employer_create(user=employer_user, name="ACME").slug == "acme-3"


def test_a_name_without_letters_still_gets_a_slug(employer_user):
    assert employer_create(user=employer_user, name="!!!").slug == "employer"


def test_it_refuses_a_student(student):
    with pytest.raises(ValidationError) as error:
        employer_create(user=student, name="Acme")
    assert error.value.code == "not_an_employer"


def test_it_refuses_a_blank_name_and_a_bad_website(employer_user):
    with pytest.raises(ValidationError) as error:
        employer_create(user=employer_user, name="  ", website="not a url")
    assert set(error.value.message_dict) == {"name", "website"}


# --- Inviting -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [MemberRole.OWNER, MemberRole.MEMBER])
def test_owners_and_members_invite(role):
    member = EmployerMemberFactory(role=role)
    invitation = employer_invite(employer=member.employer, by=member.user, email=" New@Example.COM ")
    assert invitation.email == "new@example.com"
    assert invitation.invited_by == member.user


def test_inviting_the_same_address_again_returns_the_pending_invitation():
    member = EmployerMemberFactory()
    first = employer_invite(employer=member.employer, by=member.user, email="new@example.com")
    assert employer_invite(employer=member.employer, by=member.user, email="NEW@example.com") == first
    assert EmployerInvitation.objects.count() == 1


def test_an_outsider_may_not_invite():
    employer = EmployerFactory()
    with pytest.raises(PermissionDenied):
        employer_invite(employer=employer, by=EmployerMemberFactory().user, email="new@example.com")


def test_it_refuses_an_invalid_address_and_an_existing_member():
    member = EmployerMemberFactory()
    with pytest.raises(ValidationError) as error:
        employer_invite(employer=member.employer, by=member.user, email="not-an-email")
    assert error.value.code == "invalid_email"
    with pytest.raises(ValidationError) as error:
        employer_invite(employer=member.employer, by=member.user, email=member.user.email.upper())
    assert error.value.code == "already_member"


# --- Accepting ----------------------------------------------------------------------------------------------


def test_the_invited_person_joins_as_a_member_and_accepting_again_changes_nothing():
    invitation = EmployerInvitationFactory(email="new@example.com")
    user = UserFactory(employer=True, email="new@example.com")
    membership = employer_invitation_accept(token=str(invitation.token), user=user)
    assert (membership.employer, membership.user, membership.role) == (
        invitation.employer,
        user,
        MemberRole.MEMBER,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert employer_invitation_accept(token=invitation.token, user=user) == membership
    assert EmployerMember.objects.count() == 1


def test_a_secondary_confirmed_address_is_enough():
    invitation = EmployerInvitationFactory(email="work@example.com")
    user = UserFactory(employer=True, email="me@example.org")
    EmailAddress.objects.create(user=user, email="work@example.com", verified=True)
    assert employer_invitation_accept(token=invitation.token, user=user).user == user


def test_it_refuses_someone_the_invitation_was_not_sent_to():
    invitation = EmployerInvitationFactory(email="new@example.com")
    with pytest.raises(PermissionDenied):
        employer_invitation_accept(token=invitation.token, user=UserFactory(employer=True))
    assert not EmployerMember.objects.exists()


def test_it_refuses_an_unconfirmed_address():
    invitation = EmployerInvitationFactory(email="new@example.com")
    user = UserFactory(employer=True, email="new@example.com", email_address__verified=False)
    with pytest.raises(PermissionDenied):
        employer_invitation_accept(token=invitation.token, user=user)


def test_it_refuses_an_invitation_used_by_someone_else():
    invitation = EmployerInvitationFactory(email="new@example.com")
    first = UserFactory(employer=True, email="new@example.com")
    employer_invitation_accept(token=invitation.token, user=first)
    second = UserFactory(employer=True)
    EmailAddress.objects.create(user=second, email="NEW@example.com", verified=True)
    with pytest.raises(ValidationError) as error:
        employer_invitation_accept(token=invitation.token, user=second)
    assert error.value.code == "invitation_used"


def test_it_refuses_a_revoked_invitation():
    from django.utils import timezone

    invitation = EmployerInvitationFactory(email="new@example.com", revoked_at=timezone.now())
    with pytest.raises(ValidationError) as error:
        employer_invitation_accept(
            token=invitation.token, user=UserFactory(employer=True, email="new@example.com")
        )
    assert error.value.code == "invitation_revoked"


@pytest.mark.parametrize("token", ["nonsense", str(uuid.uuid4())])
def test_it_refuses_an_unknown_token(token, employer_user):
    with pytest.raises(ValidationError) as error:
        employer_invitation_accept(token=token, user=employer_user)
    assert error.value.code == "invalid_invitation"


def test_it_refuses_a_student_account():
    invitation = EmployerInvitationFactory(email="new@example.com")
    with pytest.raises(ValidationError) as error:
        employer_invitation_accept(
            token=invitation.token, user=UserFactory(student=True, email="new@example.com")
        )
    assert error.value.code == "not_an_employer"


# --- Removing -----------------------------------------------------------------------------------------------


def test_an_owner_removes_a_member_and_removing_again_changes_nothing():
    owner = EmployerMemberFactory(role=MemberRole.OWNER)
    member = EmployerMemberFactory(employer=owner.employer, role=MemberRole.MEMBER)
    employer_member_remove(employer=owner.employer, user=member.user, by=owner.user)
    assert not EmployerMember.objects.filter(pk=member.pk).exists()
    employer_member_remove(employer=owner.employer, user=member.user, by=owner.user)


def test_a_member_may_not_remove_anyone():
    owner = EmployerMemberFactory(role=MemberRole.OWNER)
    member = EmployerMemberFactory(employer=owner.employer, role=MemberRole.MEMBER)
    with pytest.raises(PermissionDenied):
        employer_member_remove(employer=owner.employer, user=owner.user, by=member.user)
    with pytest.raises(PermissionDenied):
        employer_member_remove(employer=owner.employer, user=member.user, by=EmployerMemberFactory().user)


def test_the_last_owner_is_never_removed():
    owner = EmployerMemberFactory(role=MemberRole.OWNER)
    with pytest.raises(ValidationError) as error:
        employer_member_remove(employer=owner.employer, user=owner.user, by=owner.user)
    assert error.value.code == "last_owner"
    assert EmployerMember.objects.filter(pk=owner.pk).exists()


def test_one_of_two_owners_may_leave():
    owner = EmployerMemberFactory(role=MemberRole.OWNER)
    other = EmployerMemberFactory(employer=owner.employer, role=MemberRole.OWNER)
    employer_member_remove(employer=owner.employer, user=other.user, by=owner.user)
    with pytest.raises(ValidationError):
        employer_member_remove(employer=owner.employer, user=owner.user, by=owner.user)
