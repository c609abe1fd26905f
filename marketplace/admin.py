from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from marketplace.models import ParkedTask
from marketplace.parked import parked_tasks_queue_again


@admin.register(ParkedTask)
class ParkedTaskAdmin(admin.ModelAdmin):
    """Site admins only: background work waiting to be queued again (marketplace/parked.py)."""

    list_display = ["name", "reason", "failures", "created_at", "redrive_at", "redriven_at"]
    list_filter = ["reason", "name"]
    search_fields = ["name", "last_error"]
    readonly_fields = [f.name for f in ParkedTask._meta.fields]
    actions = ["queue_again_now"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: ParkedTask | None = None) -> bool:
        return request.user.is_superuser

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ParkedTask | None = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: ParkedTask | None = None) -> bool:
        return request.user.is_superuser

    @admin.action(description="Queue again now")
    def queue_again_now(self, request: HttpRequest, queryset: QuerySet[ParkedTask]) -> None:
        count = parked_tasks_queue_again(ids=list(queryset.values_list("id", flat=True)))
        self.message_user(request, f"{count} parked tasks will be queued within a minute.", messages.SUCCESS)
