"""The side that did not ask decides, and each side hears of what the other did (and nobody else does)."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.factories import UserFactory
from employers.factories import EmployerMemberFactory
from employers.models import MemberRole
from notifications.models import Notification, NotificationKind
from universities.factories import CareerStaffFactory, PartnershipFactory, UniversityFactory
from universities.models import Partnership, PartnershipSide, PartnershipStatus
from universities.services import (
    partnership_approve,
    partnership_decline,
    partnership_end,
    partnership_request,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def teammate(owner):
    """A plain member of the same organisation: hears of everything, answers nothing."""
    return EmployerMemberFactory(employer=owner.employer, role=MemberRole.MEMBER)


@pytest.fixture
def office():
    return CareerStaffFactory()


@pytest.fixture
def colleague(office):
    """Another career-staff member of the same university."""
    return CareerStaffFactory(university=office.university)


@pytest.fixture
def strangers():
    """People on neither side: staff of another university, an owner of another organisation."""
    return [CareerStaffFactory().user, EmployerMemberFactory().user]


def told(kind: str = NotificationKind.PARTNERSHIP) -> set:
    return set(Notification.objects.filter(kind=kind).values_list("user_id", flat=True))


def university_asks(office, owner, **kwargs) -> Partnership:
    return partnership_request(
        employer=owner.employer,
        university=office.university,
        by=office.user,
        side=PartnershipSide.UNIVERSITY,
        **kwargs,
    )


def employer_asks(owner, office, **kwargs) -> Partnership:
    return partnership_request(
        employer=owner.employer,
        university=office.university,
        by=owner.user,
        side=PartnershipSide.EMPLOYER,
        **kwargs,
    )


# --- Who hears of a request ---------------------------------------------------------------------------------


def test_an_employers_request_tells_the_career_staff_of_that_university_only(
    owner, teammate, office, colleague, strangers
):
    partnership = employer_asks(owner, office, message="We hire every term.")
    assert told() == {office.user_id, colleague.user_id}
    notice = Notification.objects.get(user=office.user)
    assert owner.employer.name in notice.title
    assert "We hire every term." in notice.body
    assert notice.url.endswith(f"/admin/universities/partnership/{partnership.pk}/change/")


def test_a_universitys_request_tells_the_organisations_members_only(
    owner, teammate, office, colleague, strangers
):
    university_asks(office, owner)
    assert told() == {owner.user_id, teammate.user_id}
    notice = Notification.objects.get(user=teammate.user)
    assert notice.url.endswith(f"/employers/org/{owner.employer.slug}/#partnerships")


# --- Who decides --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("decide", [partnership_approve, partnership_decline])
def test_the_career_office_cannot_answer_its_own_request(owner, office, colleague, decide):
    partnership = university_asks(office, owner)
    for person in (office.user, colleague.user, UserFactory(is_superuser=True, is_staff=True)):
        with pytest.raises(PermissionDenied, match="only an owner"):
            decide(partnership=partnership, by=person)
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.REQUESTED


@pytest.mark.parametrize("decide", [partnership_approve, partnership_decline])
def test_an_employer_cannot_answer_its_own_request(owner, office, decide):
    partnership = employer_asks(owner, office)
    with pytest.raises(PermissionDenied, match="career office"):
        decide(partnership=partnership, by=owner.user)
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.REQUESTED


def test_only_an_owner_of_that_organisation_answers_the_university(owner, teammate, office, strangers):
    partnership = university_asks(office, owner)
    for person in (teammate.user, *strangers):
        with pytest.raises(PermissionDenied):
            partnership_approve(partnership=partnership, by=person)
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.REQUESTED


def test_a_deactivated_owner_neither_asks_nor_answers(owner, office):
    partnership = university_asks(office, owner)
    owner.user.is_active = False
    owner.user.save()
    with pytest.raises(PermissionDenied, match="only an owner"):
        partnership_approve(partnership=partnership, by=owner.user)
    with pytest.raises(PermissionDenied, match="Only an owner"):
        employer_asks(owner, CareerStaffFactory())
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.REQUESTED


def test_an_owner_confirms_and_the_career_office_hears_of_it(owner, teammate, office, colleague, strangers):
    partnership = university_asks(office, owner)
    Notification.objects.all().delete()

    confirmed = partnership_approve(partnership=partnership, by=owner.user)

    assert confirmed.status == PartnershipStatus.ACTIVE
    assert confirmed.decided_by == owner.user
    assert confirmed.decided_at is not None
    assert told() == {office.user_id, colleague.user_id}
    assert "confirmed" in Notification.objects.get(user=office.user).title


def test_an_owner_declines_and_the_career_office_hears_of_it(owner, teammate, office, colleague):
    partnership = university_asks(office, owner)
    Notification.objects.all().delete()

    declined = partnership_decline(partnership=partnership, by=owner.user)

    assert declined.status == PartnershipStatus.DECLINED
    assert told() == {office.user_id, colleague.user_id}
    assert "declined" in Notification.objects.get(user=colleague.user).title


@pytest.mark.parametrize(
    ("decide", "status", "word"),
    [
        (partnership_approve, PartnershipStatus.ACTIVE, "approved"),
        (partnership_decline, PartnershipStatus.DECLINED, "declined"),
    ],
)
def test_the_career_office_answers_an_employer_and_its_members_hear(
    owner, teammate, office, colleague, strangers, decide, status, word
):
    partnership = employer_asks(owner, office)
    Notification.objects.all().delete()

    assert decide(partnership=partnership, by=office.user).status == status

    assert told() == {owner.user_id, teammate.user_id}
    assert word in Notification.objects.get(user=owner.user).title


def test_answering_twice_tells_nobody_twice(owner, office):
    partnership = employer_asks(owner, office)
    partnership_approve(partnership=partnership, by=office.user)
    partnership_approve(partnership=partnership, by=office.user)
    assert Notification.objects.filter(user=owner.user).count() == 1


def test_ending_tells_the_organisations_members(owner, teammate, office, colleague):
    partnership = PartnershipFactory(
        employer=owner.employer, university=office.university, status=PartnershipStatus.ACTIVE
    )
    partnership_end(partnership=partnership, by=office.user)
    partnership_end(partnership=partnership, by=office.user)
    assert told() == {owner.user_id, teammate.user_id}
    assert Notification.objects.filter(user=owner.user).count() == 1
    assert "ended" in Notification.objects.get(user=owner.user).title


def test_the_employer_cannot_end_a_partnership(owner, office):
    partnership = PartnershipFactory(
        employer=owner.employer, university=office.university, status=PartnershipStatus.ACTIVE
    )
    with pytest.raises(PermissionDenied):
        partnership_end(partnership=partnership, by=owner.user)


def test_a_pair_declined_by_the_employer_may_be_asked_again_by_either_side(owner, office):
    partnership_decline(partnership=university_asks(office, owner), by=owner.user)
    again = employer_asks(owner, office)
    assert again.status == PartnershipStatus.REQUESTED
    assert again.requested_by_side == PartnershipSide.EMPLOYER
    assert Partnership.objects.filter(employer=owner.employer).count() == 2


def test_a_deactivated_member_is_not_told(owner, teammate, office):
    teammate.user.is_active = False
    teammate.user.save()
    university_asks(office, owner)
    assert told() == {owner.user_id}


def test_a_university_without_staff_is_asked_quietly(owner):
    partnership = partnership_request(
        employer=owner.employer,
        university=UniversityFactory(),
        by=owner.user,
        side=PartnershipSide.EMPLOYER,
    )
    assert partnership.status == PartnershipStatus.REQUESTED
    assert told() == set()
