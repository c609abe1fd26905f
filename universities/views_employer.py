"""An organisation's side of its partnerships with universities: ask one, answer a university's invitation.

These pages belong to the "employers" URL namespace (marketplace/urls.py composes it) but live here, above
employers, because they read and write partnerships. The organisation page shows the partnerships through
the `employer_partnerships` template tag. Every rule (owners only, the side that did not ask decides, one
live partnership per pair) is the services'.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_page
from employers.models import Employer, MemberRole
from employers.selectors import employer_get_for_member
from universities.forms import PartnershipRequestForm
from universities.models import PartnershipSide
from universities.selectors import partnership_get_for_employer, universities_open_to_employer
from universities.services import partnership_approve, partnership_decline, partnership_request


def _org_partnerships_url(employer: Employer) -> str:
    return reverse("employers:org_detail", kwargs={"slug": employer.slug}) + "#partnerships"


def _message_of(error: ValidationError | PermissionDenied) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@role_page(Role.EMPLOYER)
@require_http_methods(["GET", "POST"])
def partnership_new(request: HttpRequest, slug: str) -> HttpResponse:
    employer = employer_get_for_member(user=request.user, slug=slug)
    is_owner = employer.member_role == MemberRole.OWNER
    universities = universities_open_to_employer(employer=employer)
    form = PartnershipRequestForm(request.POST or None, universities=universities)
    if request.method == "POST" and form.is_valid():
        university = form.cleaned_data["university"]
        try:
            partnership_request(
                employer=employer,
                university=university,
                by=request.user,
                side=PartnershipSide.EMPLOYER,
                message=form.cleaned_data["message"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _message_of(error))
        else:
            messages.success(
                request,
                f"Request sent to {university.name}. Its career office will approve or decline it; "
                "you will be notified either way.",
            )
            return redirect(_org_partnerships_url(employer))
    return render(
        request,
        "universities/partnership_request.html",
        {"employer": employer, "form": form, "is_owner": is_owner, "has_choices": universities.exists()},
        status=400 if form.errors else 200,
    )


def _answer(request: HttpRequest, slug: str, pk: int, *, approve: bool) -> HttpResponse:
    employer = employer_get_for_member(user=request.user, slug=slug)
    partnership = partnership_get_for_employer(employer=employer, pk=pk)
    service = partnership_approve if approve else partnership_decline
    try:
        service(partnership=partnership, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message_of(error))
    else:
        university = partnership.university.name
        if approve:
            messages.success(request, f"{employer.name} and {university} are now partners.")
        else:
            messages.success(request, f"You declined the invitation from {university}.")
    return redirect(_org_partnerships_url(employer))


@role_page(Role.EMPLOYER)
@require_POST
def partnership_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _answer(request, slug, pk, approve=True)


@role_page(Role.EMPLOYER)
@require_POST
def partnership_refuse(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _answer(request, slug, pk, approve=False)
