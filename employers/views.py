"""Organisation pages: thin adapters over employers' services and selectors. The employer dashboard and an
organisation's project list are in applications/views/employer_dashboard.py."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from accounts.models import Role
from accounts.permissions import role_page
from employers.forms import EmployerEditForm, EmployerForm, InviteForm
from employers.models import Employer, EmployerMember, MemberRole
from employers.selectors import (
    LOGO_SUFFIXES,
    employer_get_for_member,
    employer_get_logo,
    employer_invitation_get_by_token,
    employer_invitation_get_for_member,
    employer_invitation_list_pending,
    employer_member_list,
    employer_member_role,
)
from employers.services import (
    employer_create,
    employer_invitation_accept,
    employer_invitation_check,
    employer_invitation_revoke,
    employer_invitation_send,
    employer_logo_remove,
    employer_logo_set,
    employer_member_make_owner,
    employer_member_remove,
    employer_update,
)
from marketplace.timezones import UTC, canonical_time_zone
from marketplace.uploads import private_file_response

LOGO_MAX_AGE = 24 * 60 * 60


def _is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


# --- Organisation -------------------------------------------------------------------------------------------


@role_page(Role.EMPLOYER)
@require_http_methods(["GET", "POST"])
def org_create(request: HttpRequest) -> HttpResponse:
    form = EmployerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                employer = employer_create(
                    user=request.user,
                    name=data["name"],
                    description=data["description"],
                    website=data["website"],
                    time_zone=data["time_zone"] or UTC,
                )
                if data["logo"]:
                    employer_logo_set(employer=employer, by=request.user, upload=data["logo"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, f"{employer.name} is ready. Invite your teammates, then post your first project."
            )
            return redirect("employers:org_detail", slug=employer.slug)
    return render(request, "employers/org_form.html", {"form": form, "creating": True})


def _org_page_context(employer: Employer, *, invite_form: InviteForm | None = None) -> dict:
    return {
        "employer": employer,
        "is_owner": employer.member_role == MemberRole.OWNER,
        "members": employer_member_list(employer=employer),
        "invitations": employer_invitation_list_pending(employer=employer),
        "invite_form": invite_form or InviteForm(),
    }


def _render_invitations(
    request: HttpRequest, employer: Employer, *, invite_form: InviteForm | None = None
) -> HttpResponse:
    """The invitations card alone for htmx, else the whole organisation page."""
    context = _org_page_context(employer, invite_form=invite_form)
    if _is_htmx(request):
        return render(request, "employers/_invitations.html", {**context, "show_messages": True})
    return render(request, "employers/org_detail.html", context)


@role_page(Role.EMPLOYER)
@require_GET
def org_detail(request: HttpRequest, slug: str) -> HttpResponse:
    employer = employer_get_for_member(user=request.user, slug=slug)
    return render(request, "employers/org_detail.html", _org_page_context(employer))


@role_page(Role.EMPLOYER)
@require_http_methods(["GET", "POST"])
def org_edit(request: HttpRequest, slug: str) -> HttpResponse:
    employer = employer_get_for_member(user=request.user, slug=slug)
    if employer.member_role != MemberRole.OWNER:
        messages.info(request, "Only owners can change the organisation's details: ask one of them.")
        return redirect("employers:org_detail", slug=employer.slug)
    current_name = employer.name
    form = EmployerEditForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "name": employer.name,
            "description": employer.description,
            "website": employer.website,
            # A zone saved under an alias (US/Eastern) is shown as the zone it stands for.
            "time_zone": canonical_time_zone(employer.time_zone) or employer.time_zone,
        },
        has_logo=bool(employer.logo),
        current_time_zone=employer.time_zone,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                employer_update(
                    employer=employer,
                    by=request.user,
                    name=data["name"],
                    description=data["description"],
                    website=data["website"],
                    time_zone=data["time_zone"] or None,
                )
                if data["logo"]:
                    employer_logo_set(employer=employer, by=request.user, upload=data["logo"])
                elif data.get("remove_logo"):
                    employer_logo_remove(employer=employer, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            messages.error(request, str(error))
            return redirect("employers:org_detail", slug=employer.slug)
        else:
            messages.success(request, "Your changes are saved.")
            return redirect("employers:org_detail", slug=employer.slug)
    return render(
        request,
        "employers/org_form.html",
        {"form": form, "creating": False, "employer": employer, "current_name": current_name},
    )


@require_safe
def logo(request: HttpRequest, slug: str) -> FileResponse:
    """The logo, shown inline to anyone (it appears next to postings), as the type its content was checked
    as; never sniffed, and sandboxed should a browser open it as a page."""
    employer, content_type = employer_get_logo(slug=slug)
    response = private_file_response(
        employer.logo,
        download_name=f"{employer.slug}{LOGO_SUFFIXES[content_type]}",
        content_type=content_type,
        as_attachment=False,
    )
    response["Cache-Control"] = f"public, max-age={LOGO_MAX_AGE}"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Members and invitations --------------------------------------------------------------------------------


@role_page(Role.EMPLOYER)
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    employer = employer_get_for_member(user=request.user, slug=slug)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation, created = employer_invitation_send(
                employer=employer,
                by=request.user,
                email=form.cleaned_data["email"],
                accept_url=lambda invitation: request.build_absolute_uri(
                    reverse("employers:invitation_accept", args=[invitation.token])
                ),
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            if created:
                messages.success(request, f"Invitation sent to {invitation.email}.")
            else:
                messages.info(
                    request,
                    f"{invitation.email} is already invited (since {invitation.created_at:%d %b %Y}); "
                    "the invitation is still waiting for them.",
                )
            if _is_htmx(request):
                return _render_invitations(request, employer)
            return redirect(f"{reverse('employers:org_detail', args=[employer.slug])}#invitations")
    return _render_invitations(request, employer, invite_form=form)


@role_page(Role.EMPLOYER)
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    employer = employer_get_for_member(user=request.user, slug=slug)
    invitation = employer_invitation_get_for_member(employer=employer, pk=pk)
    try:
        employer_invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"The invitation to {invitation.email} is withdrawn; its link no longer works."
        )
    if _is_htmx(request):
        return _render_invitations(request, employer)
    return redirect(f"{reverse('employers:org_detail', args=[employer.slug])}#invitations")


@role_page(Role.EMPLOYER)
@require_POST
def member_remove(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    employer, membership = _organisation_and_member(request, slug=slug, user_id=user_id)
    if membership is None:
        messages.info(request, "That person is no longer a member.")
        return redirect("employers:org_detail", slug=employer.slug)
    try:
        employer_member_remove(employer=employer, user=membership.user, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message_of(error))
        return redirect("employers:org_detail", slug=employer.slug)
    if membership.user_id == request.user.pk:
        messages.success(request, f"You have left {employer.name}.")
        return redirect("employers:dashboard")
    messages.success(request, f"{membership.user.get_full_name()} is no longer a member of {employer.name}.")
    return redirect("employers:org_detail", slug=employer.slug)


@role_page(Role.EMPLOYER)
@require_POST
def member_make_owner(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    employer, membership = _organisation_and_member(request, slug=slug, user_id=user_id)
    if membership is None:
        messages.info(request, "That person is no longer a member.")
        return redirect("employers:org_detail", slug=employer.slug)
    try:
        employer_member_make_owner(employer=employer, user=membership.user, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message_of(error))
    else:
        messages.success(request, f"{membership.user.get_full_name()} is now an owner of {employer.name}.")
    return redirect("employers:org_detail", slug=employer.slug)


def _organisation_and_member(
    request: HttpRequest, *, slug: str, user_id: int
) -> tuple[Employer, EmployerMember | None]:
    """The acting member's organisation (404 to outsiders) and its member `user_id`, if still one."""
    employer = employer_get_for_member(user=request.user, slug=slug)
    return employer, employer_member_list(employer=employer).filter(user_id=user_id).first()


def _message_of(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def _problem_of(error: ValidationError | PermissionDenied) -> dict:
    code = getattr(error, "code", None) if isinstance(error, ValidationError) else "wrong_address"
    return {"code": code, "message": _message_of(error)}


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """Join an organisation from the emailed link. GET only shows what accepting does (mail scanners
    follow links); the POST accepts. A problem is explained before the click when it can be."""
    invitation = employer_invitation_get_by_token(token=token)
    employer = invitation.employer
    if request.method == "POST":
        try:
            employer_invitation_accept(token=token, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            problem = _problem_of(error)
        else:
            messages.success(request, f"Welcome to {employer.name}: you are now a member.")
            return redirect("employers:org_detail", slug=employer.slug)
    else:
        if employer_member_role(employer=employer, user=request.user) is not None:
            messages.info(request, f"You are already a member of {employer.name}.")
            return redirect("employers:org_detail", slug=employer.slug)
        try:
            employer_invitation_check(invitation=invitation, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            problem = _problem_of(error)
        else:
            problem = None
    return render(
        request,
        "employers/invitation_accept.html",
        {"invitation": invitation, "employer": employer, "problem": problem},
    )
