"""Staff must have a second factor before the admin opens: the admin is where one account reaches many."""

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse

SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]  # recovery codes alone do not count


def staff_must_enrol_mfa(user) -> bool:
    """A staff account (site admin, career staff) with no authenticator app or passkey yet."""
    return bool(user.is_authenticated and user.is_staff and not is_mfa_enabled(user, SECOND_FACTORS))


def mfa_enrol_url() -> str:
    return reverse("mfa_activate_totp")


def _is_admin_path(path: str) -> bool:
    try:
        return path.startswith(reverse("admin:index"))
    except NoReverseMatch:  # a URLconf without the admin (some tests use their own)
        return False


class StaffMfaRequiredMiddleware:
    """Sends a staff user without MFA from any admin page to the authenticator-app enrolment, which says why
    (templates/mfa/totp/activate_form.html) and leads on to the admin (templates/mfa/recovery_codes/)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_admin_path(request.path) and staff_must_enrol_mfa(request.user):
            return HttpResponseRedirect(mfa_enrol_url())
        return self.get_response(request)
