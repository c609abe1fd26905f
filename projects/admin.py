"""The skills taxonomy, saved projects and reports in the scoped admin.

Postings are in applications/admin_projects.py: their list counts applications.
"""

from django.contrib import admin
from django.db.models import QuerySet

from accounts.models import User
from projects import admin_employers  # noqa: F401  (registers the employers' admins)
from projects.models import ProjectAudienceMember, Report, SavedProject, Skill
from projects.selectors import saved_projects_for_university
from universities.admin_scoping import CareerOfficeScopedAdmin
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


@admin.register(ProjectAudienceMember)
class ProjectAudienceMemberAdmin(CareerOfficeScopedAdmin):
    """Who may see a course-only project: kept equal to the course's enrolment by the courses app, so it is
    read-only here, and for site staff (career offices follow course work in the reports)."""

    list_display = ["project", "student"]
    list_select_related = ["project", "student__user"]
    search_fields = ["project__title", "student__user__email"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
