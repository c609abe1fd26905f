import pytest
from django.http import Http404

from accounts.factories import UserFactory
from employers.factories import EmployerFactory, EmployerMemberFactory
from employers.models import MemberRole
from employers.selectors import employer_get_for_member, employer_list_for_user

pytestmark = pytest.mark.django_db


def test_a_user_lists_the_organisations_they_belong_to_with_their_role():
    owner = EmployerMemberFactory(role=MemberRole.OWNER)
    EmployerMemberFactory(user=owner.user, role=MemberRole.MEMBER)
    EmployerFactory()
    listed = {employer.slug: employer.member_role for employer in employer_list_for_user(user=owner.user)}
    assert len(listed) == 2
    assert listed[owner.employer.slug] == MemberRole.OWNER


def test_a_member_gets_the_organisation_and_outsiders_a_404():
    member = EmployerMemberFactory(role=MemberRole.MEMBER)
    assert employer_get_for_member(user=member.user, slug=member.employer.slug) == member.employer
    with pytest.raises(Http404):
        employer_get_for_member(user=UserFactory(employer=True), slug=member.employer.slug)
    with pytest.raises(Http404):
        employer_get_for_member(user=member.user, slug="no-such-employer")
