from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.urls import reverse

from accounts.middleware import SECOND_FACTORS, mfa_enrol_url, staff_must_enrol_mfa


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Staff log in to a forced enrolment until they have a second factor (accounts/middleware.py).
        if staff_must_enrol_mfa(request.user):
            return mfa_enrol_url()
        return reverse("dashboard")

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return reverse("dashboard")


class MFAAdapter(DefaultMFAAdapter):
    """Staff keep a second factor: their last authenticator app or passkey cannot be turned off (the admin
    would send them straight back to enrol, and in between the account would rest on a password alone)."""

    error_messages = DefaultMFAAdapter.error_messages | {
        "cannot_delete_authenticator": "Staff accounts must keep a second factor: add a passkey before "
        "turning the authenticator app off.",
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        user = authenticator.user
        if not user.is_staff or authenticator.type not in SECOND_FACTORS:
            return True
        others = Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exclude(pk=authenticator.pk)
        return others.exists()
