"""Organisation pages through HTTP: create, edit, members, invitations (send, withdraw, accept)."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import Role
from employers.factories import EmployerInvitationFactory, EmployerMemberFactory
from employers.models import Employer, EmployerInvitation, EmployerMember, MemberRole

pytestmark = pytest.mark.django_db


@pytest.fixture
def brightlane_member(owner):
    """A member of Brightlane who is not an owner, beside `owner`."""
    return EmployerMemberFactory(employer=owner.employer, role=MemberRole.MEMBER)


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


def _page(response) -> str:
    return response.content.decode()


# --- Creating -----------------------------------------------------------------------------------------------


def test_an_employer_creates_an_organisation_and_lands_on_its_page(client, employer_user):
    client.force_login(employer_user)
    response = client.post(
        reverse("employers:org_create"),
        {"name": "Acme Labs", "description": "We make robots.", "website": "acme.test"},
        follow=True,
    )
    employer = Employer.objects.get()
    assert response.redirect_chain[-1][0] == reverse("employers:org_detail", args=[employer.slug])
    assert (employer.slug, employer.website) == ("acme-labs", "https://acme.test")
    assert employer.memberships.get().role == MemberRole.OWNER
    assert "Acme Labs is ready" in _page(response)


def test_two_organisations_with_the_same_name_get_distinct_addresses(client, employer_user):
    client.force_login(employer_user)
    for _ in range(2):
        client.post(reverse("employers:org_create"), {"name": "Acme", "description": "", "website": ""})
    assert sorted(Employer.objects.values_list("slug", flat=True)) == ["acme", "acme-2"]


def test_a_bad_website_rerenders_the_form_with_everything_typed_kept(client, employer_user):
    client.force_login(employer_user)
    response = client.post(
        reverse("employers:org_create"),
        {"name": "Acme Labs", "description": "We make robots.", "website": "not a website"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["website"]
    page = _page(response)
    assert 'value="Acme Labs"' in page and "We make robots." in page and 'value="not a website"' in page
    assert not Employer.objects.exists()


def test_a_blank_name_is_refused(client, employer_user):
    client.force_login(employer_user)
    response = client.post(reverse("employers:org_create"), {"name": "  ", "description": "x", "website": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not Employer.objects.exists()


def test_only_employers_may_create_an_organisation(client, student, career_staff_user):
    url = reverse("employers:org_create")
    assert client.get(url).url.startswith(reverse("account_login"))
    for user in (student, career_staff_user):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Acme"}).status_code == 404
    assert not Employer.objects.exists()


# --- The organisation page and its access -------------------------------------------------------------------


def test_the_organisation_page_lists_members_and_pending_invitations(client, owner, brightlane_member):
    EmployerInvitationFactory(employer=owner.employer, email="pending@example.org", invited_by=owner.user)
    EmployerInvitationFactory(employer=owner.employer, email="gone@example.org", revoked_at=timezone.now())
    client.force_login(owner.user)
    page = _page(client.get(reverse("employers:org_detail", args=["brightlane"])))
    assert owner.user.email in page and brightlane_member.user.email in page
    assert "pending@example.org" in page and f"Invited by {owner.user.get_full_name()}" in page
    assert "gone@example.org" not in page
    assert reverse("employers:org_edit", args=["brightlane"]) in page
    assert reverse("employers:member_remove", args=["brightlane", brightlane_member.user_id]) in page


def test_a_member_who_is_not_an_owner_sees_no_edit_or_remove_buttons(client, owner, brightlane_member):
    client.force_login(brightlane_member.user)
    page = _page(client.get(reverse("employers:org_detail", args=["brightlane"])))
    assert reverse("employers:org_edit", args=["brightlane"]) not in page
    assert "/remove/" not in page
    assert "Only owners can remove members." in page


def _org_urls(owner, brightlane_member) -> list[tuple[str, str]]:
    slug = owner.employer.slug
    invitation = EmployerInvitationFactory(employer=owner.employer)
    return [
        ("get", reverse("employers:org_detail", args=[slug])),
        ("get", reverse("employers:org_edit", args=[slug])),
        ("get", reverse("employers:org_projects", args=[slug])),
        ("post", reverse("employers:org_edit", args=[slug])),
        ("post", reverse("employers:invite", args=[slug])),
        ("post", reverse("employers:invitation_revoke", args=[slug, invitation.pk])),
        ("post", reverse("employers:member_remove", args=[slug, brightlane_member.user_id])),
    ]


def test_outsiders_get_404_on_every_organisation_page_and_change_nothing(
    client, owner, brightlane_member, student, career_staff_user
):
    outsider = EmployerMemberFactory().user
    urls = _org_urls(owner, brightlane_member)
    for user in (outsider, student, career_staff_user):
        client.force_login(user)
        for method, url in urls:
            response = getattr(client, method)(url, {"name": "Taken", "email": "x@example.org"})
            assert response.status_code == 404, (user, url)
    owner.employer.refresh_from_db()
    assert owner.employer.name == "Brightlane"
    assert owner.employer.memberships.count() == 2
    assert not EmployerInvitation.objects.filter(email="x@example.org").exists()
    assert not EmployerInvitation.objects.filter(revoked_at__isnull=False).exists()


def test_the_anonymous_are_sent_to_the_login_page(client, owner, brightlane_member):
    for method, url in _org_urls(owner, brightlane_member):
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


# --- Editing ------------------------------------------------------------------------------------------------


def test_an_owner_edits_the_details_and_the_address_stays(client, owner):
    client.force_login(owner.user)
    url = reverse("employers:org_edit", args=["brightlane"])
    assert 'value="Brightlane"' in _page(client.get(url))
    response = client.post(
        url, {"name": "Brightlane Analytics", "description": "Data.", "website": "bl.test"}
    )
    assert response.url == reverse("employers:org_detail", args=["brightlane"])
    owner.employer.refresh_from_db()
    assert (owner.employer.name, owner.employer.slug) == ("Brightlane Analytics", "brightlane")
    assert owner.employer.website == "https://bl.test"


def test_a_bad_website_on_edit_keeps_what_was_typed_and_saves_nothing(client, owner):
    client.force_login(owner.user)
    response = client.post(
        reverse("employers:org_edit", args=["brightlane"]),
        {"name": "New name", "description": "New words", "website": "http://"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["website"]
    assert 'value="New name"' in _page(response) and "New words" in _page(response)
    owner.employer.refresh_from_db()
    assert owner.employer.name == "Brightlane"


def test_a_member_who_is_not_an_owner_cannot_edit(client, brightlane_member):
    client.force_login(brightlane_member.user)
    url = reverse("employers:org_edit", args=["brightlane"])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("employers:org_detail", args=["brightlane"])
    assert "Only owners can change" in _page(response)
    client.post(url, {"name": "Renamed", "description": "", "website": ""})
    assert Employer.objects.get().name == "Brightlane"


# --- Inviting -----------------------------------------------------------------------------------------------


def test_inviting_sends_one_email_with_the_accept_link_after_the_commit(
    client, owner, django_capture_on_commit_callbacks
):
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("employers:invite", args=["brightlane"]), {"email": "New@Example.org"})
        assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    invitation = EmployerInvitation.objects.get()
    assert invitation.email == "new@example.org"
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["new@example.org"]
    assert "Brightlane" in email.subject
    link = f"http://testserver{reverse('employers:invitation_accept', args=[invitation.token])}"
    assert link in email.body
    html, content_type = email.alternatives[0]
    assert content_type == "text/html" and link in html
    assert response.status_code == 302
    assert "Invitation sent to new@example.org." in _page(client.get(response.url))


def test_inviting_a_pending_address_again_sends_nothing_and_says_it_is_pending(
    client, owner, django_capture_on_commit_callbacks
):
    EmployerInvitationFactory(employer=owner.employer, email="new@example.org")
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("employers:invite", args=["brightlane"]), {"email": "new@example.org"}, follow=True
        )
    assert mail.outbox == []
    assert EmployerInvitation.objects.count() == 1
    assert "new@example.org is already invited" in _page(response)


def test_an_invalid_email_rerenders_the_page_with_the_error(
    client, owner, django_capture_on_commit_callbacks
):
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("employers:invite", args=["brightlane"]), {"email": "not-an-email"})
    assert response.status_code == 200
    assert response.context["invite_form"].errors["email"]
    assert 'value="not-an-email"' in _page(response)
    assert mail.outbox == [] and not EmployerInvitation.objects.exists()


def test_inviting_a_member_explains_they_already_belong(client, owner, brightlane_member):
    client.force_login(owner.user)
    response = client.post(
        reverse("employers:invite", args=["brightlane"]), {"email": brightlane_member.user.email}
    )
    assert response.status_code == 200
    assert "is already a member of Brightlane" in _page(response)


def test_with_htmx_the_invitations_card_alone_comes_back(client, owner, django_capture_on_commit_callbacks):
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("employers:invite", args=["brightlane"]),
            {"email": "new@example.org"},
            HTTP_HX_REQUEST="true",
        )
    page = _page(response)
    assert response.status_code == 200
    assert 'id="invitations"' in page
    assert "<html" not in page
    assert "Invitation sent to new@example.org." in page
    assert len(mail.outbox) == 1


# --- Withdrawing --------------------------------------------------------------------------------------------


def test_a_member_withdraws_an_invitation_and_its_link_stops_working(client, owner, brightlane_member):
    invitation = EmployerInvitationFactory(employer=owner.employer, email="new@example.org")
    client.force_login(brightlane_member.user)
    response = client.post(
        reverse("employers:invitation_revoke", args=["brightlane", invitation.pk]), follow=True
    )
    assert "The invitation to new@example.org is withdrawn" in _page(response)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None

    invitee = UserFactory(employer=True, email="new@example.org")
    client.force_login(invitee)
    url = reverse("employers:invitation_accept", args=[invitation.token])
    assert "This invitation was withdrawn." in _page(client.get(url))
    assert "This invitation was withdrawn." in _page(client.post(url))
    assert not EmployerMember.objects.filter(user=invitee).exists()


def test_an_invitation_of_another_organisation_cannot_be_withdrawn_through_yours(client, owner):
    elsewhere = EmployerInvitationFactory()
    client.force_login(owner.user)
    response = client.post(reverse("employers:invitation_revoke", args=["brightlane", elsewhere.pk]))
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.revoked_at is None


# --- Accepting ----------------------------------------------------------------------------------------------


def _link_in_last_email(fragment: str) -> str:
    match = re.search(rf"https?://testserver(\S*{fragment}\S*)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_an_invitee_signs_up_confirms_the_address_and_joins(
    client, owner, django_capture_on_commit_callbacks
):
    client.force_login(owner.user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("employers:invite", args=["brightlane"]), {"email": "dana@example.org"})
    accept_path = _link_in_last_email("/employers/invitations/")
    client.logout()

    response = client.get(accept_path)
    assert response.status_code == 302
    login_url = response.url
    assert login_url.startswith(reverse("account_login")) and "next=" in login_url
    assert f"{reverse('account_signup')}?next=" in _page(client.get(login_url))

    client.post(
        f"{reverse('account_signup')}?next={accept_path}",
        {
            "full_name": "Dana Teammate",
            "email": "dana@example.org",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "role": Role.EMPLOYER.value,
            "next": accept_path,
        },
    )
    response = client.post(_link_in_last_email("/accounts/confirm-email/"), follow=True)
    assert response.redirect_chain[-1][0] == accept_path  # back where the invitation pointed

    page = _page(response)
    assert "Join Brightlane as a member" in page and "Accept and join Brightlane" in page
    assert not owner.employer.memberships.filter(user__email="dana@example.org").exists()  # GET never joins

    response = client.post(accept_path, follow=True)
    assert response.redirect_chain[-1][0] == reverse("employers:org_detail", args=["brightlane"])
    assert "Welcome to Brightlane" in _page(response)
    membership = owner.employer.memberships.get(user__email="dana@example.org")
    assert membership.role == MemberRole.MEMBER


def test_someone_logged_in_with_another_address_is_told_what_to_do(client, owner):
    invitation = EmployerInvitationFactory(employer=owner.employer, email="dana@example.org")
    stranger = UserFactory(employer=True, email="stranger@example.org")
    client.force_login(stranger)
    url = reverse("employers:invitation_accept", args=[invitation.token])
    page = _page(client.get(url))
    assert "sent to another address" in page and "stranger@example.org" in page
    assert "Accept and join" not in page
    response = client.post(url)
    assert response.status_code == 200 and "sent to another address" in _page(response)
    assert not owner.employer.memberships.filter(user=stranger).exists()


def test_a_student_account_cannot_join_and_is_told_why(client, owner):
    invitation = EmployerInvitationFactory(employer=owner.employer, email="sam@example.org")
    client.force_login(UserFactory(student=True, email="sam@example.org"))
    page = _page(client.post(reverse("employers:invitation_accept", args=[invitation.token])))
    assert "this is a student account" in page
    assert "employer account" in page
    assert owner.employer.memberships.count() == 1


def test_a_used_invitation_says_so_and_a_member_opening_it_again_lands_on_the_organisation(client, owner):
    invitation = EmployerInvitationFactory(
        employer=owner.employer, email=owner.user.email, accepted_by=owner.user, accepted_at=timezone.now()
    )
    url = reverse("employers:invitation_accept", args=[invitation.token])
    client.force_login(owner.user)
    assert client.get(url).url == reverse("employers:org_detail", args=["brightlane"])
    client.force_login(UserFactory(employer=True, email=owner.user.email.replace("@", "+2@")))
    assert "already been used" in _page(client.get(url))


def test_an_unknown_invitation_token_is_a_404(client, employer_user):
    client.force_login(employer_user)
    url = reverse("employers:invitation_accept", args=["00000000-0000-4000-8000-000000000000"])
    assert client.get(url).status_code == 404


# --- Removing members ---------------------------------------------------------------------------------------


def test_an_owner_removes_a_member(client, owner, brightlane_member):
    client.force_login(owner.user)
    response = client.post(
        reverse("employers:member_remove", args=["brightlane", brightlane_member.user_id]), follow=True
    )
    assert f"{brightlane_member.user.get_full_name()} is no longer a member of Brightlane." in _page(response)
    assert not EmployerMember.objects.filter(pk=brightlane_member.pk).exists()


def test_a_member_cannot_remove_anyone_and_is_told_so(client, owner, brightlane_member):
    client.force_login(brightlane_member.user)
    response = client.post(
        reverse("employers:member_remove", args=["brightlane", owner.user_id]), follow=True
    )
    assert "Only owners may remove members." in _page(response)
    assert EmployerMember.objects.filter(pk=owner.pk).exists()


def test_the_last_owner_cannot_leave_and_sees_why(client, owner, brightlane_member):
    client.force_login(owner.user)
    response = client.post(
        reverse("employers:member_remove", args=["brightlane", owner.user_id]), follow=True
    )
    assert "An organisation needs an owner" in _page(response)
    assert EmployerMember.objects.filter(pk=owner.pk).exists()


def test_an_owner_who_leaves_goes_back_to_the_dashboard(client, owner):
    EmployerMemberFactory(employer=owner.employer, role=MemberRole.OWNER)
    client.force_login(owner.user)
    response = client.post(
        reverse("employers:member_remove", args=["brightlane", owner.user_id]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("employers:dashboard")
    assert "You have left Brightlane." in _page(response)
    assert client.get(reverse("employers:org_detail", args=["brightlane"])).status_code == 404


def test_removing_someone_who_is_not_a_member_changes_nothing(client, owner):
    client.force_login(owner.user)
    stranger = EmployerMemberFactory()
    response = client.post(
        reverse("employers:member_remove", args=["brightlane", stranger.user_id]), follow=True
    )
    assert "no longer a member" in _page(response)
    assert EmployerMember.objects.filter(pk=stranger.pk).exists()
