"""The organisation's partnership pages and the career office's "Ask an employer", through HTTP: as the
owner, as a plain member, as outsiders; the org page's card in a constant number of queries."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.factories import UserFactory
from accounts.models import Role
from employers.factories import EmployerMemberFactory
from employers.models import MemberRole
from universities.factories import PartnershipFactory
from universities.models import Partnership, PartnershipSide, PartnershipStatus
from universities.services import career_staff_add

pytestmark = pytest.mark.django_db

PARTNERSHIPS = reverse("admin:universities_partnership_changelist")
ASK = reverse("admin:universities_partnership_ask")


def staff_of(university, email: str):
    user = UserFactory(role=Role.CAREER_STAFF, email=email, mfa=True)
    career_staff_add(user=user, university=university)
    return user


def new_url(employer) -> str:
    return reverse("employers:partnership_new", args=[employer.slug])


def org_url(employer) -> str:
    return reverse("employers:org_detail", args=[employer.slug])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- The organisation asks ----------------------------------------------------------------------------------


def test_an_owner_asks_a_university_from_the_organisation_page(client, owner, north, south):
    PartnershipFactory(employer=owner.employer, university=south, status=PartnershipStatus.ACTIVE)
    client.force_login(owner.user)
    org_page = client.get(org_url(owner.employer)).content.decode()
    assert new_url(owner.employer) in org_page
    assert "South University" in org_page and "Active" in org_page

    form_page = client.get(new_url(owner.employer))
    choices = list(form_page.context["form"].fields["university"].queryset)
    assert choices == [north]  # South is already a partner

    response = client.post(new_url(owner.employer), {"university": north.pk, "message": "We hire interns."})
    assert response.status_code == 302
    assert response["Location"] == org_url(owner.employer) + "#partnerships"
    partnership = Partnership.objects.get(university=north)
    assert partnership.requested_by_side == PartnershipSide.EMPLOYER
    assert partnership.requested_by == owner.user
    assert partnership.message == "We hire interns."
    page = client.get(org_url(owner.employer)).content.decode()
    assert "North University" in page and "waiting for the career office" in page


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"message": "Hello"}, "This field is required."),
        ({"university": "999999", "message": "Hello"}, "Choose one of the universities in the list."),
        ({"university": "north"}, "This field is required."),
        ({"university": "1", "message": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_asked(client, owner, north, data, problem):
    client.force_login(owner.user)
    response = client.post(new_url(owner.employer), data)
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert not Partnership.objects.exists()


def test_a_university_with_a_waiting_request_cannot_be_asked_twice(client, owner, north):
    PartnershipFactory(employer=owner.employer, university=north)
    client.force_login(owner.user)
    response = client.post(new_url(owner.employer), {"university": north.pk, "message": "Again"})
    assert response.status_code == 400
    assert Partnership.objects.count() == 1
    assert "already has a partnership or a waiting request with every university" in response.content.decode()


def test_a_plain_member_sees_the_state_but_cannot_ask(client, owner, north):
    member = EmployerMemberFactory(employer=owner.employer, role=MemberRole.MEMBER)
    PartnershipFactory(
        employer=owner.employer, university=north, requested_by_side=PartnershipSide.UNIVERSITY
    )
    client.force_login(member.user)
    page = client.get(org_url(owner.employer)).content.decode()
    assert "North University" in page and "Requested" in page
    assert "Only owners can ask a university" in page
    assert new_url(owner.employer) not in page
    assert "Only owners of Brightlane can ask" in client.get(new_url(owner.employer)).content.decode()

    response = client.post(new_url(owner.employer), {"university": north.pk, "message": "Hi"})
    assert response.status_code == 400
    assert Partnership.objects.count() == 1


def test_outsiders_get_a_404(client, owner, north, carol):
    partnership = PartnershipFactory(
        employer=owner.employer, university=north, requested_by_side=PartnershipSide.UNIVERSITY
    )
    urls = [
        reverse("employers:partnership_confirm", args=[owner.employer.slug, partnership.pk]),
        reverse("employers:partnership_decline", args=[owner.employer.slug, partnership.pk]),
    ]
    for outsider in (EmployerMemberFactory().user, UserFactory(student=True), carol):
        client.force_login(outsider)
        assert client.get(new_url(owner.employer)).status_code == 404
        assert (
            client.post(new_url(owner.employer), {"university": north.pk, "message": "x"}).status_code == 404
        )
        for url in urls:
            assert client.post(url).status_code == 404
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.REQUESTED


def test_an_owner_cannot_answer_another_organisations_invitation_through_their_own_slug(client, owner, north):
    theirs = PartnershipFactory(university=north, requested_by_side=PartnershipSide.UNIVERSITY)
    client.force_login(owner.user)
    url = reverse("employers:partnership_confirm", args=[owner.employer.slug, theirs.pk])
    assert client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == PartnershipStatus.REQUESTED


def test_the_answer_pages_take_posts_only(client, owner, north):
    partnership = PartnershipFactory(
        employer=owner.employer, university=north, requested_by_side=PartnershipSide.UNIVERSITY
    )
    client.force_login(owner.user)
    url = reverse("employers:partnership_confirm", args=[owner.employer.slug, partnership.pk])
    assert client.get(url).status_code == 405


# --- The organisation answers the university ----------------------------------------------------------------


def test_an_owner_confirms_an_invitation_on_the_organisation_page(client, owner, north):
    partnership = PartnershipFactory(
        employer=owner.employer, university=north, requested_by_side=PartnershipSide.UNIVERSITY
    )
    client.force_login(owner.user)
    confirm = reverse("employers:partnership_confirm", args=[owner.employer.slug, partnership.pk])
    assert confirm in client.get(org_url(owner.employer)).content.decode()

    response = client.post(confirm, follow=True)
    assert "Brightlane and North University are now partners." in messages_of(response)
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.ACTIVE
    assert "Partners since" in response.content.decode()


def test_an_owner_declines_an_invitation(client, owner, north):
    partnership = PartnershipFactory(
        employer=owner.employer, university=north, requested_by_side=PartnershipSide.UNIVERSITY
    )
    client.force_login(owner.user)
    decline = reverse("employers:partnership_decline", args=[owner.employer.slug, partnership.pk])
    response = client.post(decline, follow=True)
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.DECLINED
    assert "Declined on" in response.content.decode()


def test_an_owner_cannot_approve_the_organisations_own_request(client, owner, north):
    partnership = PartnershipFactory(employer=owner.employer, university=north)
    client.force_login(owner.user)
    page = client.get(org_url(owner.employer)).content.decode()
    confirm = reverse("employers:partnership_confirm", args=[owner.employer.slug, partnership.pk])
    assert confirm not in page
    response = client.post(confirm, follow=True)
    assert any("career office" in message for message in messages_of(response))
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.REQUESTED


@pytest.mark.parametrize("count", [1, 12])
def test_the_organisation_page_runs_the_same_queries_for_one_or_many_partnerships(
    client, owner, django_assert_num_queries, count
):
    for _ in range(count):
        PartnershipFactory(employer=owner.employer)
    client.force_login(owner.user)
    client.get(org_url(owner.employer))  # warm the session and caches
    with django_assert_num_queries(QUERIES_ON_ORG_PAGE):
        response = client.get(org_url(owner.employer))
    assert response.content.decode().count("badge-warning") == count


QUERIES_ON_ORG_PAGE = 6


# --- The career office asks an employer ---------------------------------------------------------------------


def test_career_staff_ask_an_employer_from_the_admin(client, carol, owner, north):
    client.force_login(carol)
    assert ASK in client.get(PARTNERSHIPS).content.decode()
    page = client.get(ASK)
    assert page.status_code == 200
    assert "university" not in page.context["form"].fields  # their own, always

    response = client.post(ASK, {"employer": owner.employer.pk, "message": "Our students love maps."})
    partnership = Partnership.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:universities_partnership_change", args=[partnership.pk])
    assert partnership.university == north
    assert partnership.requested_by_side == PartnershipSide.UNIVERSITY
    assert partnership.requested_by == carol


def test_asking_an_employer_twice_is_explained(client, carol, owner, north):
    PartnershipFactory(employer=owner.employer, university=north, status=PartnershipStatus.ACTIVE)
    client.force_login(carol)
    response = client.post(ASK, {"employer": owner.employer.pk, "message": "Again"})
    assert response.status_code == 400
    assert "already partners" in response.content.decode()
    assert Partnership.objects.count() == 1


def test_a_bad_ask_form_is_explained(client, carol):
    client.force_login(carol)
    response = client.post(ASK, {"employer": "nope", "message": ""})
    assert response.status_code == 400
    assert "Choose one of the employers in the list." in response.content.decode()


def test_site_staff_ask_for_the_university_they_choose(client, owner, south):
    root = UserFactory(is_superuser=True, is_staff=True, mfa=True)
    client.force_login(root)
    response = client.post(ASK, {"employer": owner.employer.pk, "university": south.pk, "message": "Hi"})
    assert response.status_code == 302
    assert Partnership.objects.get().university == south


def test_career_staff_cannot_approve_their_own_universitys_request(client, carol, owner, north):
    partnership = PartnershipFactory(
        employer=owner.employer, university=north, requested_by_side=PartnershipSide.UNIVERSITY
    )
    client.force_login(carol)
    response = client.post(
        PARTNERSHIPS,
        {"action": "approve_partnerships", "index": 0, "_selected_action": [partnership.pk]},
        follow=True,
    )
    shown = messages_of(response)
    assert "0 partnerships approved." in shown
    assert any("Not changed" in message and "only an owner of Brightlane" in message for message in shown)
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.REQUESTED


def test_staff_of_another_university_never_see_it(client, owner, north, south):
    partnership = PartnershipFactory(employer=owner.employer, university=north)
    client.force_login(staff_of(south, "sam@south.edu"))
    assert "Brightlane" not in client.get(PARTNERSHIPS).content.decode()
    change = reverse("admin:universities_partnership_change", args=[partnership.pk])
    assert client.get(change).status_code in {302, 403, 404}
    client.post(
        PARTNERSHIPS, {"action": "approve_partnerships", "index": 0, "_selected_action": [partnership.pk]}
    )
    partnership.refresh_from_db()
    assert partnership.status == PartnershipStatus.REQUESTED


def test_people_outside_the_admin_cannot_ask(client, owner):
    client.force_login(owner.user)
    assert client.get(ASK).status_code == 302  # to the admin login
    staff_without_university = UserFactory(role=Role.CAREER_STAFF, mfa=True)
    client.force_login(staff_without_university)
    assert client.get(ASK).status_code in {302, 403}
