import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts.models import ApiToken, Role, User
from accounts.selectors import api_token_hash

API_TOKEN_SCHEME = "mp_"
# Enough for a script per machine; more active tokens than this usually means old ones were never revoked.
API_TOKEN_MAX_ACTIVE = 20
# last_used_at is a hint for people, not an audit log: one write a minute per token is plenty.
API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


@transaction.atomic
def user_create_verified(
    *,
    email: str,
    password: str,
    role: Role,
    full_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create an account whose email is already confirmed (demo data, invitations by career staff)."""
    user = User.objects.create_user(
        email=email,
        password=password,
        role=role,
        full_name=full_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a named token and return it with its plain secret, which exists only in this return value.

    The secret is 32 random bytes from ``secrets``; only its SHA-256 is kept. Names are unique among the
    user's active tokens (a revoked token's name may be reused).
    """
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": ["Name the token, for example after the machine or script using it."]})
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise ValidationError({"name": ["Keep the name under 80 characters."]})
    with transaction.atomic():
        # The user row lock serialises concurrent creations, so the active-token cap holds.
        User.objects.select_for_update().filter(pk=user.pk).first()
        active = ApiToken.objects.active().filter(user=user)
        if active.filter(name=name).exists():
            raise ValidationError({"name": ["You already have an active token with this name."]})
        if active.count() >= API_TOKEN_MAX_ACTIVE:
            raise ValidationError(
                {"name": [f"You have {API_TOKEN_MAX_ACTIVE} active tokens: revoke one you no longer use."]}
            )
        raw = API_TOKEN_SCHEME + secrets.token_urlsafe(32)
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user,
                    name=name,
                    prefix=raw[: ApiToken.PREFIX_LENGTH],
                    secret_hash=api_token_hash(raw),
                )
        except IntegrityError as error:
            raise ValidationError({"name": ["You already have an active token with this name."]}) from error
    return token, raw


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a token (found with ``api_token_get_for_user``); revoking it again changes nothing."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record that the token was just used, at most once per API_TOKEN_TOUCH_INTERVAL.

    The check runs on the already-loaded row, so most requests write nothing; the conditional UPDATE keeps
    parallel requests from writing twice.
    """
    now = timezone.now()
    threshold = now - API_TOKEN_TOUCH_INTERVAL
    if token.last_used_at is not None and token.last_used_at > threshold:
        return
    stale = ApiToken.objects.filter(pk=token.pk).filter(
        models.Q(last_used_at__isnull=True) | models.Q(last_used_at__lte=threshold)
    )
    if stale.update(last_used_at=now):
        token.last_used_at = now
