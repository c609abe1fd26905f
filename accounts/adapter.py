from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse

from accounts.middleware import mfa_enrol_url, staff_must_enrol_mfa


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Staff log in to a forced enrolment until they have a second factor (accounts/middleware.py).
        if staff_must_enrol_mfa(request.user):
            return mfa_enrol_url()
        return reverse("dashboard")

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return reverse("dashboard")
