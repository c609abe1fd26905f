"""Credentials in the admin: site admins see all, career staff those of their university's students; both
revoke one from its page ("Revoke…", with a reason), through `credential_revoke`."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from accounts.models import Role, User
from credentials.models import Credential
from credentials.permissions import may_revoke
from credentials.services import REASON_MAX_LENGTH, credential_revoke
from universities.admin_scoping import CareerOfficeScopedAdmin
from universities.models import University


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The student is told, with this reason. Revoking cannot be undone.",
    )


@admin.register(Credential)
class CredentialAdmin(CareerOfficeScopedAdmin):
    """Read-only apart from revoking: a signed credential never changes. Career staff need no model
    permission here: being staff of the student's university is the permission (`may_revoke`)."""

    list_display = ["__str__", "student", "employer_name", "issued_at", "revoked_at"]
    list_select_related = ["student__user", "engagement__employer"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["student__user__email", "engagement__project__title", "engagement__employer__name"]
    readonly_fields = [
        "public_id",
        "student",
        "engagement",
        "kid",
        "issued_at",
        "revoked_at",
        "revoked_by",
        "revocation_reason",
        "document",
    ]
    fields = readonly_fields
    actions = None

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return Credential.objects.filter(student__university=university)

    @admin.display(description="Employer")
    def employer_name(self, obj: Credential) -> str:
        return obj.engagement.employer.name

    def has_module_permission(self, request: HttpRequest) -> bool:
        """Site admins and career staff; a career-staff account without a university sees an empty list."""
        user = request.user
        return user.is_active and user.is_staff and (user.is_superuser or user.role == Role.CAREER_STAFF)

    def has_view_permission(self, request: HttpRequest, obj: Credential | None = None) -> bool:
        return self.has_module_permission(request) and self.is_in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Credential | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Credential | None = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        revoke = path(
            "<int:pk>/revoke/",
            self.admin_site.admin_view(self.revoke_view),
            name="credentials_credential_revoke",
        )
        return [revoke, *super().get_urls()]

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "revoke_url": reverse("admin:credentials_credential_revoke", args=[object_id]),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def revoke_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        credential = self.get_queryset(request).filter(pk=pk).select_related("student").first()
        if credential is None or not may_revoke(user=request.user, credential=credential):
            raise PermissionDenied
        form = RevokeForm(request.POST or None)
        if request.method == "POST" and form.is_valid() and not credential.is_revoked:
            try:
                credential_revoke(credential=credential, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                form.add_error("reason", error.messages)
            else:
                self.message_user(request, f"Revoked “{credential}”; the student was told.", messages.SUCCESS)
                return redirect(reverse("admin:credentials_credential_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Revoke “{credential}”",
            "credential": credential,
            "form": form,
        }
        return TemplateResponse(
            request, "admin/credentials/credential/revoke.html", context, status=400 if form.errors else 200
        )
