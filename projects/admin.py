"""Postings, the skills taxonomy, saved projects and reports in the scoped admin.

Status and the counters move only through the project services, so they are read-only here.
"""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.db.models import OuterRef, QuerySet

from accounts.models import User
from applications.models import Application
from projects.models import Project, Report, SavedProject, Skill
from projects.selectors import projects_visible_to_university, saved_projects_for_university
from universities.admin_scoping import CareerOfficeScopedAdmin, count_of
from universities.models import University


@admin.register(Skill)
class SkillAdmin(CareerOfficeScopedAdmin):
    list_display = ["name", "slug", "category", "synonym_list"]
    list_filter = ["category"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        # The taxonomy is shared by everybody; nothing in it belongs to one university.
        return Skill.objects.all()

    @admin.display(description="Synonyms")
    def synonym_list(self, obj: Skill) -> str:
        return ", ".join(obj.synonyms)


@admin.register(Project)
class ProjectAdmin(CareerOfficeScopedAdmin):
    list_display = [
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
    ]
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


@admin.register(SavedProject)
class SavedProjectAdmin(CareerOfficeScopedAdmin):
    list_display = ["student", "project", "created_at"]
    list_select_related = ["student__user", "project"]
    search_fields = ["student__user__email", "project__title"]
    autocomplete_fields = ["student", "project"]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return saved_projects_for_university(university=university)


@admin.register(Report)
class ReportAdmin(CareerOfficeScopedAdmin):
    """Reports of suspicious postings are for site staff; career offices do not see them."""

    list_display = ["project", "reporter", "reason", "status", "created_at", "resolved_at"]
    list_select_related = ["project", "reporter"]
    list_filter = ["status", "reason"]
    search_fields = ["project__title", "reporter__email", "details"]
    readonly_fields = ["project", "reporter", "reason", "details", "resolved_by", "resolved_at", "created_at"]
