"""Private files in the admin: shown as a link to a download the admin checks, never by URL (they have none).

Django's admin shows a file field through `.url`, which a private file refuses (marketplace.uploads), so any
row holding one would be a 500. A model admin mixes in `PrivateFileAdminMixin`, names each private file field
in `private_files` with the function that serves it (the same response the site's own download views give),
and shows `private_file_link(obj, field)` as a read-only field. The download loads the row through the
admin's own queryset and view permission, so a career office gets its own students' files and nobody else's.
"""

from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.contrib.admin.utils import quote, unquote
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html


class PrivateFileAdminMixin:
    """For a ModelAdmin (listed before it): `private_files` maps a file field to the function serving it."""

    private_files: dict[str, Callable[[Any], HttpResponseBase]] = {}

    def _private_file_url_name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_private_file"

    def get_urls(self) -> list[URLPattern]:
        download = path(
            "<path:object_id>/file/<str:field>/",
            self.admin_site.admin_view(self.private_file_view),
            name=self._private_file_url_name(),
        )
        return [download, *super().get_urls()]

    def private_file_view(self, request: HttpRequest, object_id: str, field: str) -> HttpResponseBase:
        serve = self.private_files.get(field)
        obj = self.get_object(request, unquote(object_id)) if serve else None
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404("No such file.")
        return serve(obj)

    def private_file_link(self, obj: Model | None, field: str) -> str:
        """The file's name as a link to its checked download, or a dash when there is none."""
        field_file = getattr(obj, field, None) if obj is not None else None
        if not field_file:
            return "—"
        url = reverse(f"{self.admin_site.name}:{self._private_file_url_name()}", args=[quote(obj.pk), field])
        return format_html('<a href="{}">{}</a>', url, PurePath(field_file.name).name)
