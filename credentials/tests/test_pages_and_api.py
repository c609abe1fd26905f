"""Who sees what: the student's list and downloads are theirs alone, the verification page and endpoint are
public and show nothing private, revoking is for the student's career office and site admins."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.factories import UserFactory
from accounts.models import Role
from credentials.models import Credential
from credentials.services import credential_issue, credential_revoke
from engagements.models import EngagementStatus
from notifications.models import Notification
from tests.engagement_world import make_engagement_world

pytestmark = pytest.mark.django_db


def issue_for(*, university=None) -> Credential:
    world = make_engagement_world(status=EngagementStatus.COMPLETED, ended_days_ago=1)
    if university is not None:
        profile = world.engagement.student
        profile.university = university
        profile.save(update_fields=["university"])
    return credential_issue(engagement_id=world.engagement.pk)


@pytest.fixture
def credential(north) -> Credential:
    return issue_for(university=north)


def test_the_students_page_lists_their_credentials_with_downloads_and_linkedin(client, credential):
    client.force_login(credential.student.user)
    response = client.get(reverse("credentials:mine"))
    assert response.status_code == 200
    page = response.content.decode()
    assert credential.document["name"] in page
    assert reverse("credentials:download_jwt", args=[credential.public_id]) in page
    assert "https://www.linkedin.com/profile/add?" in page

    as_json = client.get(reverse("credentials:download_json", args=[credential.public_id]))
    assert json.loads(b"".join(as_json)) == credential.document
    assert "attachment" in as_json["Content-Disposition"]
    as_jwt = client.get(reverse("credentials:download_jwt", args=[credential.public_id]))
    assert as_jwt.content.decode() == credential.jwt
    assert as_jwt["Content-Type"] == "application/vc+jwt"


def test_the_student_dashboard_leads_to_their_credentials(client, credential):
    client.force_login(credential.student.user)
    page = client.get(reverse("students:dashboard")).content.decode()
    assert f'<a href="{reverse("credentials:mine")}"><strong>Your credentials</strong></a>' in page


def test_the_linkedin_link_fills_in_the_certification(client, credential):
    client.force_login(credential.student.user)
    response = client.get(reverse("api-me-credentials"))
    link = response.json()["results"][0]["linkedin_url"]
    query = parse_qs(urlsplit(link).query)
    assert query["startTask"] == ["CERTIFICATION_NAME"]
    assert query["name"] == [credential.document["name"]]
    assert query["organizationName"] == ["Micro-internships"]
    assert query["issueYear"] == [str(credential.issued_at.year)]
    assert query["issueMonth"] == [str(credential.issued_at.month)]
    assert query["certUrl"] == [credential.document["id"]]


def test_a_students_credentials_are_theirs_alone(client, credential):
    other = issue_for()
    client.force_login(other.student.user)
    assert credential.document["name"] not in client.get(reverse("credentials:mine")).content.decode()
    for name in ("download_json", "download_jwt"):
        assert client.get(reverse(f"credentials:{name}", args=[credential.public_id])).status_code == 404
    api = APIClient()
    api.force_authenticate(other.student.user)
    ids = [row["id"] for row in api.get(reverse("api-me-credentials")).json()["results"]]
    assert ids == [str(other.public_id)]


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.CAREER_STAFF])
def test_other_roles_have_no_credential_list(client, credential, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("credentials:mine")).status_code == 404
    api = APIClient()
    api.force_authenticate(UserFactory(role=role))
    assert api.get(reverse("api-me-credentials")).status_code == 403
    assert APIClient().get(reverse("api-me-credentials")).status_code == 401


def test_the_list_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    credential = issue_for()
    client.force_login(credential.student.user)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("credentials:mine"))
    for _ in range(4):
        world = make_engagement_world(status=EngagementStatus.COMPLETED, ended_days_ago=1)
        world.engagement.student = credential.student
        world.engagement.save(update_fields=["student"])
        credential_issue(engagement_id=world.engagement.pk)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("credentials:mine"))
    assert response.content.decode().count("credential-item") == 5


def test_the_public_page_verifies_and_shows_nothing_private(client, credential):
    response = client.get(reverse("credentials:verify_page", args=[credential.public_id]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in page and credential.document["name"] in page
    assert credential.engagement.employer.name in page
    user = credential.student.user
    assert user.email not in page
    assert credential.document["credentialSubject"]["identifier"][0]["salt"] not in page
    assert "Download" not in page


def test_the_public_page_says_revoked_without_the_reason(client, credential, site_admin):
    credential_revoke(credential=credential, by=site_admin, reason="Plagiarised deliverable")
    page = client.get(reverse("credentials:verify_page", args=[credential.public_id])).content.decode()
    assert "Revoked" in page
    assert "Plagiarised" not in page


def test_the_verify_endpoint_answers_anyone(credential, site_admin):
    api = APIClient()
    url = reverse("api-credentials-verify")
    by_jwt = api.post(url, {"jwt": credential.jwt}, format="json").json()
    assert by_jwt["status"] == "valid" and by_jwt["valid"] is True and by_jwt["reasons"] == []
    assert by_jwt["credential"] == credential.document
    by_id = api.post(url, {"credential_id": str(credential.public_id)}, format="json").json()
    assert by_id["status"] == "valid"
    credential_revoke(credential=credential, by=site_admin, reason="Mistake")
    revoked = api.post(url, {"jwt": credential.jwt}, format="json").json()
    assert revoked["status"] == "revoked" and revoked["valid"] is False


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"jwt": "a.b.c", "credential_id": "00000000-0000-0000-0000-000000000000"},
        {"credential_id": "nope"},
    ],
)
def test_the_verify_endpoint_refuses_bad_input_with_400(body):
    response = APIClient().post(reverse("api-credentials-verify"), body, format="json")
    assert response.status_code == 400


def test_the_verify_endpoint_says_invalid_for_garbage_and_404_for_an_unknown_id():
    api = APIClient()
    url = reverse("api-credentials-verify")
    garbage = api.post(url, {"jwt": "not-a-jwt"}, format="json")
    assert garbage.status_code == 200 and garbage.json()["status"] == "invalid"
    unknown = api.post(url, {"credential_id": "00000000-0000-0000-0000-000000000000"}, format="json")
    assert unknown.status_code == 404


def test_career_staff_revoke_their_students_credential_in_the_admin_with_a_reason(client, credential, carol):
    client.force_login(carol)
    change = client.get(reverse("admin:credentials_credential_change", args=[credential.pk]))
    assert change.status_code == 200
    revoke_url = reverse("admin:credentials_credential_revoke", args=[credential.pk])
    assert revoke_url in change.content.decode()
    empty = client.post(revoke_url, {"reason": "  "})
    assert empty.status_code == 400
    credential.refresh_from_db()
    assert not credential.is_revoked
    assert client.post(revoke_url, {"reason": "Work was not the student's own"}).status_code == 302
    credential.refresh_from_db()
    assert credential.is_revoked and credential.revoked_by == carol
    assert Notification.objects.filter(user=credential.student.user, key__endswith=":revoked").exists()


def test_staff_of_another_university_can_neither_see_nor_revoke(client, credential, south):
    from universities.services import career_staff_add

    stranger = UserFactory(role=Role.CAREER_STAFF, email="sam@south.edu", mfa=True)
    career_staff_add(user=stranger, university=south)
    client.force_login(stranger)
    assert (
        client.get(reverse("admin:credentials_credential_changelist"))
        .content.decode()
        .count(credential.document["name"])
        == 0
    )
    assert client.get(reverse("admin:credentials_credential_change", args=[credential.pk])).status_code in {
        302,
        403,
        404,
    }
    revoke_url = reverse("admin:credentials_credential_revoke", args=[credential.pk])
    assert client.post(revoke_url, {"reason": "Because"}).status_code == 403
    with pytest.raises(PermissionDenied):
        credential_revoke(credential=credential, by=stranger, reason="Because")
    credential.refresh_from_db()
    assert not credential.is_revoked


def test_a_student_cannot_revoke(credential):
    with pytest.raises(PermissionDenied):
        credential_revoke(credential=credential, by=credential.student.user, reason="Nope")


def test_the_portfolio_lists_credentials_not_revoked(client, credential, site_admin):
    profile = credential.student
    profile.portfolio_public = True
    profile.save(update_fields=["portfolio_public"])
    url = reverse("students:portfolio", args=[profile.public_id])
    assert reverse("credentials:verify_page", args=[credential.public_id]) in client.get(url).content.decode()
    credential_revoke(credential=credential, by=site_admin, reason="Mistake")
    assert (
        reverse("credentials:verify_page", args=[credential.public_id])
        not in client.get(url).content.decode()
    )


def test_the_did_document_serves_public_keys_only(client, credential_keys):
    response = client.get("/.well-known/did.json")
    assert response["Content-Type"] == "application/did+json"
    document = response.json()
    assert document["id"] == "did:web:localhost"
    assert document["assertionMethod"] == ["did:web:localhost#key-2", "did:web:localhost#key-1"]
    assert all(set(m["publicKeyJwk"]) == {"kty", "crv", "x", "kid"} for m in document["verificationMethod"])


def test_the_api_list_runs_the_same_queries_for_1_and_5_credentials(django_assert_num_queries):
    credential = issue_for()
    api = APIClient()
    api.force_authenticate(credential.student.user)
    with CaptureQueriesContext(connection) as one:
        api.get(reverse("api-me-credentials"))
    for _ in range(4):
        world = make_engagement_world(status=EngagementStatus.COMPLETED, ended_days_ago=1)
        world.engagement.student = credential.student
        world.engagement.save(update_fields=["student"])
        credential_issue(engagement_id=world.engagement.pk)
    with django_assert_num_queries(len(one.captured_queries)):
        response = api.get(reverse("api-me-credentials"))
    assert response.json()["count"] == 5
