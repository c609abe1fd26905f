"""Applications in the scoped admin: a career office follows its own students' applications.

Statuses move only through the services, so they are read-only here.
"""

from django.contrib import admin
from django.db.models import QuerySet

from accounts.models import User
from applications import admin_projects  # noqa: F401  (registers the Project admin)
from applications.models import Application, ApplicationEvent
from applications.selectors import application_events_for_university, applications_for_university
from universities.admin_scoping import CareerOfficeScopedAdmin
from universities.models import University


@admin.register(Application)
class ApplicationAdmin(CareerOfficeScopedAdmin):
    list_display = [
        "student_email",
        "student_university",
        "project",
        "employer",
        "status",
        "exceeds_weekly_budget",
        "created_at",
        "decided_at",
    ]
    list_select_related = ["student__user", "student__university", "project__employer"]
    list_filter = ["status", "exceeds_weekly_budget"]
    search_fields = ["student__user__email", "student__user__full_name", "project__title"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["student", "project"]
    readonly_fields = [
        "status",
        "decided_at",
        "decided_by",
        "withdrawn_at",
        "exceeds_weekly_budget",
        "created_at",
    ]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return applications_for_university(university=university)

    @admin.display(description="Student", ordering="student__user__email")
    def student_email(self, obj: Application) -> str:
        return obj.student.user.email

    @admin.display(description="University", ordering="student__university__name")
    def student_university(self, obj: Application) -> str:
        return str(obj.student.university or "")

    @admin.display(description="Employer", ordering="project__employer__name")
    def employer(self, obj: Application) -> str:
        return obj.project.employer.name


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(CareerOfficeScopedAdmin):
    list_display = ["application", "status", "actor", "created_at"]
    list_select_related = ["application__student__user", "application__project", "actor"]
    list_filter = ["status"]
    search_fields = ["application__student__user__email", "application__project__title"]
    readonly_fields = ["application", "status", "actor", "note", "created_at"]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return application_events_for_university(university=university)
