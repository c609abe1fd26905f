"""Universities, their career staff and partnerships, in the career office's scoped admin."""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.db.models import Count, OuterRef, QuerySet
from django.http import HttpRequest

from accounts.models import Role, User

# `admin_users` registers the accounts' admin (users, scoped to the career office) and the audit trail's: they
# need this app's career-office scoping, so they are registered from here (autodiscovery loads `admin`).
from universities import admin_users, selectors  # noqa: F401
from universities.admin_scoping import CareerOfficeScopedAdmin, count_of
from universities.models import (
    CareerStaffMembership,
    Partnership,
    PartnershipStatus,
    University,
    UniversityDomain,
)
from universities.services import (
    career_staff_add,
    partnership_approve,
    partnership_decline,
    partnership_end,
)


@admin.register(University)
class UniversityAdmin(CareerOfficeScopedAdmin):
    list_display = ["name", "slug", "country", "domain_list", "student_count", "staff_count", "created_at"]
    search_fields = ["name", "slug", "domains__domain"]
    list_filter = ["country"]
    prepopulated_fields = {"slug": ["name"]}

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return selectors.universities_for_staff_view(university=university)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                # The students' app is above this one: counted through the reverse relation of its FK.
                num_students=Count("students", distinct=True),
                num_staff=count_of(
                    CareerStaffMembership.objects.filter(university=OuterRef("pk")), outer="university"
                ),
            )
            .prefetch_related("domains")
        )

    @admin.display(description="Email domains")
    def domain_list(self, obj: University) -> str:
        return ", ".join(domain.domain for domain in obj.domains.all())

    @admin.display(description="Students", ordering="num_students")
    def student_count(self, obj: University) -> int:
        return obj.num_students

    @admin.display(description="Career staff", ordering="num_staff")
    def staff_count(self, obj: University) -> int:
        return obj.num_staff


@admin.register(UniversityDomain)
class UniversityDomainAdmin(CareerOfficeScopedAdmin):
    list_display = ["domain", "university"]
    list_select_related = ["university"]
    list_filter = [("university", RelatedOnlyFieldListFilter)]
    search_fields = ["domain", "university__name"]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return selectors.domains_for_university(university=university)


@admin.register(CareerStaffMembership)
class CareerStaffMembershipAdmin(CareerOfficeScopedAdmin):
    """Adding a membership here goes through `career_staff_add` (admin access and the group come with it)."""

    list_display = ["user", "user_name", "university", "created_at"]
    list_select_related = ["user", "university"]
    list_filter = [("university", RelatedOnlyFieldListFilter)]
    search_fields = ["user__email", "user__full_name", "university__name"]
    fields = ["user", "university"]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return selectors.staff_for_university(university=university)

    def get_readonly_fields(
        self, request: HttpRequest, obj: CareerStaffMembership | None = None
    ) -> list[str]:
        return ["user", "university"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "user" and request.user.is_superuser:
            kwargs["queryset"] = User.objects.filter(role=Role.CAREER_STAFF, career_staff__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: CareerStaffMembership, form, change: bool) -> None:
        if change:
            return
        membership = career_staff_add(user=obj.user, university=obj.university)
        obj.pk = membership.pk
        obj.created_at = membership.created_at
        obj.updated_at = membership.updated_at

    @admin.display(description="Name", ordering="user__full_name")
    def user_name(self, obj: CareerStaffMembership) -> str:
        return obj.user.full_name


@admin.register(Partnership)
class PartnershipAdmin(CareerOfficeScopedAdmin):
    """Partnerships change state only through the actions, which call the services."""

    list_display = [
        "employer",
        "university",
        "status",
        "requested_by_side",
        "requested_by",
        "created_at",
        "decided_at",
        "ended_at",
    ]
    list_select_related = ["employer", "university", "requested_by"]
    list_filter = [
        "status",
        "requested_by_side",
        ("university", RelatedOnlyFieldListFilter),
        ("employer", RelatedOnlyFieldListFilter),
    ]
    search_fields = ["employer__name", "university__name", "message"]
    date_hierarchy = "created_at"
    actions = ["export_as_csv", "approve_partnerships", "decline_partnerships", "end_partnerships"]
    readonly_fields = [
        "status",
        "requested_by",
        "decided_by",
        "decided_at",
        "ended_by",
        "ended_at",
        "created_at",
    ]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return selectors.partnerships_for_university(university=university)

    def get_readonly_fields(self, request: HttpRequest, obj: Partnership | None = None) -> list[str]:
        if obj is None:
            return self.readonly_fields
        # Who the partnership is between, and who asked, never changes.
        return [*self.readonly_fields, "employer", "university", "requested_by_side"]

    @admin.action(description="Approve the selected partnership requests", permissions=["change"])
    def approve_partnerships(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.run_service_action(
            request,
            queryset,
            service=lambda p: partnership_approve(partnership=p, by=request.user),
            is_done=lambda p: p.status == PartnershipStatus.ACTIVE,
            verb="approved",
        )

    @admin.action(description="Decline the selected partnership requests", permissions=["change"])
    def decline_partnerships(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.run_service_action(
            request,
            queryset,
            service=lambda p: partnership_decline(partnership=p, by=request.user),
            is_done=lambda p: p.status == PartnershipStatus.DECLINED,
            verb="declined",
        )

    @admin.action(description="End the selected partnerships", permissions=["change"])
    def end_partnerships(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.run_service_action(
            request,
            queryset,
            service=lambda p: partnership_end(partnership=p, by=request.user),
            is_done=lambda p: p.status == PartnershipStatus.ENDED,
            verb="ended",
        )
