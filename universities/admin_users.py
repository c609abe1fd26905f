"""The accounts' admin as the career office sees it, and the audit trail's (site admins only).

Registered here rather than in accounts/: both build on the career-office scoping of this app
(universities/admin_scoping.py); universities/admin.py imports this module so the admin finds it."""

from auditlog.admin import LogEntryAdmin
from auditlog.filters import ResourceTypeFilter
from auditlog.models import LogEntry
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import User
from universities import selectors
from universities.admin_scoping import CareerOfficeScopedAdmin
from universities.models import University


class EmailUserCreationForm(UserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role")


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(CareerOfficeScopedAdmin, DjangoUserAdmin):
    """Career staff see the accounts of their university's students, and their own."""

    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "university", "is_active", "is_staff", "date_joined"]
    list_select_related = ["student_profile__university"]
    list_filter = ["role", "is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["full_name", "role"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "role", "password1", "password2"]})
    ]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return selectors.users_for_university(university=university, staff_user=user)

    @admin.display(description="University", ordering="student_profile__university__name")
    def university(self, obj: User) -> str:
        profile = getattr(obj, "student_profile", None)
        return str(profile.university) if profile is not None and profile.university else ""


# --- The audit trail (accounts/audit.py): read-only, for site admins only ---------------------------------
admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class AuditLogEntryAdmin(CareerOfficeScopedAdmin, LogEntryAdmin):
    """django-auditlog's own log view, with the admin's CSV export. Career staff never see it: it spans
    every university, so only site admins (superusers) may open it."""

    list_display = ["created", "resource_url", "action", "msg_short", "user_url", "remote_addr"]
    list_filter = ["action", ResourceTypeFilter]
    search_fields = ["object_repr", "actor__email", "actor_email"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: LogEntry | None = None) -> bool:
        return request.user.is_active and request.user.is_superuser
