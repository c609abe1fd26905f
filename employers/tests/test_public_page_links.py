"""An employer reaches their organisation's public page (what students see) from the dashboard and from the
organisation's page."""

import re

import pytest
from django.urls import reverse

from employers.factories import EmployerFactory, EmployerMemberFactory
from employers.models import MemberRole

pytestmark = pytest.mark.django_db


def public_links(html: str, slug: str) -> list[str]:
    url = reverse("employers:public", args=[slug])
    return re.findall(rf'<a [^>]*href="{re.escape(url)}"[^>]*>(.*?)</a>', html, re.S)


def test_the_dashboard_links_each_organisation_to_its_public_page(client, member, employer):
    other = EmployerFactory(name="Second Org")
    EmployerMemberFactory(employer=other, user=member, role=MemberRole.MEMBER)
    client.force_login(member)

    html = client.get(reverse("employers:dashboard")).content.decode()

    for organisation in (employer, other):
        [label] = public_links(html, organisation.slug)
        assert label.startswith("Public page")
        assert f"of {organisation.name}" in label  # tells the links apart for screen readers
    assert client.get(reverse("employers:public", args=[employer.slug])).status_code == 200


@pytest.mark.parametrize("role", [MemberRole.OWNER, MemberRole.MEMBER])
def test_the_organisation_page_links_to_its_public_page(client, role):
    membership = EmployerMemberFactory(role=role)
    client.force_login(membership.user)

    html = client.get(reverse("employers:org_detail", args=[membership.employer.slug])).content.decode()

    [label] = public_links(html, membership.employer.slug)
    assert label.startswith("Public page")
