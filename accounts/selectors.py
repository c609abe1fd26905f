import hashlib
import hmac
import uuid

from allauth.account.models import EmailAddress
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.http import Http404
from django.urls import reverse

from accounts.models import ApiToken, Role, User

DASHBOARD_URL_NAMES = {
    Role.STUDENT: "students:dashboard",
    Role.EMPLOYER: "employers:dashboard",
    Role.CAREER_STAFF: "universities:dashboard",
    Role.FACULTY: "courses:dashboard",
}


def dashboard_url_for(*, user: User) -> str:
    """Where a user lands after login: the dashboard of their role (site staff go to the admin)."""
    if user.is_superuser:
        return reverse("admin:index")
    return reverse(DASHBOARD_URL_NAMES[Role(user.role)])


def api_token_hash(raw: str) -> str:
    """The SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_list_for_user(*, user: User) -> QuerySet[ApiToken]:
    """The user's active tokens, newest first (revoked ones are no longer shown)."""
    return ApiToken.objects.active().filter(user=user).order_by("-created_at", "-id")


def api_token_get_for_user(*, user: User, public_id: uuid.UUID) -> ApiToken:
    """One of the user's active tokens; anyone else's, or a revoked one, is a 404."""
    token = api_token_list_for_user(user=user).filter(public_id=public_id).first()
    if token is None:
        raise Http404("No such token.")
    return token


def api_token_for_secret(*, raw: str) -> ApiToken | None:
    """The active token whose secret is ``raw``, with its user, or None.

    Looked up by the SHA-256 of the secret (an indexed, unique column), so the query time tells nothing
    about how close a guess was; the digests are compared again in constant time as a second guard.
    """
    digest = api_token_hash(raw)
    token = ApiToken.objects.active().select_related("user").filter(secret_hash=digest).first()
    if token is None or not hmac.compare_digest(token.secret_hash, digest):
        return None
    return token


def emails_with_accounts(*, emails: list[str]) -> set[str]:
    """Which of the (lower-case) `emails` already belong to an account, as its login or as one of its
    addresses; two queries for them all."""
    users = User.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=emails)
    addresses = EmailAddress.objects.annotate(lower_email=Lower("email")).filter(lower_email__in=emails)
    return set(users.values_list("lower_email", flat=True)) | set(
        addresses.values_list("lower_email", flat=True)
    )
