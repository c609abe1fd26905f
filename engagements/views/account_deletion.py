"""Deleting one's own account: the confirmation page, after re-authentication (allauth).

Served at /accounts/delete/ (wired in marketplace/urls.py); it lives here because deleting an account
runs the engagements' account-deletion service."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from engagements.services.account_deletion import account_delete, account_deletion_refusal


@never_cache
@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def account_delete_confirm(request: HttpRequest) -> HttpResponse:
    """GET explains what is erased and what is kept; POST deletes (or says why not) and logs out."""
    refusal = account_deletion_refusal(user=request.user)
    if request.method == "POST" and refusal is None:
        try:
            account_delete(user=request.user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            logout(request)
            messages.success(request, "Your account has been deleted. Thank you for having been part of it.")
            return redirect("home")
    return render(
        request,
        "accounts/account_delete.html",
        {"refusal": refusal, "is_student": request.user.is_student},
        status=409 if request.method == "POST" and refusal else 200,
    )
