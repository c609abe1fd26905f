"""The career office confirms its faculty here, scoped to its university as students are
(`universities.admin_scoping`); site staff see every university."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import User
from courses.models import Course, FacultyProfile
from courses.services import faculty_confirm
from universities.admin_scoping import CareerOfficeScopedAdmin
from universities.models import University


class ConfirmedFilter(admin.SimpleListFilter):
    title = "confirmation"
    parameter_name = "confirmed"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("no", "Waiting"), ("yes", "Confirmed")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "no":
            return queryset.filter(confirmed_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(confirmed_at__isnull=False)
        return queryset


@admin.register(FacultyProfile)
class FacultyProfileAdmin(CareerOfficeScopedAdmin):
    list_display = ["email", "full_name", "department", "university", "confirmed_at", "created_at"]
    list_filter = [ConfirmedFilter]
    search_fields = ["user__email", "user__full_name", "department"]
    list_select_related = ["user", "university"]
    own_university_columns = ("university",)
    fields = ["user", "university", "department", "confirmed_at", "confirmed_by", "created_at"]
    readonly_fields = ["user", "university", "confirmed_at", "confirmed_by", "created_at"]
    actions = ["export_as_csv", "confirm_faculty"]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return FacultyProfile.objects.filter(university=university)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # a faculty profile comes from the faculty member's own sign-up

    @admin.display(ordering="user__email", description="email")
    def email(self, obj: FacultyProfile) -> str:
        return obj.user.email

    @admin.display(ordering="user__full_name", description="name")
    def full_name(self, obj: FacultyProfile) -> str:
        return obj.user.full_name

    @admin.action(description="Confirm the selected faculty", permissions=["change"])
    def confirm_faculty(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.run_service_action(
            request,
            queryset,
            service=lambda profile: faculty_confirm(profile=profile, by=request.user),
            is_done=lambda profile: profile.confirmed_at is not None,
            verb="confirmed",
        )


@admin.register(Course)
class CourseAdmin(CareerOfficeScopedAdmin):
    list_display = ["code", "title", "term_start", "term_end", "credits", "university"]
    search_fields = ["code", "title"]
    list_select_related = ["university"]
    own_university_columns = ("university",)
    readonly_fields = ["join_code", "created_by"]
    exclude = ["instructors", "skills"]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return Course.objects.filter(university=university)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # faculty create their courses on the site


# The LMS registrations (LTI 1.3) and the links launches leave: their own module.
import courses.admin_lti  # noqa: E402, F401
