"""The career office's invitations in the admin: lists scoped to the staff member's university with each
invitation's progress, and the upload → preview → confirm flow (and, for businesses, one invitation at a
time). The views are thin: the services check the rows, make the invitations and queue the emails.

Uploads are held on the server (`InvitationImport`) between the preview and the confirmation; the
confirmation names the upload only, and the upload is looked up within the staff member's university.
"""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from accounts.models import User
from invitations.forms import BusinessInviteForm, InvitationUploadForm
from invitations.models import BusinessInvitation, ImportKind, StudentInvitation
from invitations.selectors import (
    business_invitation_progress,
    business_invitations_for_university,
    business_invitations_with_progress,
    invitation_import_get_for_staff,
    student_invitation_progress,
    student_invitations_for_university,
    student_invitations_with_progress,
)
from invitations.services import (
    business_invite,
    invitation_revoke,
    invitation_upload_confirm,
    invitation_upload_stage,
)
from universities.admin_scoping import CareerOfficeScopedAdmin
from universities.models import University


class StageFilter(admin.SimpleListFilter):
    title = "stage"
    parameter_name = "stage"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [
            ("unsent", "Not sent yet"),
            ("unanswered", "Sent, unanswered"),
            ("signed_up", "Signed up"),
            ("withdrawn", "Withdrawn"),
            ("refused", "Address refused by the mail server"),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        live = {"revoked_at__isnull": True}
        return {
            "unsent": lambda: queryset.filter(sent_at__isnull=True, refused_at__isnull=True, **live),
            "unanswered": lambda: queryset.filter(sent_at__isnull=False, signed_up_at__isnull=True, **live),
            "signed_up": lambda: queryset.filter(signed_up_at__isnull=False),
            "withdrawn": lambda: queryset.filter(revoked_at__isnull=False),
            "refused": lambda: queryset.filter(refused_at__isnull=False),
        }.get(self.value(), lambda: queryset)()


class InvitationAdmin(CareerOfficeScopedAdmin):
    """What both invitation lists share: read-only rows, the upload views, the withdraw action."""

    kind: ImportKind
    change_list_template = "invitations/admin/change_list.html"
    actions = ["export_as_csv", "withdraw"]
    list_filter = (StageFilter,)
    date_hierarchy = "created_at"
    ordering = ("-created_at",)

    # The token is the invitee's key to a verified account: it travels only in the email, never on a page.
    exclude = ("token",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields if field.name != "token"]

    # --- Progress columns (annotated in get_queryset: no query per row) -----------------------------------

    @admin.display(description="Sent", boolean=True, ordering="sent_at")
    def sent(self, obj: Any) -> bool:
        return obj.sent_at is not None

    @admin.display(description="Signed up", boolean=True, ordering="signed_up_at")
    def signed_up(self, obj: Any) -> bool:
        return obj.signed_up_at is not None

    @admin.display(description="Withdrawn", boolean=True, ordering="revoked_at")
    def withdrawn(self, obj: Any) -> bool:
        return obj.revoked_at is not None

    # --- Who may upload, and for which university ----------------------------------------------------------

    def has_upload_permission(self, request: HttpRequest) -> bool:
        opts = self.model._meta
        if not request.user.has_perm(f"{opts.app_label}.add_{opts.model_name}"):
            return False
        return request.user.is_superuser or self.career_university(request) is not None

    def _require_upload_permission(self, request: HttpRequest) -> None:
        if not self.has_upload_permission(request):
            raise PermissionDenied("Only the career office may invite people.")

    def _asks_university(self, request: HttpRequest) -> bool:
        return request.user.is_superuser and self.career_university(request) is None

    def _university(self, request: HttpRequest, form: Any) -> University:
        return (
            form.cleaned_data["university"]
            if "university" in form.fields
            else self.career_university(request)
        )

    def _context(self, request: HttpRequest, **extra: Any) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def _changelist_url(self) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    # --- Views --------------------------------------------------------------------------------------------

    def get_urls(self) -> list:
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name=f"{prefix}_upload"),
            path("upload/<int:upload_id>/", wrap(self.preview_view), name=f"{prefix}_upload_preview"),
            *super().get_urls(),
        ]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        university = self.career_university(request)
        extra = {
            "can_upload": self.has_upload_permission(request),
            "upload_url": reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_upload"),
            "progress": self.progress(university) if university is not None else None,
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context=extra)

    def progress(self, university: University) -> list[tuple[str, int]]:
        raise NotImplementedError

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        self._require_upload_permission(request)
        asks = self._asks_university(request)
        if request.method == "POST":
            form = InvitationUploadForm(request.POST, request.FILES, ask_university=asks)
            if form.is_valid():
                try:
                    upload = invitation_upload_stage(
                        university=self._university(request, form),
                        by=request.user,
                        kind=self.kind,
                        upload=form.cleaned_data["file"],
                    )
                except ValidationError as error:
                    form.add_error("file", error)
                else:
                    opts = self.model._meta
                    return HttpResponseRedirect(
                        reverse(f"admin:{opts.app_label}_{opts.model_name}_upload_preview", args=[upload.pk])
                    )
        else:
            form = InvitationUploadForm(ask_university=asks)
        return TemplateResponse(
            request,
            "invitations/admin/upload.html",
            self._context(request, title=f"Upload a CSV: {ImportKind(self.kind).label.lower()}", form=form,
                          kind=self.kind, changelist_url=self._changelist_url()),
        )  # fmt: skip

    def preview_view(self, request: HttpRequest, upload_id: int) -> HttpResponse:
        self._require_upload_permission(request)
        university = None if request.user.is_superuser else self.career_university(request)
        upload = invitation_import_get_for_staff(university=university, pk=upload_id, kind=self.kind)
        if request.method == "POST":
            if upload.confirmed_at is not None:
                self.message_user(request, "This upload was already confirmed: nobody was invited twice.",
                                  messages.INFO)  # fmt: skip
                return HttpResponseRedirect(self._changelist_url())
            try:
                confirmed = invitation_upload_confirm(upload=upload, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, " ".join(getattr(error, "messages", [str(error)])), messages.ERROR)
            else:
                count = confirmed.invited_count
                self.message_user(
                    request,
                    f"{count} invitation{'s' if count != 1 else ''} confirmed; the emails are on their way.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._changelist_url())
        rows = upload.rows
        ok = sum(1 for row in rows if not row["problem"])
        return TemplateResponse(
            request,
            "invitations/admin/preview.html",
            self._context(request, title=f"Check “{upload.file_name}” before sending", upload=upload,
                          rows=rows,
                          ok_count=ok, refused_count=len(rows) - ok, kind=self.kind,
                          changelist_url=self._changelist_url(),
                          upload_url=reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_upload")),
        )  # fmt: skip

    # --- Actions ------------------------------------------------------------------------------------------

    @admin.action(description="Withdraw the selected invitations", permissions=["change"])
    def withdraw(self, request: HttpRequest, queryset: QuerySet) -> None:
        by: User = request.user
        self.run_service_action(
            request,
            queryset,
            service=lambda invitation: invitation_revoke(invitation=invitation, by=by),
            is_done=lambda invitation: invitation.revoked_at is not None,
            verb="withdrawn",
        )


@admin.register(StudentInvitation)
class StudentInvitationAdmin(InvitationAdmin):
    kind = ImportKind.STUDENTS
    list_display = ("email", "full_name", "major", "graduation_year", "created_at", "sent", "signed_up",
                    "verified", "applied", "withdrawn")  # fmt: skip
    search_fields = ("email", "full_name", "major")

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return student_invitations_for_university(university=university)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return student_invitations_with_progress(super().get_queryset(request))

    @admin.display(description="Verified", boolean=True, ordering="is_verified")
    def verified(self, obj: StudentInvitation) -> bool:
        return bool(getattr(obj, "is_verified", False)) and obj.signed_up_at is not None

    @admin.display(description="Applied", boolean=True, ordering="has_applied")
    def applied(self, obj: StudentInvitation) -> bool:
        return bool(getattr(obj, "has_applied", False)) and obj.signed_up_at is not None

    def progress(self, university: University) -> list[tuple[str, int]]:
        figures = student_invitation_progress(university=university)
        return [("Invited", figures.invited), ("Signed up", figures.signed_up),
                ("Verified", figures.verified), ("Applied", figures.applied)]  # fmt: skip


@admin.register(BusinessInvitation)
class BusinessInvitationAdmin(InvitationAdmin):
    kind = ImportKind.BUSINESSES
    list_display = ("organisation_name", "email", "contact_name", "created_at", "sent", "reminded",
                    "signed_up", "posted", "hired", "withdrawn")  # fmt: skip
    search_fields = ("email", "organisation_name", "contact_name")

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return business_invitations_for_university(university=university)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return business_invitations_with_progress(super().get_queryset(request))

    @admin.display(description="Reminded", boolean=True, ordering="reminded_at")
    def reminded(self, obj: BusinessInvitation) -> bool:
        return obj.reminded_at is not None

    @admin.display(description="First project posted", boolean=True, ordering="has_posted")
    def posted(self, obj: BusinessInvitation) -> bool:
        return bool(getattr(obj, "has_posted", False)) and obj.employer_id is not None

    @admin.display(description="First student hired", boolean=True, ordering="has_hired")
    def hired(self, obj: BusinessInvitation) -> bool:
        return bool(getattr(obj, "has_hired", False)) and obj.employer_id is not None

    def progress(self, university: University) -> list[tuple[str, int]]:
        figures = business_invitation_progress(university=university)
        return [("Sent", figures.sent), ("Signed up", figures.signed_up),
                ("First project posted", figures.posted), ("First student hired", figures.hired)]  # fmt: skip

    def get_urls(self) -> list:
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}_invite"
        return [path("invite/", self.admin_site.admin_view(self.invite_view), name=name), *super().get_urls()]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        invite_url = reverse(f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_invite")
        return super().changelist_view(
            request, extra_context={"invite_url": invite_url, **(extra_context or {})}
        )

    def invite_view(self, request: HttpRequest) -> HttpResponse:
        self._require_upload_permission(request)
        asks = self._asks_university(request)
        form = BusinessInviteForm(request.POST or None, ask_university=asks)
        if request.method == "POST" and form.is_valid():
            try:
                invitation = business_invite(
                    university=self._university(request, form),
                    by=request.user,
                    email=form.cleaned_data["email"],
                    organisation_name=form.cleaned_data["organisation_name"],
                    contact_name=form.cleaned_data["contact_name"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    f"{invitation.organisation_name} invited at {invitation.email} "
                    f"({timezone.localtime(invitation.created_at):%d %b %Y %H:%M}); the email is on its way.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._changelist_url())
        return TemplateResponse(
            request,
            "invitations/admin/invite.html",
            self._context(request, title="Invite a local business", form=form,
                          changelist_url=self._changelist_url()),
        )  # fmt: skip
