"""The LMS the LTI tests launch from: a platform simulated with real RSA keys and signed JWTs.

The platform is a real HTTP server on 127.0.0.1 (ports 8150-8159; the fixtures that start it and register
it are in courses/tests/conftest.py): its JWKS, its OAuth2 token endpoint (which checks the client
assertion our tool signs with its own key) and its Names and Role Provisioning Service (paged with a Link
header). PyLTI1p3 runs unmocked: the helpers here drive the OIDC login, read its redirect to the platform,
sign the id_token the platform would post back, and post it to the launch.
"""

import json
import secrets
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse
from jwcrypto.jwk import JWK

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


def rsa_pem_pair() -> tuple[str, str]:
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
        self.private_pem, self.public_pem = rsa_pem_pair()
        self.kid = "north-lms-key-1"
        self.tool_private_pem, self.tool_public_pem = rsa_pem_pair()
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


def platform_handler(platform: SimulatedPlatform) -> type[BaseHTTPRequestHandler]:
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


def login(client, *, sub: str, iss: str = ISSUER, client_id: str = CLIENT_ID):
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


def authorize(client, *, sub: str) -> dict[str, str]:
    """The OIDC login, and what its redirect asks of the platform's authorisation endpoint."""
    response = login(client, sub=sub)
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


def launch(
    client, platform: SimulatedPlatform, *, sub: str, roles: list[str], dest: str = "document", **claims
):
    """The whole launch: OIDC login, the platform's signed id_token posted back, as a top-level document
    (Sec-Fetch-Dest) unless `dest` says otherwise."""
    params = authorize(client, sub=sub)
    token = platform.id_token(nonce=params["nonce"], sub=sub, **{CLAIM + "roles": roles}, **claims)
    return client.post(
        reverse("lti:launch"), {"id_token": token, "state": params["state"]}, headers={"sec-fetch-dest": dest}
    )


def signed_in_as(client):
    return client.get(reverse("dashboard")).wsgi_request.user
