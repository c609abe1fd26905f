"""The public pages of invitations: the emailed link opens a sign-up form with the invited address and the
role filled in. Signing up from it links the invitation to the new account (invitations.apps connects the
sign-up signal to the service); the form is allauth's own, with its checks and rate limits.

The link is the invitation: it was emailed to the invited address, so allauth is told that address is
confirmed (`stash_verified_email`, allauth's way for invitations) and the new account gets it verified.
"""

import uuid

from allauth.account.adapter import get_adapter
from allauth.account.views import SignupView
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from invitations.apps import PENDING_INVITATION_SESSION_KEY
from invitations.models import ImportKind, Invitation, StudentInvitation
from invitations.selectors import invitation_get_by_token
from invitations.services import invitation_usable_check


class InvitedSignupView(SignupView):
    """allauth's sign-up, posting back to the invitation's own address, with the invitation's details."""

    template_name = "invitations/signup.html"
    invitation: Invitation | None = None
    role: str = Role.STUDENT

    def get_initial(self) -> dict:
        initial = super().get_initial()
        initial["email"] = self.invitation.email
        initial["role"] = self.role
        name = getattr(self.invitation, "full_name", "") or getattr(self.invitation, "contact_name", "")
        if name:
            initial["full_name"] = name
        return initial

    def get_form(self, form_class: type[forms.Form] | None = None) -> forms.Form:
        form = super().get_form(form_class)
        # The invitation says which kind of account it makes: a business is not signed up as a student.
        role = form.fields["role"]
        role.choices = [choice for choice in role.choices if choice[0] == self.role]
        role.widget = forms.HiddenInput()
        return form

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["invitation"] = self.invitation
        context["is_student"] = isinstance(self.invitation, StudentInvitation)
        return context


def _join(request: HttpRequest, *, kind: str, token: uuid.UUID, role: str) -> HttpResponse:
    invitation = invitation_get_by_token(kind=kind, token=token)
    context = {"invitation": invitation, "is_student": kind == ImportKind.STUDENTS}
    user = request.user if request.user.is_authenticated else None
    if user is not None and invitation.user_id == user.pk:
        messages.info(request, "You have already accepted this invitation.")
        return redirect("dashboard")
    try:
        invitation_usable_check(invitation=invitation, user=user)
    except ValidationError as error:
        return render(
            request, "invitations/unavailable.html", {**context, "problem": error.messages[0]}, status=410
        )
    if request.user.is_authenticated:
        return render(request, "invitations/signed_in.html", context)
    request.session[PENDING_INVITATION_SESSION_KEY] = {"kind": kind, "token": str(invitation.token)}
    get_adapter(request).stash_verified_email(request, invitation.email)
    response = InvitedSignupView.as_view(invitation=invitation, role=role)(request)
    if request.method == "POST" and response.status_code == 302:
        _welcome(request, invitation)
    return response


def _welcome(request: HttpRequest, invitation: Invitation) -> None:
    invitation.refresh_from_db()
    if invitation.accepted_at is None:
        return
    university = invitation.university.name
    if isinstance(invitation, StudentInvitation):
        messages.success(request, f"Welcome! You are verified as a student of {university}.")
    else:
        messages.success(
            request,
            f"Welcome! {invitation.organisation_name} is set up and already a partner of {university}: "
            "post your first project when you are ready.",
        )


@require_http_methods(["GET", "POST"])
def student_join(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    return _join(request, kind=ImportKind.STUDENTS, token=token, role=Role.STUDENT)


@require_http_methods(["GET", "POST"])
def business_join(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    return _join(request, kind=ImportKind.BUSINESSES, token=token, role=Role.EMPLOYER)
