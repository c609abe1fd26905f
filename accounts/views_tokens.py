"""The API tokens settings page: list, create (secret shown once), revoke. Open to every logged-in role."""

import uuid

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.selectors import api_token_get_for_user, api_token_list_for_user
from accounts.services import api_token_create, api_token_revoke
from marketplace.forms import add_service_errors


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=80,
        help_text="Something that tells you later where it is used, e.g. “laptop script” or “CI export”.",
    )


def _page(request: HttpRequest, *, form: ApiTokenForm, new_token: str | None = None) -> HttpResponse:
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": api_token_list_for_user(user=request.user), "new_token": new_token},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)
def api_tokens(request: HttpRequest) -> HttpResponse:
    """GET lists the tokens; POST creates one and shows its secret in this response only (never stored,
    never redirected through the session), with no-store caching so the browser does not keep it either.
    Creating one asks for the password (or a second factor) again unless it was given in the last minutes;
    the POST is held meanwhile and carried out after it."""
    if request.method != "POST":
        return _page(request, form=ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, raw = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Token “{token.name}” created.")
            return _page(request, form=ApiTokenForm(), new_token=raw)
    return _page(request, form=form)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token_revoke_confirm(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    token = api_token_get_for_user(user=request.user, public_id=public_id)
    if request.method == "POST":
        api_token_revoke(token=token)
        messages.success(request, f"Token “{token.name}” revoked: requests using it now get a 401.")
        return redirect("api_tokens")
    return render(request, "accounts/api_token_revoke.html", {"token": token})
