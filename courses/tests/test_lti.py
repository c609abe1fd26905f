"""LMS launch (LTI 1.3) end to end, against a platform simulated here with real RSA keys and signed JWTs.

The platform is a real HTTP server on 127.0.0.1 (ports 8150-8159): its JWKS, its OAuth2 token endpoint
(which checks the client assertion our tool signs with its own key) and its Names and Role Provisioning
Service (paged with a Link header). PyLTI1p3 runs unmocked: the tests drive the OIDC login, read its
redirect to the platform, sign the id_token the platform would post back, and post it to the launch.
"""

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse
from jwcrypto.jwk import JWK
from pylti1p3.contrib.django.lti1p3_tool_config.models import LtiTool, LtiToolKey

from accounts.factories import UserFactory
from courses.factories import CourseFactory, FacultyProfileFactory
from courses.models import CourseInvite, Enrolment, EnrolmentSource, LtiContextLink, LtiUserLink, RosterImport
from students.factories import StudentProfileFactory

ISSUER = "https://lms.north.edu"
CLIENT_ID = "north-lms-tool"
DEPLOYMENT_ID = "deployment-1"
CONTEXT_ID = "canvas-course-301"
LAUNCH_URL = "http://testserver/lti/launch/"
CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
MENTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"
SYSTEM_USER = "http://purl.imsglobal.org/vocab/lis/v2/system/person#User"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"


def _rsa_pem_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


class SimulatedPlatform:
    """The LMS: signs id_tokens, serves its keys, grants service tokens to our tool, lists members."""

    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.private_pem, self.public_pem = _rsa_pem_pair()
        self.kid = "north-lms-key-1"
        self.tool_private_pem, self.tool_public_pem = _rsa_pem_pair()
        self.members: list[dict[str, Any]] = []
        self.access_tokens: set[str] = set()
        self.requests: list[str] = []

    def jwks(self) -> dict:
        jwk = json.loads(JWK.from_pem(self.public_pem.encode()).export_public())
        return {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def memberships_url(self, context_id: str = CONTEXT_ID) -> str:
        return f"{self.base}/nrps/{context_id}"

    def id_token(self, *, nonce: str, private_pem: str | None = None, **overrides: Any) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            CLAIM + "message_type": "LtiResourceLinkRequest",
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": DEPLOYMENT_ID,
            CLAIM + "target_link_uri": LAUNCH_URL,
            CLAIM + "resource_link": {"id": "resource-link-1", "title": "Micro-internships"},
            CLAIM + "context": {"id": CONTEXT_ID, "label": "BUS 301", "title": "Consulting practicum"},
            "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice": {
                "context_memberships_url": self.memberships_url(),
                "service_versions": ["2.0"],
            },
        }
        claims.update(overrides)
        claims = {name: value for name, value in claims.items() if value is not None}
        return jwt.encode(
            claims, private_pem or self.private_pem, algorithm="RS256", headers={"kid": self.kid}
        )

    def grant(self, form: dict[str, list[str]]) -> tuple[int, dict]:
        """The OAuth2 client-credentials grant: the assertion must be signed by the tool's registered key."""
        try:
            assertion = jwt.decode(
                form["client_assertion"][0],
                self.tool_public_pem,
                algorithms=["RS256"],
                audience=f"{self.base}/token",
            )
        except (KeyError, jwt.InvalidTokenError):
            return 401, {"error": "invalid_client"}
        if assertion["iss"] != CLIENT_ID or NRPS_SCOPE not in form.get("scope", [""])[0].split():
            return 400, {"error": "invalid_scope"}
        token = secrets.token_urlsafe(16)
        self.access_tokens.add(token)
        return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600, "scope": NRPS_SCOPE}


def _handler(platform: SimulatedPlatform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _send(self, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            platform.requests.append(f"GET {url.path}")
            if url.path == "/jwks":
                return self._send(200, platform.jwks())
            if url.path.startswith("/nrps/"):
                auth = self.headers.get("Authorization", "")
                if auth.removeprefix("Bearer ") not in platform.access_tokens:
                    return self._send(401, {"error": "invalid_token"})
                page = int(parse_qs(url.query).get("page", ["1"])[0])
                half = (len(platform.members) + 1) // 2
                members = platform.members[:half] if page == 1 else platform.members[half:]
                headers = {"Link": f'<{platform.base}{url.path}?page=2>; rel="next"'} if page == 1 else {}
                body = {"id": self.path, "context": {"id": CONTEXT_ID}, "members": members}
                return self._send(200, body, headers)
            return self._send(404, {"error": "not_found"})

        def do_POST(self) -> None:
            platform.requests.append(f"POST {self.path}")
            length = int(self.headers.get("Content-Length", 0))
            form = parse_qs(self.rfile.read(length).decode())
            if self.path == "/token":
                return self._send(*platform.grant(form))
            return self._send(404, {"error": "not_found"})

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture(scope="module")
def lti_platform_server():
    """The simulated LMS, listening on the first free port of 8150-8159."""
    for port in range(8150, 8160):
        platform = SimulatedPlatform(port)
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), _handler(platform))
        except OSError:
            continue
        break
    else:
        pytest.fail("No free port in 8150-8159 for the simulated LMS")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield platform
    server.shutdown()
    server.server_close()


@pytest.fixture
def lti_platform(lti_platform_server, db) -> SimulatedPlatform:
    """The LMS registered in the admin's tables (LtiTool with our LtiToolKey), with no members yet."""
    platform = lti_platform_server
    platform.members = []
    platform.access_tokens.clear()
    platform.requests.clear()
    key = LtiToolKey.objects.create(
        name="north-lms", private_key=platform.tool_private_pem, public_key=platform.tool_public_pem
    )
    LtiTool.objects.create(
        title="North Canvas",
        issuer=ISSUER,
        client_id=CLIENT_ID,
        auth_login_url=f"{platform.base}/authorize",
        auth_token_url=f"{platform.base}/token",
        key_set_url=f"{platform.base}/jwks",
        tool_key=key,
        deployment_ids=json.dumps([DEPLOYMENT_ID]),
    )
    return platform


@pytest.fixture
def lti_linked_course(lti_platform, north_course, prof_north) -> LtiContextLink:
    """The LMS course CONTEXT_ID linked to BUS 301, with its memberships URL."""
    return LtiContextLink.objects.create(
        tool=LtiTool.objects.get(client_id=CLIENT_ID),
        context_id=CONTEXT_ID,
        context_title="Consulting practicum",
        course=north_course,
        memberships_url=lti_platform.memberships_url(),
        linked_by=prof_north.user,
    )


def _login(client, *, sub: str, iss: str = ISSUER, client_id: str = CLIENT_ID):
    return client.get(
        reverse("lti:login"),
        {
            "iss": iss,
            "login_hint": sub,
            "target_link_uri": LAUNCH_URL,
            "client_id": client_id,
            "lti_deployment_id": DEPLOYMENT_ID,
            "lti_message_hint": "hint-1",
        },
    )


def _authorize(client, *, sub: str) -> dict[str, str]:
    """The OIDC login, and what its redirect asks of the platform's authorisation endpoint."""
    response = _login(client, sub=sub)
    assert response.status_code == 302, response.content
    location = urlparse(response["Location"])
    params = {name: values[0] for name, values in parse_qs(location.query).items()}
    assert location.path == "/authorize"
    assert params["redirect_uri"] == LAUNCH_URL
    assert params["client_id"] == CLIENT_ID and params["login_hint"] == sub
    assert (params["response_type"], params["response_mode"], params["scope"]) == (
        "id_token",
        "form_post",
        "openid",
    )
    return params


def _launch(
    client, platform: SimulatedPlatform, *, sub: str, roles: list[str], dest: str = "document", **claims
):
    """The whole launch: OIDC login, the platform's signed id_token posted back, as a top-level document
    (Sec-Fetch-Dest) unless `dest` says otherwise."""
    params = _authorize(client, sub=sub)
    token = platform.id_token(nonce=params["nonce"], sub=sub, **{CLAIM + "roles": roles}, **claims)
    return client.post(
        reverse("lti:launch"), {"id_token": token, "state": params["state"]}, headers={"sec-fetch-dest": dest}
    )


def _signed_in_as(client):
    return client.get(reverse("dashboard")).wsgi_request.user


@pytest.fixture
def lti_student(north):
    """Stella Student, a North student with an account, not enrolled anywhere."""
    return StudentProfileFactory(
        user=UserFactory(student=True, email="stella@north.edu", full_name="Stella Student"), university=north
    )


# --- Launch: instructors -------------------------------------------------------------------------------


def test_an_instructor_links_the_lms_course_and_lands_on_it(client, lti_platform, north_course, prof_north):
    response = _launch(
        client, lti_platform, sub="lms-nora", roles=[INSTRUCTOR, SYSTEM_USER], email="nora@north.edu"
    )
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"] == reverse("lti:link")
    page = client.get(reverse("lti:link"))
    assert page.status_code == 200
    assert "Consulting practicum" in page.text and "BUS 301" in page.text
    response = client.post(reverse("lti:link"), {"course": str(north_course.public_id)})
    assert response.status_code == 302
    assert response["Location"] == reverse("courses:detail", args=[north_course.public_id])
    link = LtiContextLink.objects.get(context_id=CONTEXT_ID)
    assert (link.course, link.memberships_url, link.linked_by) == (
        north_course,
        lti_platform.memberships_url(),
        prof_north.user,
    )
    assert LtiUserLink.objects.get(sub="lms-nora").user == prof_north.user
    detail = client.get(response["Location"])
    assert "Pull roster from your LMS" in detail.text
    assert "GET /jwks" in lti_platform.requests  # the signature was checked against the platform's keys

    # The next launch, even with another address in the LMS, finds Nora by her linked `sub`.
    client.logout()
    response = _launch(client, lti_platform, sub="lms-nora", roles=[INSTRUCTOR], email="n.north@lms.example")
    response = client.get(response["Location"])
    assert response["Location"] == reverse("courses:detail", args=[north_course.public_id])
    assert _signed_in_as(client) == prof_north.user


def test_an_instructor_without_courses_is_sent_to_create_one(client, lti_platform, prof_north):
    response = _launch(client, lti_platform, sub="lms-nora", roles=[INSTRUCTOR], email="nora@north.edu")
    client.get(response["Location"])
    page = client.get(reverse("lti:link"))
    assert reverse("courses:new") in page.text and "no course here yet" in page.text


def test_an_instructor_cannot_link_the_lms_course_to_someone_elses_course(
    client, lti_platform, prof_north, prof_south
):
    south_course = CourseFactory(created_by=prof_south, code="ECO 101")
    response = _launch(client, lti_platform, sub="lms-nora", roles=[INSTRUCTOR], email="nora@north.edu")
    client.get(response["Location"])
    response = client.post(reverse("lti:link"), {"course": str(south_course.public_id)})
    assert response.status_code == 400
    assert not LtiContextLink.objects.exists()


def test_an_instructor_who_does_not_teach_the_linked_course_is_refused(
    client, lti_platform, lti_linked_course, north
):
    FacultyProfileFactory(user=UserFactory(faculty=True, email="otto@north.edu"), university=north)
    response = _launch(client, lti_platform, sub="lms-otto", roles=[INSTRUCTOR], email="otto@north.edu")
    assert response.status_code == 403
    assert "not an instructor" in response.text
    assert not _signed_in_as(client).is_authenticated


def test_faculty_not_yet_confirmed_are_refused(client, lti_platform, prof_waiting):
    response = _launch(client, lti_platform, sub="lms-walt", roles=[INSTRUCTOR], email="walt@north.edu")
    assert response.status_code == 403
    assert "career office" in response.text
    assert not _signed_in_as(client).is_authenticated


# --- Launch: learners ----------------------------------------------------------------------------------


def test_a_learner_is_enrolled_and_lands_on_the_student_course_page(
    client, lti_platform, lti_linked_course, lti_student
):
    response = _launch(
        client, lti_platform, sub="lms-stella", roles=[LEARNER, SYSTEM_USER], email="Stella@North.edu"
    )
    assert response.status_code == 302
    response = client.get(response["Location"])
    course = lti_linked_course.course
    assert response["Location"] == reverse("courses:student_course", args=[course.public_id])
    assert client.get(response["Location"]).status_code == 200
    enrolment = Enrolment.objects.get(course=course, student=lti_student)
    assert enrolment.source == EnrolmentSource.LMS
    assert _signed_in_as(client) == lti_student.user


def test_a_learner_of_an_unlinked_lms_course_is_told_to_wait(client, lti_platform, lti_student):
    response = _launch(client, lti_platform, sub="lms-stella", roles=[LEARNER], email="stella@north.edu")
    assert response.status_code == 403
    assert "not connected this LMS course" in response.text
    assert not Enrolment.objects.exists()


def test_an_unknown_learner_is_asked_to_sign_up_and_invited(client, lti_platform, lti_linked_course):
    response = _launch(client, lti_platform, sub="lms-nina", roles=[LEARNER], email="nina@north.edu")
    assert response.status_code == 403
    assert "Sign up first" in response.text and "nina@north.edu" in response.text
    assert f"{reverse('account_signup')}?role=student" in response.text
    assert CourseInvite.objects.filter(course=lti_linked_course.course, email="nina@north.edu").exists()
    assert not LtiUserLink.objects.exists()


def test_an_address_not_yet_confirmed_is_not_matched(client, lti_platform, lti_linked_course, north):
    StudentProfileFactory(
        user=UserFactory(student=True, email="una@north.edu", email_address__verified=False), university=north
    )
    response = _launch(client, lti_platform, sub="lms-una", roles=[LEARNER], email="una@north.edu")
    assert response.status_code == 403 and "Confirm your email address" in response.text
    assert not _signed_in_as(client).is_authenticated


@pytest.mark.parametrize(
    ("roles", "email"),
    [
        ([INSTRUCTOR], "stella@north.edu"),  # a student's account launched as an instructor
        ([LEARNER], "nora@north.edu"),  # a faculty account launched as a learner
        ([MENTOR, SYSTEM_USER], "stella@north.edu"),  # neither role
    ],
)
def test_a_role_that_does_not_match_the_account_is_refused(
    client, lti_platform, lti_linked_course, lti_student, roles, email
):
    response = _launch(client, lti_platform, sub="lms-someone", roles=roles, email=email)
    assert response.status_code == 403
    assert "This role cannot open the course here" in response.text
    assert not _signed_in_as(client).is_authenticated
    assert not Enrolment.objects.filter(student=lti_student).exists()


def test_a_staff_account_is_never_matched_by_email(client, lti_platform, lti_linked_course, site_admin):
    response = _launch(client, lti_platform, sub="lms-root", roles=[LEARNER], email="root@example.org")
    assert response.status_code == 403
    assert "cannot be opened from an LMS" in response.text
    assert not _signed_in_as(client).is_authenticated


def test_an_account_with_two_factor_signs_in_before_the_course_opens(
    client, lti_platform, lti_linked_course, lti_student
):
    from allauth.mfa.totp.internal.auth import TOTP

    from accounts.factories import DEFAULT_TOTP_SECRET

    TOTP.activate(lti_student.user, DEFAULT_TOTP_SECRET)
    response = _launch(client, lti_platform, sub="lms-stella", roles=[LEARNER], email="stella@north.edu")
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("account_login"))
    assert not _signed_in_as(client).is_authenticated
    assert Enrolment.objects.filter(student=lti_student).exists()


# --- Launch: refused tokens ----------------------------------------------------------------------------


def test_a_tampered_signature_is_refused(client, lti_platform, lti_linked_course, lti_student):
    params = _authorize(client, sub="lms-mallory")
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
    assert not _signed_in_as(client).is_authenticated
    assert not Enrolment.objects.filter(student=lti_student).exists()


def test_a_token_signed_by_another_key_is_refused(client, lti_platform, lti_linked_course, lti_student):
    other_private, _other_public = _rsa_pem_pair()
    params = _authorize(client, sub="lms-stella")
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
    response = _launch(
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
    params = _authorize(client, sub="lms-stella")
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

    params = _authorize(client, sub="lms-stella")
    token = lti_platform.id_token(
        nonce=params["nonce"], sub="lms-stella", email="stella@north.edu", **{CLAIM + "roles": [LEARNER]}
    )
    response = Client().post(reverse("lti:launch"), {"id_token": token, "state": params["state"]})
    assert response.status_code == 400
    assert not Enrolment.objects.exists()


def test_an_unknown_registration_is_refused(client, lti_platform):
    response = _login(client, sub="lms-x", iss="https://unknown-lms.example")
    assert response.status_code == 400
    assert "not registered" in response.text
    response = _login(client, sub="lms-x", client_id="someone-else")
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
    response = _launch(
        client, lti_platform, sub="lms-stella", roles=[LEARNER], email="stella@north.edu", dest="iframe"
    )
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert "frame-ancestors 'self' https:" in response["Content-Security-Policy"]
    assert 'target="_blank"' in response.text
    continue_url = response.context["continue_url"]
    assert not _signed_in_as(client).is_authenticated  # nobody is signed in inside the frame
    assert client.get(continue_url).status_code == 302
    assert _signed_in_as(client) == lti_student.user
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


# --- The roster from the LMS (NRPS) --------------------------------------------------------------------


def _member(email: str | None, roles: list[str], status: str = "Active", name: str = "") -> dict:
    member = {"user_id": secrets.token_hex(4), "roles": roles, "status": status, "name": name or "A Person"}
    if email:
        member["email"] = email
    return member


def test_pulling_the_roster_enrols_students_and_invites_the_others(
    client, lti_platform, lti_linked_course, lti_student, prof_north, enrolled
):
    lti_platform.members = [
        _member("nora@north.edu", [INSTRUCTOR]),
        _member("stella@north.edu", [LEARNER], name="Stella Student"),
        _member("ella@north.edu", ["Learner"]),  # already enrolled
        _member("newbie@north.edu", [LEARNER], name="New Bie"),
        _member(None, [LEARNER]),  # the platform withholds the address
        _member("gone@north.edu", [LEARNER], status="Inactive"),
        _member("ta@north.edu", ["http://purl.imsglobal.org/vocab/lis/v2/membership#TeachingAssistant"]),
    ]
    client.force_login(prof_north.user)
    course = lti_linked_course.course
    response = client.post(reverse("lti:roster_pull", args=[course.public_id]), follow=True)
    assert response.status_code == 200
    assert "From your LMS: 1 enrolled, 1 invited, 1 already here or not eligible, 1 without an email" in (
        response.text
    )
    assert Enrolment.objects.filter(
        course=course, student=lti_student, source=EnrolmentSource.ROSTER
    ).exists()
    assert list(CourseInvite.objects.filter(course=course).values_list("email", "full_name")) == [
        ("newbie@north.edu", "New Bie")
    ]
    assert RosterImport.objects.get(course=course).confirmed_at is not None
    assert lti_platform.requests.count("POST /token") == 1  # one service token for both pages
    assert [r for r in lti_platform.requests if r.startswith("GET /nrps/")] == [
        f"GET /nrps/{CONTEXT_ID}",
        f"GET /nrps/{CONTEXT_ID}",
    ]
    # Pulling again changes nothing.
    client.post(reverse("lti:roster_pull", args=[course.public_id]))
    assert Enrolment.objects.filter(course=course).count() == 2
    assert CourseInvite.objects.filter(course=course).count() == 1


def test_a_roster_pull_the_platform_refuses_is_reported(client, lti_platform, lti_linked_course, prof_north):
    LtiToolKey.objects.update(private_key=_rsa_pem_pair()[0])  # the platform no longer knows our key
    client.force_login(prof_north.user)
    course = lti_linked_course.course
    response = client.post(reverse("lti:roster_pull", args=[course.public_id]), follow=True)
    assert "did not give the roster" in response.text
    assert not RosterImport.objects.exists()


def test_the_pull_button_shows_only_for_a_course_with_an_lms_roster(client, prof_north, north_course):
    client.force_login(prof_north.user)
    detail = client.get(reverse("courses:detail", args=[north_course.public_id]))
    assert "Pull roster from your LMS" not in detail.text
    response = client.post(reverse("lti:roster_pull", args=[north_course.public_id]), follow=True)
    assert "no LMS roster" in response.text


def test_only_the_courses_faculty_may_pull_its_roster(
    client, lti_linked_course, prof_south, lti_student, prof_waiting
):
    url = reverse("lti:roster_pull", args=[lti_linked_course.course.public_id])
    response = client.post(url)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(prof_south.user)
    assert client.post(url).status_code == 404
    client.force_login(lti_student.user)
    assert client.post(url).status_code == 404
    client.force_login(prof_waiting.user)
    assert client.post(url).status_code == 403
    client.force_login(UserFactory(employer=True))
    assert client.post(url).status_code == 404
    assert not RosterImport.objects.exists()


def test_the_link_page_needs_a_launch_and_a_confirmed_faculty_member(
    client, prof_north, prof_waiting, lti_student
):
    url = reverse("lti:link")
    assert reverse("account_login") in client.get(url)["Location"]
    client.force_login(lti_student.user)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(employer=True))
    assert client.get(url).status_code == 404
    client.force_login(prof_waiting.user)
    assert client.get(url).status_code == 403
    client.force_login(prof_north.user)
    response = client.get(url)
    assert response.status_code == 404 and "No LMS course is waiting" in response.text


def test_the_link_page_lists_the_instructors_courses_in_constant_queries(
    client, lti_platform, prof_north, django_assert_num_queries
):
    CourseFactory(created_by=prof_north, code="BUS 100")
    response = _launch(client, lti_platform, sub="lms-nora", roles=[INSTRUCTOR], email="nora@north.edu")
    client.get(response["Location"])
    url = reverse("lti:link")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    budget = len(one)
    for number in range(20):
        CourseFactory(created_by=prof_north, code=f"BUS {200 + number}")
    with django_assert_num_queries(budget):
        response = client.get(url)
    assert len(response.context["courses"]) == 21


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
