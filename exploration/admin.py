"""Site staff only: career offices see none of these rows (`career_scope` stays closed)."""

from django.contrib import admin

from exploration.models import FutureHire, TalentInvitation
from universities.admin_scoping import CareerOfficeScopedAdmin


@admin.register(FutureHire)
class FutureHireAdmin(CareerOfficeScopedAdmin):
    list_display = ["employer", "student", "shown_on_portfolio", "created_at"]
    list_select_related = ["employer", "student__user"]
    raw_id_fields = ["employer", "student", "engagement", "marked_by"]


@admin.register(TalentInvitation)
class TalentInvitationAdmin(CareerOfficeScopedAdmin):
    list_display = ["employer", "student", "project", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["employer", "student__user", "project"]
    raw_id_fields = ["employer", "student", "project", "invited_by"]
