"""Partnerships: asked by either side (an owner of the organisation, or the career office), the employer's
requests decided and any partnership ended by the university's career office. The other direction (the
university asks, the employer answers) and the notices are in test_partnership_sides.py."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.factories import UserFactory
from employers.factories import EmployerMemberFactory
from employers.models import MemberRole
from universities.factories import CareerStaffFactory, PartnershipFactory
from universities.models import Partnership, PartnershipSide, PartnershipStatus
from universities.services import (
    partnership_approve,
    partnership_decline,
    partnership_end,
    partnership_request,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_membership():
    """An owner's membership of a fresh organisation: owners ask for a partnership on its behalf."""
    return EmployerMemberFactory(role=MemberRole.OWNER)


@pytest.fixture
def staff_membership():
    """A career-office staff membership of a fresh university."""
    return CareerStaffFactory()


def request_from_employer(member, university, **kwargs) -> Partnership:
    return partnership_request(
        employer=member.employer,
        university=university,
        by=member.user,
        side=PartnershipSide.EMPLOYER,
        **kwargs,
    )


# --- Requesting ---------------------------------------------------------------------------------------------


def test_an_employer_owner_requests_a_partnership(owner_membership, staff_membership):
    partnership = request_from_employer(
        owner_membership, staff_membership.university, message="  We hire interns every term. "
    )
    assert partnership.status == PartnershipStatus.REQUESTED
    assert partnership.requested_by_side == PartnershipSide.EMPLOYER
    assert partnership.requested_by == owner_membership.user
    assert partnership.message == "We hire interns every term."


def test_career_staff_request_a_partnership_for_their_university(owner_membership, staff_membership):
    partnership = partnership_request(
        employer=owner_membership.employer,
        university=staff_membership.university,
        by=staff_membership.user,
        side=PartnershipSide.UNIVERSITY,
    )
    assert partnership.requested_by_side == PartnershipSide.UNIVERSITY
    assert partnership.status == PartnershipStatus.REQUESTED


def test_it_refuses_a_member_who_is_not_an_owner(staff_membership):
    member = EmployerMemberFactory(role=MemberRole.MEMBER)
    with pytest.raises(PermissionDenied):
        request_from_employer(member, staff_membership.university)
    assert not Partnership.objects.exists()


def test_it_refuses_an_outsider_asking_for_an_employer(staff_membership):
    outsider = EmployerMemberFactory()  # a member of another employer
    other = EmployerMemberFactory()
    with pytest.raises(PermissionDenied):
        partnership_request(
            employer=other.employer,
            university=staff_membership.university,
            by=outsider.user,
            side=PartnershipSide.EMPLOYER,
        )


def test_it_refuses_staff_of_another_university_asking_for_this_one(owner_membership, staff_membership):
    other_staff = CareerStaffFactory()
    with pytest.raises(PermissionDenied):
        partnership_request(
            employer=owner_membership.employer,
            university=staff_membership.university,
            by=other_staff.user,
            side=PartnershipSide.UNIVERSITY,
        )


def test_an_employer_member_cannot_ask_on_the_universitys_side(owner_membership, staff_membership):
    with pytest.raises(PermissionDenied):
        partnership_request(
            employer=owner_membership.employer,
            university=staff_membership.university,
            by=owner_membership.user,
            side=PartnershipSide.UNIVERSITY,
        )


def test_it_refuses_an_unknown_side(owner_membership, staff_membership):
    with pytest.raises(ValidationError) as error:
        partnership_request(
            employer=owner_membership.employer,
            university=staff_membership.university,
            by=owner_membership.user,
            side="both",
        )
    assert error.value.code == "invalid_side"


@pytest.mark.parametrize("status", [PartnershipStatus.REQUESTED, PartnershipStatus.ACTIVE])
def test_it_refuses_a_second_request_while_one_is_live(owner_membership, staff_membership, status):
    PartnershipFactory(
        employer=owner_membership.employer, university=staff_membership.university, status=status
    )
    with pytest.raises(ValidationError) as error:
        request_from_employer(owner_membership, staff_membership.university)
    assert error.value.code == "partnership_exists"
    assert Partnership.objects.count() == 1


@pytest.mark.parametrize("status", [PartnershipStatus.DECLINED, PartnershipStatus.ENDED])
def test_a_declined_or_ended_partnership_may_be_asked_again(owner_membership, staff_membership, status):
    PartnershipFactory(
        employer=owner_membership.employer, university=staff_membership.university, status=status
    )
    assert (
        request_from_employer(owner_membership, staff_membership.university).status
        == PartnershipStatus.REQUESTED
    )


def test_the_database_constraint_is_the_last_line(owner_membership, staff_membership, monkeypatch):
    """Two requests racing past the existence check: the partial unique index refuses the second."""
    PartnershipFactory(employer=owner_membership.employer, university=staff_membership.university)
    real_filter = Partnership.objects.filter
    calls = {"n": 0}

    def blind_first_check(*args, **kwargs):
        calls["n"] += 1
        queryset = real_filter(*args, **kwargs)
        return queryset.none() if calls["n"] == 1 else queryset

    monkeypatch.setattr(Partnership.objects, "filter", blind_first_check)
    with pytest.raises(ValidationError) as error:
        request_from_employer(owner_membership, staff_membership.university)
    assert error.value.code == "partnership_exists"
    monkeypatch.undo()
    assert Partnership.objects.count() == 1


# --- Deciding -----------------------------------------------------------------------------------------------


def test_career_staff_approve_a_request(staff_membership):
    partnership = PartnershipFactory(university=staff_membership.university)
    approved = partnership_approve(partnership=partnership, by=staff_membership.user)
    assert approved.status == PartnershipStatus.ACTIVE
    assert approved.decided_by == staff_membership.user
    assert approved.decided_at is not None


def test_approving_again_changes_nothing(staff_membership):
    partnership = partnership_approve(
        partnership=PartnershipFactory(university=staff_membership.university), by=staff_membership.user
    )
    other_staff = CareerStaffFactory(university=staff_membership.university)
    again = partnership_approve(partnership=partnership, by=other_staff.user)
    assert again.status == PartnershipStatus.ACTIVE
    assert again.decided_by == staff_membership.user
    assert again.decided_at == partnership.decided_at


def test_career_staff_decline_a_request_and_declining_again_changes_nothing(staff_membership):
    partnership = PartnershipFactory(university=staff_membership.university)
    declined = partnership_decline(partnership=partnership, by=staff_membership.user)
    assert declined.status == PartnershipStatus.DECLINED
    assert declined.decided_by == staff_membership.user
    assert (
        partnership_decline(partnership=partnership, by=staff_membership.user).decided_at
        == declined.decided_at
    )


@pytest.mark.parametrize("decide", [partnership_approve, partnership_decline, partnership_end])
def test_staff_of_another_university_may_not_decide(staff_membership, decide):
    partnership = PartnershipFactory(university=staff_membership.university, status=PartnershipStatus.ACTIVE)
    with pytest.raises(PermissionDenied):
        decide(partnership=partnership, by=CareerStaffFactory().user)


@pytest.mark.parametrize("decide", [partnership_approve, partnership_decline, partnership_end])
def test_employer_members_may_not_decide(staff_membership, decide):
    member = EmployerMemberFactory()
    partnership = PartnershipFactory(
        employer=member.employer, university=staff_membership.university, status=PartnershipStatus.ACTIVE
    )
    with pytest.raises(PermissionDenied):
        decide(partnership=partnership, by=member.user)


def test_a_superuser_may_decide_for_any_university():
    root = UserFactory(is_staff=True, is_superuser=True)
    partnership = partnership_approve(partnership=PartnershipFactory(), by=root)
    assert partnership.status == PartnershipStatus.ACTIVE
    assert partnership_end(partnership=partnership, by=root).status == PartnershipStatus.ENDED


@pytest.mark.parametrize("status", [PartnershipStatus.DECLINED, PartnershipStatus.ENDED])
def test_only_a_waiting_request_can_be_approved(staff_membership, status):
    partnership = PartnershipFactory(university=staff_membership.university, status=status)
    with pytest.raises(ValidationError) as error:
        partnership_approve(partnership=partnership, by=staff_membership.user)
    assert error.value.code == "invalid_transition"
    partnership.refresh_from_db()
    assert partnership.status == status


@pytest.mark.parametrize("status", [PartnershipStatus.ACTIVE, PartnershipStatus.ENDED])
def test_only_a_waiting_request_can_be_declined(staff_membership, status):
    partnership = PartnershipFactory(university=staff_membership.university, status=status)
    with pytest.raises(ValidationError) as error:
        partnership_decline(partnership=partnership, by=staff_membership.user)
    assert error.value.code == "invalid_transition"


# --- Ending -------------------------------------------------------------------------------------------------


def test_career_staff_end_an_active_partnership_and_ending_again_changes_nothing(staff_membership):
    partnership = PartnershipFactory(university=staff_membership.university, status=PartnershipStatus.ACTIVE)
    ended = partnership_end(partnership=partnership, by=staff_membership.user)
    assert ended.status == PartnershipStatus.ENDED
    assert ended.ended_by == staff_membership.user
    again = partnership_end(partnership=partnership, by=staff_membership.user)
    assert again.ended_at == ended.ended_at


@pytest.mark.parametrize("status", [PartnershipStatus.REQUESTED, PartnershipStatus.DECLINED])
def test_only_an_active_partnership_can_be_ended(staff_membership, status):
    partnership = PartnershipFactory(university=staff_membership.university, status=status)
    with pytest.raises(ValidationError) as error:
        partnership_end(partnership=partnership, by=staff_membership.user)
    assert error.value.code == "invalid_transition"
