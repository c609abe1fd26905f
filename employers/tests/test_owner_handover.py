"""An owner makes a member an owner too, so the organisation can be handed over (before leaving or deleting
one's account)."""

import pytest
from django.urls import reverse

from employers.factories import EmployerMemberFactory
from employers.models import EmployerMember, MemberRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def brightlane_teammate(owner) -> EmployerMember:
    """A member of Brightlane who is not an owner."""
    return EmployerMemberFactory(employer=owner.employer, role=MemberRole.MEMBER)


def make_owner_url(member: EmployerMember) -> str:
    return reverse("employers:member_make_owner", args=[member.employer.slug, member.user_id])


def test_an_owner_makes_a_member_an_owner(client, owner, brightlane_teammate):
    client.force_login(owner.user)
    page = client.get(reverse("employers:org_detail", args=["brightlane"])).content.decode()
    assert make_owner_url(brightlane_teammate) in page
    assert make_owner_url(owner) not in page
    response = client.post(make_owner_url(brightlane_teammate), follow=True)
    assert (
        f"{brightlane_teammate.user.get_full_name()} is now an owner of Brightlane."
        in response.content.decode()
    )
    brightlane_teammate.refresh_from_db()
    assert brightlane_teammate.role == MemberRole.OWNER
    # Again: nothing changes, nothing breaks.
    assert client.post(make_owner_url(brightlane_teammate)).status_code == 302


def test_a_member_cannot_make_themselves_an_owner(client, owner, brightlane_teammate):
    client.force_login(brightlane_teammate.user)
    page = client.get(reverse("employers:org_detail", args=["brightlane"])).content.decode()
    assert "/owner/" not in page
    response = client.post(make_owner_url(brightlane_teammate), follow=True)
    assert "Only owners may make someone an owner." in response.content.decode()
    brightlane_teammate.refresh_from_db()
    assert brightlane_teammate.role == MemberRole.MEMBER


def test_outsiders_get_404(client, owner, brightlane_teammate):
    client.force_login(EmployerMemberFactory().user)
    assert client.post(make_owner_url(brightlane_teammate)).status_code == 404
    brightlane_teammate.refresh_from_db()
    assert brightlane_teammate.role == MemberRole.MEMBER
