"""The admin as the career office sees it: every list, page, dropdown and export scoped to one university.

Superusers (site staff) see everything. Career staff see what `career_scope` returns for their
university, built from the `*_for_university` selectors of the app owning each model; a staff member
without a membership sees nothing. A URL typed for another university's row finds nothing, and the
object-level permission checks refuse it too, so a mistake in one layer does not open the other.
"""

import csv
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import label_for_field, lookup_field
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst

from accounts.audit import audit_record_export
from accounts.models import User
from marketplace.spreadsheets import formula_safe
from universities.models import University
from universities.selectors import university_for_staff


def csv_cell(value: Any, field: models.Field | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field is not None and field.flatchoices:
        value = dict(field.flatchoices).get(value, value)
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).isoformat(timespec="seconds")
            if timezone.is_aware(value)
            else value.isoformat()
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return formula_safe(strip_tags(str(value)))


def money(amount: Any, currency: str) -> str:
    """An amount with its currency, as one list column shows it ("480.00 EUR")."""
    return f"{amount} {currency}"


def count_of(queryset: QuerySet, outer: str = "pk") -> Coalesce:
    """A correlated COUNT(*) subquery: one number per row without joining (and multiplying) rows."""
    counted = queryset.order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class CareerOfficeScopedAdmin(admin.ModelAdmin):
    """Scopes a model's admin to the career office of the logged-in staff member.

    Subclasses say what the office may see by overriding `career_scope`; the default is nothing, so a
    model nobody thought about stays closed.
    """

    actions = ["export_as_csv"]
    list_per_page = 50
    # The CSV export's columns; empty for the list's own. A list kept narrow enough for a 1280 px screen
    # names here the fuller set of columns a spreadsheet has room for.
    export_columns: tuple[str, ...] = ()
    # Columns that only ever show the staff member's own university: hidden from career staff.
    own_university_columns: tuple[str, ...] = ()
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def career_scope(self, *, university: University, user: User) -> QuerySet | None:
        """The rows of this model the career office of `university` may see; None for none at all."""
        return None

    # --- Who is asking ---------------------------------------------------------------------------------

    @staticmethod
    def career_university(request: HttpRequest) -> University | None:
        """The staff member's university, looked up once per request (every admin on the page asks)."""
        if not hasattr(request, "_career_office_university"):
            request._career_office_university = university_for_staff(user=request.user)
        return request._career_office_university

    def scope_queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if request.user.is_superuser:
            return queryset
        university = self.career_university(request)
        scope = self.career_scope(university=university, user=request.user) if university else None
        if scope is None:
            return queryset.none()
        return queryset.filter(pk__in=scope.values("pk"))

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.scope_queryset(request, super().get_queryset(request))

    def get_list_display(self, request: HttpRequest) -> list[str]:
        columns = list(super().get_list_display(request))
        if request.user.is_superuser:
            return columns
        return [name for name in columns if name not in self.own_university_columns]

    def is_in_scope(self, request: HttpRequest, obj: models.Model | None) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        checked = request.__dict__.setdefault("_career_office_in_scope", {})
        key = (self.model._meta.label, obj.pk)
        if key not in checked:
            base = self.model._default_manager.filter(pk=obj.pk)
            checked[key] = self.scope_queryset(request, base).exists()
        return checked[key]

    # --- Permissions: the model permission and the row's scope -----------------------------------------

    def has_view_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_view_permission(request, obj) and self.is_in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self.is_in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self.is_in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        # New rows come from the site's flows and services; only site staff add rows by hand.
        return request.user.is_superuser and super().has_add_permission(request, *args)

    # --- Dropdowns: only what the related model's admin would show ---------------------------------------

    def related_queryset(self, request: HttpRequest, model: type[models.Model]) -> QuerySet | None:
        if request.user.is_superuser:
            return None
        related_admin = self.admin_site._registry.get(model)
        if isinstance(related_admin, CareerOfficeScopedAdmin):
            return related_admin.scope_queryset(request, model._default_manager.all())
        return model._default_manager.none()

    def formfield_for_foreignkey(self, db_field: models.ForeignKey, request: HttpRequest, **kwargs: Any):
        if "queryset" not in kwargs:
            queryset = self.related_queryset(request, db_field.remote_field.model)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: models.ManyToManyField, request: HttpRequest, **kwargs: Any):
        if "queryset" not in kwargs:
            queryset = self.related_queryset(request, db_field.remote_field.model)
            if queryset is not None:
                kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # --- Actions -------------------------------------------------------------------------------------------

    @admin.action(description="Export the current list as CSV", permissions=["view"])
    def export_as_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        """The selected rows (or the whole filtered list with "select all") with the list's columns, or the
        fuller `export_columns`."""
        listed = self.export_columns or self.list_display
        columns = [name for name in listed if name != "action_checkbox"]
        opts = self.model._meta
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"{opts.model_name}-{timezone.localdate().isoformat()}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        writer = csv.writer(response)
        writer.writerow(
            [capfirst(strip_tags(str(label_for_field(name, self.model, self)))) for name in columns]
        )
        exported = []
        for obj in queryset:
            row = []
            for name in columns:
                field, _attr, value = lookup_field(name, obj, self)
                row.append(csv_cell(value, field))
            writer.writerow(row)
            exported.append(obj.pk)
        noun = opts.verbose_name if len(exported) == 1 else opts.verbose_name_plural
        audit_record_export(
            by=request.user,
            model=self.model,
            object_pks=exported,
            description=f"CSV export of {len(exported)} {noun} from the admin",
        )
        return response

    def run_service_action(
        self,
        request: HttpRequest,
        queryset: QuerySet,
        *,
        service: Callable[[Any], Any],
        is_done: Callable[[Any], bool],
        verb: str,
    ) -> None:
        """Call `service` on each selected row and say how many changed and which were refused, and why."""
        changed = 0
        refused: list[str] = []
        for obj in queryset:
            was_done = is_done(obj)
            try:
                result = service(obj)
            except (ValidationError, PermissionDenied) as error:
                reason = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                refused.append(f"{obj}: {reason}")
                continue
            if not was_done and is_done(result):
                changed += 1
        opts = self.model._meta
        noun = opts.verbose_name if changed == 1 else opts.verbose_name_plural
        self.message_user(request, f"{changed} {noun} {verb}.", messages.SUCCESS)
        if refused:
            self.message_user(request, "Not changed: " + "; ".join(refused), messages.WARNING)
