"""Organisations in the API: the member's own list. The public page's data is tested in
engagements/tests/test_api_employer_public.py."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from employers.factories import EmployerMemberFactory
from employers.models import MemberRole

pytestmark = pytest.mark.django_db
ORGANISATIONS = reverse("api-employer-organisation-list")


# --- My organisations ---------------------------------------------------------------------------------------


def test_a_member_lists_their_organisations_with_their_role(api):
    owner = EmployerMemberFactory(employer__name="Alpha", role=MemberRole.OWNER)
    EmployerMemberFactory(user=owner.user, employer__name="Beta", role=MemberRole.MEMBER)
    EmployerMemberFactory(employer__name="Not mine")
    api.force_login(owner.user)
    body = api.get(ORGANISATIONS).json()
    assert [(row["name"], row["role"]) for row in body["results"]] == [("Alpha", "owner"), ("Beta", "member")]
    assert body["results"][0]["public_url"].endswith(f"/employers/profile/{owner.employer.slug}/")


@pytest.mark.parametrize("kind", ["student", "career_staff"])
def test_other_roles_get_a_403_for_the_organisation_list(api, kind):
    api.force_login(UserFactory(student=True) if kind == "student" else UserFactory(career_staff=True))
    response = api.get(ORGANISATIONS)
    assert response.status_code == 403
    assert response.json()["type"] == "permission_denied"


def test_the_organisation_list_needs_a_sign_in(api):
    assert api.get(ORGANISATIONS).status_code == 401


@pytest.mark.parametrize("count", [1, 50])
def test_the_organisation_list_runs_the_same_queries_for_one_or_fifty(api, django_assert_num_queries, count):
    user = UserFactory(employer=True)
    for _ in range(count):
        EmployerMemberFactory(user=user)
    api.force_login(user)
    # session, user, the count, the page (the role annotated).
    with django_assert_num_queries(4):
        body = api.get(ORGANISATIONS, {"page_size": 100}).json()
    assert body["count"] == count
