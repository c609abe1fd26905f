"""A partnership from the employer's side, end to end through the real pages: an owner asks North University
from the organisation page, its career staff approve in the admin, the owner sees it active and is told;
the other way round, the career office asks from the admin and the owner confirms on the organisation page."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import Role
from employers.factories import EmployerFactory, EmployerMemberFactory
from notifications.models import Notification, NotificationKind
from universities.factories import UniversityFactory
from universities.models import Partnership, PartnershipStatus
from universities.services import career_staff_add

pytestmark = pytest.mark.django_db

PARTNERSHIPS = reverse("admin:universities_partnership_changelist")


@pytest.fixture
def partnership_world(client):
    north = UniversityFactory(name="North University", slug="north", domain="north.edu")
    carol = UserFactory(role=Role.CAREER_STAFF, email="carol@north.edu", mfa=True)
    career_staff_add(user=carol, university=north)
    owner = EmployerMemberFactory(employer=EmployerFactory(name="Brightlane", slug="brightlane")).user
    return north, carol, owner


def partnerships_card(client) -> str:
    page = client.get(reverse("employers:org_detail", args=["brightlane"])).content.decode()
    return page[page.index('id="partnerships"') :]


def test_the_employer_asks_and_the_career_office_approves(client, partnership_world):
    north, carol, owner = partnership_world

    client.force_login(owner)
    ask = reverse("employers:partnership_new", args=["brightlane"])
    response = client.post(ask, {"university": north.pk, "message": "Map projects every term."}, follow=True)
    assert "Request sent to North University" in response.content.decode()
    assert "Requested" in partnerships_card(client)

    client.force_login(carol)
    assert Notification.objects.filter(user=carol, kind=NotificationKind.PARTNERSHIP).exists()
    partnership = Partnership.objects.get()
    response = client.post(
        PARTNERSHIPS,
        {"action": "approve_partnerships", "index": 0, "_selected_action": [partnership.pk]},
        follow=True,
    )
    assert "1 partnership approved." in response.content.decode()

    client.force_login(owner)
    card = partnerships_card(client)
    assert "North University" in card and "Active" in card and "Partners since" in card
    notice = Notification.objects.get(user=owner)
    assert notice.title == "North University approved the partnership with Brightlane"


def test_the_career_office_asks_and_the_employer_confirms(client, partnership_world):
    _north, carol, owner = partnership_world

    client.force_login(carol)
    ask = reverse("admin:universities_partnership_ask")
    employer = owner.employer_memberships.get().employer
    assert client.post(ask, {"employer": employer.pk, "message": "Join us"}).status_code == 302

    client.force_login(owner)
    assert "The career office invited you" in partnerships_card(client)
    partnership = Partnership.objects.get()
    confirm = reverse("employers:partnership_confirm", args=["brightlane", partnership.pk])
    client.post(confirm)
    assert "Active" in partnerships_card(client)

    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.ACTIVE
    assert Notification.objects.filter(user=carol, title__contains="confirmed").exists()
