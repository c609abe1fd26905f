"""The LMS registrations in the admin (site staff): PyLTI1p3's own LtiTool admin, its LtiToolKey admin made
to generate the key pair and to never show a private key again, and the links launches leave behind (an LMS
course opening the wrong course is fixed by deleting its link: the next instructor launch asks again)."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from pylti1p3.contrib.django.lti1p3_tool_config.models import LtiToolKey

from courses.lti.services import lti_tool_key_pair
from courses.models import LtiContextLink, LtiUserLink


class LtiToolKeyForm(forms.ModelForm):
    private_key = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Leave both keys empty to generate a new 2048-bit RSA key pair here, or paste a PEM pair.",
    )

    class Meta:
        model = LtiToolKey
        fields = ["name", "private_key", "public_key"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("private_key") and not data.get("public_key"):
            data["private_key"], data["public_key"] = lti_tool_key_pair()
        elif not (data.get("private_key") and data.get("public_key")):
            raise forms.ValidationError("Paste both keys of the pair, or leave both empty to generate one.")
        return data


admin.site.unregister(LtiToolKey)


@admin.register(LtiToolKey)
class LtiToolKeyAdmin(admin.ModelAdmin):
    """The private key is written once and never shown: a leaked key is replaced, not read."""

    list_display = ["id", "name"]
    search_fields = ["name"]

    def get_form(self, request: HttpRequest, obj: LtiToolKey | None = None, **kwargs: Any) -> type:
        if obj is None:
            kwargs["form"] = LtiToolKeyForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request: HttpRequest, obj: LtiToolKey | None = None) -> list[str]:
        return ["name", "private_key", "public_key"] if obj is None else ["name", "public_key", "public_jwk"]

    def get_readonly_fields(self, request: HttpRequest, obj: LtiToolKey | None = None) -> list[str]:
        return [] if obj is None else ["public_key", "public_jwk"]


@admin.register(LtiContextLink)
class LtiContextLinkAdmin(admin.ModelAdmin):
    list_display = ["context_title", "context_id", "tool", "course", "created_at"]
    search_fields = ["context_title", "context_id", "course__code", "course__title"]
    list_select_related = ["tool", "course"]
    readonly_fields = ["tool", "context_id", "context_title", "course", "memberships_url", "linked_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # an instructor's launch links an LMS course


@admin.register(LtiUserLink)
class LtiUserLinkAdmin(admin.ModelAdmin):
    list_display = ["sub", "tool", "user", "created_at"]
    search_fields = ["sub", "user__email"]
    list_select_related = ["tool", "user"]
    readonly_fields = ["tool", "sub", "user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a launch links its user
