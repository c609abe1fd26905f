"""What an invitation does once taken up, at the service level: the edges the journeys do not walk."""

import pytest
from allauth.account.models import EmailAddress

from accounts.factories import UserFactory
from employers.models import Employer
from invitations.services import (
    business_invitation_accept,
    invitation_claim_on_signup,
    invitations_accept_for_confirmed_email,
    student_invitation_accept,
)
from invitations.tests.factories import BusinessInvitationFactory, StudentInvitationFactory
from students.factories import StudentProfileFactory
from universities.models import Partnership

pytestmark = pytest.mark.django_db


def test_an_unconfirmed_invited_address_is_linked_but_not_vouched_for(north, carol):
    invitation = StudentInvitationFactory(university=north, email="ana@mail.example", invited_by=carol)
    user = UserFactory(student=True, email="ana@mail.example", email_address__verified=False)
    claimed = invitation_claim_on_signup(kind="students", token=str(invitation.token), user=user)
    assert claimed.user == user and claimed.signed_up_at is not None
    assert claimed.accepted_at is None
    EmailAddress.objects.filter(user=user).update(verified=True)
    [accepted] = invitations_accept_for_confirmed_email(user=user, email="ANA@mail.example")
    assert accepted.accepted_at is not None
    user.student_profile.refresh_from_db()
    assert user.student_profile.verified_by == carol


def test_someone_elses_account_cannot_take_an_invitation(north, carol):
    invitation = StudentInvitationFactory(university=north, email="ana@mail.example", invited_by=carol)
    stranger = UserFactory(student=True, email="eve@mail.example")
    assert student_invitation_accept(invitation=invitation, user=stranger).user is None
    invitation.refresh_from_db()
    assert invitation.user is None


def test_a_student_already_verified_by_the_domain_is_accepted_even_if_the_inviter_left(north, carol):
    invitation = StudentInvitationFactory(university=north, email="ana@north.edu", invited_by=None)
    profile = StudentProfileFactory(university=north, user__email="ana@north.edu")
    accepted = student_invitation_accept(invitation=invitation, user=profile.user)
    assert accepted.accepted_at is not None


def test_a_student_verified_elsewhere_keeps_it_and_only_counts_as_signed_up(north, south, carol):
    invitation = StudentInvitationFactory(university=north, email="ana@mail.example", invited_by=carol)
    profile = StudentProfileFactory(university=south, user__email="ana@mail.example")
    accepted = student_invitation_accept(invitation=invitation, user=profile.user)
    assert accepted.signed_up_at is not None and accepted.accepted_at is None
    profile.refresh_from_db()
    assert profile.university == south


def test_a_business_invitation_makes_one_organisation_however_often_it_is_accepted(north, carol):
    invitation = BusinessInvitationFactory(university=north, email="dee@bakery.example", invited_by=carol)
    owner = UserFactory(employer=True, email="dee@bakery.example")
    first = business_invitation_accept(invitation=invitation, user=owner)
    again = business_invitation_accept(invitation=first, user=owner)
    assert first.employer == again.employer
    assert Employer.objects.count() == 1
    assert Partnership.objects.count() == 1


def test_a_student_account_cannot_take_a_business_invitation(north, carol):
    invitation = BusinessInvitationFactory(university=north, email="dee@bakery.example", invited_by=carol)
    student = UserFactory(student=True, email="dee@bakery.example")
    assert invitation_claim_on_signup(kind="businesses", token=str(invitation.token), user=student) is None
    assert business_invitation_accept(invitation=invitation, user=student).accepted_at is None
    assert not Employer.objects.exists()
