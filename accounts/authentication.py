"""API authentication with the personal tokens users create on /accounts/api-tokens/.

Clients send ``Authorization: Bearer <token>`` (``Token <token>`` is accepted too). A wrong, revoked or
malformed token, or one whose user is deactivated, is a 401 in the API's one error format; a request with no
credentials at all is a 401 too (not a 403), because ``authenticate_header`` names the scheme.
"""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.request import Request

from accounts.models import ApiToken, User
from accounts.selectors import api_token_for_secret
from accounts.services import api_token_touch

KEYWORDS = (b"bearer", b"token")
# A real token is "mp_" + 43 URL-safe characters; anything far longer is refused before it is hashed.
MAX_TOKEN_LENGTH = 200


class ApiTokenAuthentication(BaseAuthentication):
    """``request.user`` is the token's owner and ``request.auth`` the ApiToken itself."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as 'Authorization: Bearer <token>', with no spaces inside the token."
            )
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed("The token has characters no token has.") from error
        if len(raw) > MAX_TOKEN_LENGTH:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        token = api_token_for_secret(raw=raw)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("This account is deactivated.")
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Shows the token as an HTTP bearer security scheme in the OpenAPI schema."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: object) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal token from /accounts/api-tokens/: `Authorization: Bearer mp_…`.",
        }
