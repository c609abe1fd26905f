import time
from urllib.parse import urlencode

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.urls import reverse

from accounts.models import Role, User

DEFAULT_PASSWORD = "correct-horse-battery-staple"
# The authenticator-app secret of every factory user enrolled in MFA (base32, as an app would scan it).
DEFAULT_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str = DEFAULT_TOTP_SECRET, *, at: float | None = None) -> str:
    """The code an authenticator app shows for `secret` at `at` (default now), as RFC 6238 computes it."""
    return format_hotp_value(
        hotp_value(secret, int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD)
    )


def reauthenticate(client, *, password: str = DEFAULT_PASSWORD) -> None:
    """Confirm the signed-in user's password now, as allauth's reauthentication asks before sensitive pages
    (API tokens, the data export, email changes) when the last confirmation is older than a few minutes."""
    # Form-encoded by hand: the same call works for Django's test client and DRF's APIClient (JSON default).
    response = client.post(
        reverse("account_reauthenticate"),
        urlencode({"password": password}),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302, "the password was not accepted"


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose email is confirmed; `email_address__verified=False` for one who has not confirmed it.

    Staff come enrolled in MFA (an authenticator app with DEFAULT_TOTP_SECRET), as the admin requires
    (accounts/middleware.py); `mfa=False` for a staff user who has not enrolled yet, `mfa=True` for anyone
    else who has."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    role = Role.STUDENT
    password = factory.django.Password(DEFAULT_PASSWORD)

    class Params:
        student = factory.Trait(role=Role.STUDENT)
        employer = factory.Trait(role=Role.EMPLOYER)
        career_staff = factory.Trait(role=Role.CAREER_STAFF, is_staff=True)
        faculty = factory.Trait(role=Role.FACULTY)

    @factory.post_generation
    def email_address(self, create: bool, extracted: object, **kwargs) -> None:
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=kwargs.get("verified", True)
            )

    @factory.post_generation
    def mfa(self, create: bool, extracted: bool | None, **kwargs) -> None:
        if create and (self.is_staff if extracted is None else extracted):
            TOTP.activate(self, kwargs.get("secret", DEFAULT_TOTP_SECRET))
