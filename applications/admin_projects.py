"""Postings in the scoped admin, with their applications counted (imported by applications/admin.py).

Status and the counters move only through the project services, so they are read-only here.
"""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.db.models import OuterRef, QuerySet

from accounts.models import User
from applications.models import Application
from projects.models import Project
from projects.selectors import projects_visible_to_university
from universities.admin_scoping import CareerOfficeScopedAdmin, count_of, money
from universities.models import University


@admin.register(Project)
class ProjectAdmin(CareerOfficeScopedAdmin):
    list_display = [
        "title",
        "employer",
        "status",
        "visibility",
        "fee_with_currency",
        "estimated_hours",
        "filled",
        "application_count",
        "application_deadline",
    ]
    # The list fits 1280 px; the spreadsheet keeps a column per figure.
    export_columns = (
        "title",
        "employer",
        "status",
        "visibility",
        "fee",
        "currency",
        "estimated_hours",
        "openings",
        "accepted_count",
        "application_count",
        "application_deadline",
        "published_at",
    )
    list_select_related = ["employer"]
    list_filter = ["status", "visibility", "location_type", "field", ("employer", RelatedOnlyFieldListFilter)]
    search_fields = ["title", "summary", "employer__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["employer", "required_skills", "nice_to_have_skills"]
    readonly_fields = [
        "status",
        "accepted_count",
        "published_at",
        "closed_at",
        "close_reason",
        "completed_at",
        "cancelled_at",
        "created_by",
        "created_at",
    ]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return projects_visible_to_university(university=university)

    def get_queryset(self, request) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                num_applications=count_of(Application.objects.filter(project=OuterRef("pk")), outer="project")
            )
        )

    @admin.display(description="Applications", ordering="num_applications")
    def application_count(self, obj: Project) -> int:
        return obj.num_applications

    @admin.display(description="Fee", ordering="fee")
    def fee_with_currency(self, obj: Project) -> str:
        return money(obj.fee, obj.currency)

    @admin.display(description="Filled")
    def filled(self, obj: Project) -> str:
        """Accepted students out of the openings: "1 of 2"."""
        return f"{obj.accepted_count} of {obj.openings}"
