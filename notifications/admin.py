"""Notifications in the admin, for site staff only: they are private to each user, so career-office staff
(who use the admin too) never see them. Notices are written by notify() alone, so they are read-only here;
a preference may be corrected on a user's behalf."""

from django.contrib import admin
from django.http import HttpRequest

from notifications.models import Notification, NotificationPreference


def _is_site_staff(request: HttpRequest) -> bool:
    return request.user.is_active and request.user.is_superuser


class SiteStaffOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_site_staff(request)

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _is_site_staff(request)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _is_site_staff(request)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _is_site_staff(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(SiteStaffOnlyAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at", "email_state", "emailed_at"]
    list_filter = ["kind", "email_state", ("read_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["title", "key", "user__email"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "public_id", "user", "kind", "key", "title", "body", "url",
        "created_at", "read_at", "email_state", "emailed_at", "email_lease_until",
    ]  # fmt: skip
    show_full_result_count = False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(SiteStaffOnlyAdmin):
    list_display = ["user", "kind", "delivery"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "kind"]
    fields = ["user", "kind", "delivery"]
