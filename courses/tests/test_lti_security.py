"""LMS launch (LTI 1.3), what it refuses and how it is framed: tampered, foreign-key, expired and replayed
tokens, a launch without its login's state, unknown registrations and garbage; a launch in an iframe
handing off to a new tab, the cross-site cookies over HTTPS, the rest of the site refusing frames; the
tool's keys (JWKS) and the registrations admin. The platform is simulated in lti_world.py.
"""

import json
import time
from urllib.parse import parse_qs, urlparse

import jwt
from django.urls import reverse
from pylti1p3.contrib.django.lti1p3_tool_config.models import LtiTool, LtiToolKey

from courses.models import Enrolment, EnrolmentSource
from courses.tests.lti_world import (
    CLAIM,
    CLIENT_ID,
    ISSUER,
    LAUNCH_URL,
    LEARNER,
    authorize,
    launch,
    login,
    rsa_pem_pair,
    signed_in_as,
)

# --- Launch: refused tokens ----------------------------------------------------------------------------


def test_a_tampered_signature_is_refused(client, lti_platform, lti_linked_course, lti_student):
    params = authorize(client, sub="lms-mallory")
    token = lti_platform.id_token(
        nonce=params["nonce"], sub="lms-mallory", email="mallory@north.edu", **{CLAIM + "roles": [LEARNER]}
    )
    header, _payload, signature = token.split(".")
    forged = jwt.encode(
        jwt.decode(token, options={"verify_signature": False}) | {"email": "stella@north.edu"},
        "irrelevant-secret-of-thirty-two-bytes!!",
        algorithm="HS256",
    ).split(".")[1]
    response = client.post(
        reverse("lti:launch"), {"id_token": f"{header}.{forged}.{signature}", "state": params["state"]}
    )
    assert response.status_code == 400
    assert "could not be verified" in response.text
    assert not signed_in_as(client).is_authenticated
    assert not Enrolment.objects.filter(student=lti_student).exists()


def test_a_token_signed_by_another_key_is_refused(client, lti_platform, lti_linked_course, lti_student):
    other_private, _other_public = rsa_pem_pair()
    params = authorize(client, sub="lms-stella")
    token = lti_platform.id_token(
        nonce=params["nonce"],
        private_pem=other_private,
        sub="lms-stella",
        email="stella@north.edu",
        **{CLAIM + "roles": [LEARNER]},
    )
    response = client.post(reverse("lti:launch"), {"id_token": token, "state": params["state"]})
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


def test_an_expired_token_is_refused(client, lti_platform, lti_linked_course, lti_student):
    past = int(time.time()) - 3600
    response = launch(
        client,
        lti_platform,
        sub="lms-stella",
        roles=[LEARNER],
        email="stella@north.edu",
        iat=past,
        exp=past + 300,
    )
    assert response.status_code == 400
    assert "could not be verified" in response.text
    assert not Enrolment.objects.exists()


def test_a_token_cannot_be_replayed(client, lti_platform, lti_linked_course, lti_student):
    params = authorize(client, sub="lms-stella")
    token = lti_platform.id_token(
        nonce=params["nonce"], sub="lms-stella", email="stella@north.edu", **{CLAIM + "roles": [LEARNER]}
    )
    first = client.post(reverse("lti:launch"), {"id_token": token, "state": params["state"]})
    assert first.status_code == 200
    second = client.post(reverse("lti:launch"), {"id_token": token, "state": params["state"]})
    assert second.status_code == 400
    assert "already used" in second.text


def test_a_launch_without_the_state_cookie_of_its_login_is_refused(
    client, lti_platform, lti_linked_course, lti_student
):
    from django.test import Client

    params = authorize(client, sub="lms-stella")
    token = lti_platform.id_token(
        nonce=params["nonce"], sub="lms-stella", email="stella@north.edu", **{CLAIM + "roles": [LEARNER]}
    )
    response = Client().post(reverse("lti:launch"), {"id_token": token, "state": params["state"]})
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


def test_an_unknown_registration_is_refused(client, lti_platform):
    response = login(client, sub="lms-x", iss="https://unknown-lms.example")
    assert response.status_code == 400
    assert "not registered" in response.text
    response = login(client, sub="lms-x", client_id="someone-else")
    assert response.status_code == 400
    # A launch whose issuer has no registration, posted without a login.
    token = lti_platform.id_token(
        nonce="n-1", sub="lms-x", iss="https://unknown-lms.example", **{CLAIM + "roles": [LEARNER]}
    )
    response = client.post(reverse("lti:launch"), {"id_token": token, "state": "state-x"})
    assert response.status_code == 400 and "not registered" in response.text


def test_a_garbage_launch_is_a_clear_error_not_a_500(client, lti_platform):
    assert client.post(reverse("lti:launch"), {"id_token": "not-a-jwt", "state": "x"}).status_code == 400
    assert client.post(reverse("lti:launch")).status_code == 400
    assert client.get(reverse("lti:launch")).status_code == 405


# --- Frames, cookies, the handoff ----------------------------------------------------------------------


def test_a_launch_in_an_iframe_opens_the_course_in_a_new_tab(
    client, lti_platform, lti_linked_course, lti_student
):
    response = launch(
        client, lti_platform, sub="lms-stella", roles=[LEARNER], email="stella@north.edu", dest="iframe"
    )
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors 'self' https:" in response["Content-Security-Policy"]
    assert 'target="_blank"' in response.text
    continue_url = response.context["continue_url"]
    assert not signed_in_as(client).is_authenticated  # nobody is signed in inside the frame
    assert client.get(continue_url).status_code == 302
    assert signed_in_as(client) == lti_student.user
    assert client.get(continue_url).status_code == 400  # single use


def _https_authorize(client) -> dict[str, str]:
    response = client.get(
        reverse("lti:login"),
        {"iss": ISSUER, "login_hint": "lms-stella", "client_id": CLIENT_ID, "target_link_uri": LAUNCH_URL},
        secure=True,
    )
    assert response.status_code == 302
    params = {name: values[0] for name, values in parse_qs(urlparse(response["Location"]).query).items()}
    assert params["redirect_uri"] == "https://testserver/lti/launch/"
    return {**params, "cookies": response.cookies}


def test_over_https_the_launch_cookies_survive_a_cross_site_post(
    client, lti_platform, lti_linked_course, lti_student
):
    params = _https_authorize(client)
    cookies = params["cookies"]
    assert {"lti1p3-session-id", f"lti1p3-{params['state']}"} <= set(cookies)
    for morsel in cookies.values():  # sent back on the platform's cross-site POST, in a frame too
        assert (morsel["samesite"], morsel["secure"], morsel["httponly"]) == ("None", True, True)
    token = lti_platform.id_token(
        nonce=params["nonce"], sub="lms-stella", email="stella@north.edu", **{CLAIM + "roles": [LEARNER]}
    )
    response = client.post(
        reverse("lti:launch"),
        {"id_token": token, "state": params["state"]},
        secure=True,
        headers={"sec-fetch-dest": "document"},
    )
    assert response.status_code == 302
    response = client.get(response["Location"], secure=True)
    assert response.cookies["sessionid"]["samesite"] == "Lax"  # our own session stays Lax
    assert Enrolment.objects.filter(student=lti_student, source=EnrolmentSource.LMS).exists()


def test_over_https_a_launch_without_its_login_cookies_is_refused(
    client, lti_platform, lti_linked_course, lti_student
):
    from django.test import Client

    params = _https_authorize(client)
    token = lti_platform.id_token(
        nonce=params["nonce"], sub="lms-stella", email="stella@north.edu", **{CLAIM + "roles": [LEARNER]}
    )
    response = Client().post(
        reverse("lti:launch"), {"id_token": token, "state": params["state"]}, secure=True
    )
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


def test_the_rest_of_the_site_still_refuses_frames(client, prof_north, north_course):
    client.force_login(prof_north.user)
    response = client.get(reverse("courses:detail", args=[north_course.public_id]))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_jwks_lists_the_tools_public_keys_only(client, lti_platform):
    response = client.get(reverse("lti:jwks"))
    assert response.status_code == 200
    [key] = response.json()["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["kid"]
    assert "d" not in key and "PRIVATE" not in response.text


# --- The admin -----------------------------------------------------------------------------------------


def test_the_registrations_admin_pages_load_for_a_site_admin(client, lti_platform, site_admin):
    client.force_login(site_admin)
    tool = LtiTool.objects.get()
    for url in [
        reverse("admin:lti1p3_tool_config_ltitool_changelist"),
        reverse("admin:lti1p3_tool_config_ltitool_add"),
        reverse("admin:lti1p3_tool_config_ltitool_change", args=[tool.pk]),
        reverse("admin:lti1p3_tool_config_ltitoolkey_changelist"),
        reverse("admin:lti1p3_tool_config_ltitoolkey_add"),
        reverse("admin:lti1p3_tool_config_ltitoolkey_change", args=[tool.tool_key_id]),
    ]:
        assert client.get(url).status_code == 200, url
    change = client.get(reverse("admin:lti1p3_tool_config_ltitoolkey_change", args=[tool.tool_key_id]))
    assert "PRIVATE KEY" not in change.text  # written once, never shown again


def test_a_site_admin_adds_a_tool_key_generated_for_them(client, site_admin, db):
    client.force_login(site_admin)
    url = reverse("admin:lti1p3_tool_config_ltitoolkey_add")
    response = client.post(url, {"name": "spring-2027", "private_key": "", "public_key": ""})
    assert response.status_code == 302, response.text
    key = LtiToolKey.objects.get(name="spring-2027")
    assert "BEGIN PRIVATE KEY" in key.private_key and "BEGIN PUBLIC KEY" in key.public_key
    assert json.loads(key.public_jwk)["kty"] == "RSA"
    response = client.post(url, {"name": "half", "private_key": "", "public_key": key.public_key})
    assert response.status_code == 200 and not LtiToolKey.objects.filter(name="half").exists()


def test_the_registrations_admin_is_closed_to_faculty(client, prof_north):
    client.force_login(prof_north.user)
    response = client.get(reverse("admin:lti1p3_tool_config_ltitool_changelist"))
    assert response.status_code == 302
