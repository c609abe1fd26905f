"""Student profiles in the career office's scoped admin; verification happens through the actions.

It lives here, above students, because its list counts each student's applications and completed
engagements (imported by engagements/admin.py, so the admin autodiscovery registers it)."""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.db.models import OuterRef, QuerySet
from django.http import HttpRequest

from accounts.models import User
from applications.models import Application
from engagements.models import Engagement, EngagementStatus
from marketplace.admin_files import PrivateFileAdminMixin
from students.downloads import resume_file_response
from students.models import StudentProfile
from students.selectors import students_for_university
from students.services import student_unverify, student_verify
from universities.admin_scoping import CareerOfficeScopedAdmin, count_of
from universities.models import University


class VerifiedFilter(admin.SimpleListFilter):
    title = "verified"
    parameter_name = "verified"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", "Verified"), ("no", "Not verified")]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.filter(verified_at__isnull=False, university__isnull=False)
        if self.value() == "no":
            return queryset.exclude(verified_at__isnull=False, university__isnull=False)
        return queryset


@admin.register(StudentProfile)
class StudentProfileAdmin(PrivateFileAdminMixin, CareerOfficeScopedAdmin):
    list_display = [
        "email",
        "full_name",
        "university",
        "is_verified",
        "major",
        "graduation_year",
        "weekly_hours_available",
        "application_count",
        "completed_count",
    ]
    own_university_columns = ("university",)
    export_columns = (
        "email",
        "full_name",
        "university",
        "is_verified",
        "verified_at",
        "major",
        "graduation_year",
        "weekly_hours_available",
        "application_count",
        "completed_count",
    )
    list_select_related = ["user", "university"]
    list_filter = [VerifiedFilter, ("university", RelatedOnlyFieldListFilter), "graduation_year"]
    search_fields = ["user__email", "user__full_name", "major"]
    actions = ["export_as_csv", "verify_students", "unverify_students"]
    autocomplete_fields = ["skills"]
    fields = [
        "user",
        "university",
        "verified_at",
        "verified_by",
        "major",
        "graduation_year",
        "skills",
        "interests",
        "weekly_hours_available",
        "time_zone",
        "bio",
        "links",
        "resume_file",
        "portfolio_public",
        "created_at",
    ]
    # The office keeps its own records right; the rest of the profile is the student's to write.
    career_office_editable = ["major", "graduation_year"]
    # The résumé is the student's upload (checked as a PDF there): the admin shows it, it never replaces it.
    private_files = {"resume": resume_file_response}

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return students_for_university(university=university)

    def get_readonly_fields(self, request: HttpRequest, obj: StudentProfile | None = None) -> list[str]:
        if request.user.is_superuser:
            return ["verified_at", "verified_by", "resume_file", "created_at"] + (["user"] if obj else [])
        return [name for name in self.fields if name not in self.career_office_editable]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                num_applications=count_of(
                    Application.objects.filter(student=OuterRef("pk")), outer="student"
                ),
                num_completed=count_of(
                    Engagement.objects.filter(student=OuterRef("pk"), status=EngagementStatus.COMPLETED),
                    outer="student",
                ),
            )
        )

    @admin.display(description="Résumé")
    def resume_file(self, obj: StudentProfile | None) -> str:
        return self.private_file_link(obj, "resume")

    @admin.display(description="Email", ordering="user__email")
    def email(self, obj: StudentProfile) -> str:
        return obj.user.email

    @admin.display(description="Name", ordering="user__full_name")
    def full_name(self, obj: StudentProfile) -> str:
        return obj.user.full_name

    @admin.display(description="Verified", boolean=True)
    def is_verified(self, obj: StudentProfile) -> bool:
        return obj.is_verified

    @admin.display(description="Applications", ordering="num_applications")
    def application_count(self, obj: StudentProfile) -> int:
        return obj.num_applications

    @admin.display(description="Completed projects", ordering="num_completed")
    def completed_count(self, obj: StudentProfile) -> int:
        return obj.num_completed

    @admin.action(description="Verify the selected students", permissions=["change"])
    def verify_students(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.run_service_action(
            request,
            queryset,
            service=lambda profile: student_verify(profile=profile, by=request.user),
            is_done=lambda profile: profile.verified_at is not None,
            verb="verified",
        )

    @admin.action(description="Withdraw verification of the selected students", permissions=["change"])
    def unverify_students(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.run_service_action(
            request,
            queryset,
            service=lambda profile: student_unverify(profile=profile, by=request.user),
            is_done=lambda profile: profile.verified_at is None,
            verb="unverified",
        )
