"""Issuing: what an engagement's credential says, that it verifies with a second library, and that every
forgery fails."""

import datetime as dt
import hashlib
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from joserfc import jws
from joserfc.jwk import OKPKey
from jwcrypto.common import JWException

from credentials import jose
from credentials.keys import IssuerKey, generate_key_entry
from credentials.models import Credential
from credentials.selectors import credential_verify, engagement_ids_with_endorsements_to_add
from credentials.services import credential_issue, credential_revoke
from credentials.status_list import STATUS_LIST_SIZE
from credentials.tests.helpers import decode_status_list, jwcrypto_verify, tamper
from engagements.models import EngagementStatus
from engagements.services import engagement_cancel, engagement_complete
from engagements.services.reviews import review_submit
from notifications.models import Notification, NotificationKind
from projects.factories import SkillFactory
from tests.engagement_world import make_engagement_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed_world():
    """An engagement completed by the employer, its project asking for two skills."""
    world = make_engagement_world(approved=2, milestones=2)
    project = world.engagement.project
    project.summary = "Clean the sales data and chart the trends."
    project.save(update_fields=["summary"])
    project.required_skills.set(
        [SkillFactory(name="Python", slug="python"), SkillFactory(name="SQL", slug="sql")]
    )
    engagement_complete(engagement=world.engagement, by=world.employer)
    return world


@pytest.fixture
def issued(completed_world) -> Credential:
    return credential_issue(engagement_id=completed_world.engagement.pk)


def did_document(client) -> dict:
    return client.get("/.well-known/did.json").json()


def test_the_credential_is_an_open_badge_about_the_work(issued, completed_world):
    document = issued.document
    engagement = completed_world.engagement
    assert document["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert document["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert document["issuer"]["id"] == "did:web:localhost"
    assert document["validFrom"].endswith("Z")
    subject = document["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    achievement = subject["achievement"]
    assert achievement["type"] == ["Achievement"]
    assert achievement["name"] == engagement.project.title
    assert achievement["description"].startswith("Clean the sales data and chart the trends.")
    assert engagement.employer.name in achievement["criteria"]["narrative"]
    assert achievement["creator"]["name"] == engagement.employer.name
    assert [a["targetName"] for a in achievement["alignment"]] == ["Python", "SQL"]
    assert subject["engagement"]["outcome"] == "completed"
    assert subject["engagement"]["milestonesApproved"] == 2
    assert document["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert document["credentialStatus"]["statusPurpose"] == "revocation"


def test_the_student_is_named_by_a_salted_hash_of_their_email_and_never_by_the_address(issued):
    email = issued.student.user.email
    identity = issued.document["credentialSubject"]["identifier"][0]
    expected = hashlib.sha256((email.lower() + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${expected}"
    assert email not in issued.jwt and email not in json.dumps(issued.document)


def test_it_verifies_with_an_independent_library_and_the_published_key(issued, client):
    payload = jwcrypto_verify(issued.jwt, did_document(client))
    assert payload == issued.document
    assert issued.kid == "did:web:localhost#key-2"
    assert credential_verify(token=issued.jwt).status == "valid"


def test_the_header_says_vc_jwt_eddsa_and_the_did_key(issued):
    protected = jws.extract_compact(issued.jwt.encode()).protected
    assert protected == {"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": "did:web:localhost#key-2"}


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["credentialSubject"]["achievement"].update(name="Something grander"),
        lambda d: d["credentialSubject"]["engagement"].update(hoursLogged="400"),
        lambda d: d["credentialStatus"].update(statusListIndex="99"),
        lambda d: d.update(validFrom="2020-01-01T00:00:00Z"),
        lambda d: d["issuer"].update(name="Another issuer"),
    ],
    ids=["name", "hours", "status-index", "valid-from", "issuer-name"],
)
def test_any_tampered_field_fails(issued, client, change):
    forged = tamper(issued.jwt, change)
    with pytest.raises(JWException):
        jwcrypto_verify(forged, did_document(client))
    assert credential_verify(token=forged).status == "invalid"


def test_a_credential_signed_with_a_key_we_do_not_publish_fails(issued, client, settings):
    stranger = IssuerKey(kid="key-2", key=OKPKey.import_key(generate_key_entry("key-2")))
    forged = jose.sign(issued.document, stranger)
    assert forged.split(".")[0] == issued.jwt.split(".")[0]  # same header, same kid
    with pytest.raises(JWException):
        jwcrypto_verify(forged, did_document(client))
    verification = credential_verify(token=forged)
    assert verification.status == "invalid"
    assert "signature" in verification.reasons[0]


def test_rotation_signs_with_the_new_key_and_old_credentials_keep_verifying(
    issued, client, settings, credential_keys
):
    settings.CREDENTIAL_KEYS = [generate_key_entry("key-3"), *credential_keys]
    newer = credential_issue(
        engagement_id=make_engagement_world(status=EngagementStatus.COMPLETED, ended_days_ago=1).engagement.pk
    )
    assert newer.kid == "did:web:localhost#key-3"
    published = did_document(client)
    assert [m["id"].rsplit("#")[1] for m in published["verificationMethod"]] == ["key-3", "key-2", "key-1"]
    assert all("d" not in m["publicKeyJwk"] for m in published["verificationMethod"])
    jwcrypto_verify(issued.jwt, published)
    assert credential_verify(token=issued.jwt).status == "valid"
    assert credential_verify(token=newer.jwt).status == "valid"


def test_a_retired_key_kept_as_public_only_still_verifies_and_one_removed_does_not(
    issued, client, settings, credential_keys
):
    public_only = {k: v for k, v in credential_keys[0].items() if k != "d"}
    settings.CREDENTIAL_KEYS = [generate_key_entry("key-3"), public_only]
    assert credential_verify(token=issued.jwt).status == "valid"

    settings.CREDENTIAL_KEYS = [generate_key_entry("key-3"), credential_keys[1]]
    published = did_document(client)
    assert "did:web:localhost#key-2" not in [m["id"] for m in published["verificationMethod"]]
    with pytest.raises(StopIteration):
        jwcrypto_verify(issued.jwt, published)
    verification = credential_verify(token=issued.jwt)
    assert verification.status == "invalid"
    assert verification.reasons == ["The key that signed it is not one the issuer publishes."]


def test_no_key_that_can_sign_refuses_to_issue(completed_world, settings, credential_keys):
    settings.CREDENTIAL_KEYS = [{k: v for k, v in credential_keys[0].items() if k != "d"}]
    with pytest.raises(ImproperlyConfigured):
        credential_issue(engagement_id=completed_world.engagement.pk)
    assert not Credential.objects.exists()


def test_issuing_twice_keeps_one_credential_unchanged(issued, completed_world):
    again = credential_issue(engagement_id=completed_world.engagement.pk)
    assert again.pk == issued.pk and again.jwt == issued.jwt
    assert Credential.objects.count() == 1
    assert Notification.objects.filter(kind=NotificationKind.CREDENTIAL).count() == 1


def test_a_running_engagement_or_one_cancelled_before_approved_work_gets_none():
    running = make_engagement_world()
    assert credential_issue(engagement_id=running.engagement.pk) is None
    engagement_cancel(engagement=running.engagement, by=running.student, reason="Exams")
    assert credential_issue(engagement_id=running.engagement.pk) is None
    assert not Credential.objects.exists()


def test_a_cancelled_engagement_with_approved_work_says_so():
    world = make_engagement_world(approved=1, milestones=3)
    engagement_cancel(engagement=world.engagement, by=world.employer, reason="Budget cut")
    credential = credential_issue(engagement_id=world.engagement.pk)
    facts = credential.document["credentialSubject"]["engagement"]
    assert facts["outcome"] == "cancelled-with-approved-work"
    assert (facts["milestonesApproved"], facts["milestonesTotal"]) == (1, 3)
    assert (
        "cancelled after 1 of 3 milestones"
        in credential.document["credentialSubject"]["achievement"]["description"]
    )


def test_endorsed_skills_join_the_credential_once_the_review_is_visible(issued, completed_world, client):
    world = completed_world
    python = world.engagement.project.required_skills.get(slug="python")
    review_submit(
        engagement=world.engagement, by=world.employer, rating=5, text="Great", skills_demonstrated=[python]
    )
    blind = credential_issue(engagement_id=world.engagement.pk)
    assert blind.jwt == issued.jwt  # the student has not reviewed yet: the employer's review is blind
    review_submit(engagement=world.engagement, by=world.student, rating=5, text="Kind team")
    updated = credential_issue(engagement_id=world.engagement.pk)
    assert updated.pk == issued.pk and updated.status_index == issued.status_index
    assert updated.document["credentialSubject"]["engagement"]["skillsEndorsedByEmployer"] == ["Python"]
    jwcrypto_verify(updated.jwt, did_document(client))


def test_revoking_sets_the_bit_in_the_signed_status_list_and_verification_says_revoked(
    issued, client, site_admin
):
    credential_revoke(credential=issued, by=site_admin, reason="Issued by mistake")
    assert credential_verify(token=issued.jwt).status == "revoked"
    entry = issued.document["credentialStatus"]
    response = client.get(entry["statusListCredential"].removeprefix("https://localhost"))
    assert response["Content-Type"] == "application/vc+jwt"
    status_list = jwcrypto_verify(response.content.decode(), did_document(client))
    assert status_list["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert status_list["credentialSubject"]["statusPurpose"] == "revocation"
    bits = decode_status_list(status_list["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == STATUS_LIST_SIZE == 131_072
    index = int(entry["statusListIndex"])
    assert bits[index // 8] & (0x80 >> (index % 8))
    assert sum(bin(byte).count("1") for byte in bits) == 1
    notice = Notification.objects.get(user=issued.student.user, key=f"credential:{issued.public_id}:revoked")
    assert "Issued by mistake" in notice.body


def test_a_status_list_not_yet_used_is_not_found(issued, client):
    assert client.get("/credentials/status/1/").status_code == 200
    assert client.get("/credentials/status/2/").status_code == 404
    assert client.get("/credentials/status/0/").status_code == 404


def test_the_hourly_scan_adds_endorsements_once_the_review_window_closes(issued, completed_world, settings):
    world = completed_world
    python = world.engagement.project.required_skills.get(slug="python")
    review_submit(
        engagement=world.engagement, by=world.employer, rating=4, text="", skills_demonstrated=[python]
    )
    assert engagement_ids_with_endorsements_to_add(now=timezone.now()) == []  # still blind
    after_window = timezone.now() + dt.timedelta(days=settings.MARKETPLACE["REVIEW_WINDOW_DAYS"], hours=1)
    assert engagement_ids_with_endorsements_to_add(now=after_window) == [world.engagement.pk]

    updated = credential_issue(engagement_id=world.engagement.pk, now=after_window)
    assert updated.endorsed_skills == ["Python"]
    assert engagement_ids_with_endorsements_to_add(now=after_window) == []


def test_a_revoked_credential_is_never_signed_again(issued, completed_world, site_admin):
    world = completed_world
    credential_revoke(credential=issued, by=site_admin, reason="Mistake")
    review_submit(engagement=world.engagement, by=world.employer, rating=4, text="", skills_demonstrated=[])
    review_submit(engagement=world.engagement, by=world.student, rating=4, text="")
    assert credential_issue(engagement_id=world.engagement.pk).jwt == issued.jwt
