"""Sign-up that knows who you are, and the correction of a wrong account type.

`/accounts/signup/?role=employer` (the home page's "Post a project") opens the sign-up with the employer
account chosen and says so in the heading; `?role=student` ("Find a project") the student one; without it
nobody is preselected and the choice must be made. After sign-up the new account is offered, once, a way to
switch to the other type while it has not been used (students.role_switch decides what "used" means).
"""

from allauth.account.views import SignupView
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from accounts.selectors import dashboard_url_for
from students.role_switch import (
    ROLE_WORDS,
    SWITCHABLE_ROLES,
    account_role_switch,
    account_role_switch_refusal,
)

# Set at sign-up to the chosen role; read by the check-your-email page and the banner in
# templates/base.html, cleared once the choice is confirmed or spent.
ROLE_SWITCH_OFFER_SESSION_KEY = "offer_role_switch"


def _an(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _requested_role(value: str | None) -> str | None:
    return value if value in SWITCHABLE_ROLES else None


class RoleSignupView(SignupView):
    """allauth's sign-up (its checks, rate limits and email confirmation) with the role taken from ?role=."""

    def get_initial(self) -> dict:
        initial = super().get_initial()
        role = _requested_role(self.request.GET.get("role"))
        if role:
            initial["role"] = role
        return initial

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        chosen = form.data.get("role") if form.is_bound else form.initial.get("role")
        context["signup_role"] = _requested_role(chosen)
        return context

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        self.request.session[ROLE_SWITCH_OFFER_SESSION_KEY] = form.cleaned_data["role"]
        return response


signup = RoleSignupView.as_view()


@login_required
@require_http_methods(["GET", "POST"])
def account_type(request: HttpRequest) -> HttpResponse:
    """The account's type, and the switch to the other one while the account is unused."""
    user = request.user
    other = Role.EMPLOYER if user.role == Role.STUDENT else Role.STUDENT
    if request.method == "POST":
        if request.POST.get("action") == "keep":
            request.session.pop(ROLE_SWITCH_OFFER_SESSION_KEY, None)
            return redirect(dashboard_url_for(user=user))
        try:
            account_role_switch(user=user, to_role=request.POST.get("role", ""))
        except ValidationError as error:
            request.session.pop(ROLE_SWITCH_OFFER_SESSION_KEY, None)
            messages.error(request, error.messages[0])
            return redirect("account_type")
        request.session.pop(ROLE_SWITCH_OFFER_SESSION_KEY, None)
        messages.success(request, f"Done: this is now {_an(ROLE_WORDS[user.role])} account.")
        return redirect(dashboard_url_for(user=user))
    return render(
        request,
        "students/account_type.html",
        {
            "refusal": account_role_switch_refusal(user=user),  # the switch checks again, under its lock
            "current_word": ROLE_WORDS.get(user.role, ""),
            "other_role": other,
            "other_word": ROLE_WORDS[other],
        },
    )
