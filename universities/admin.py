"""Universities, their career staff and partnerships, in the career office's scoped admin; the students'
requests for a university to be added, for site admins."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from accounts.models import Role, User

# `admin_users` registers the accounts' admin (users, scoped to the career office) and the audit trail's: they
# need this app's career-office scoping, so they are registered from here (autodiscovery loads `admin`).
from universities import admin_users, selectors  # noqa: F401
from universities.admin_scoping import CareerOfficeScopedAdmin, count_of
from universities.forms import AskEmployerForm
from universities.models import (
    CareerStaffMembership,
    Partnership,
    PartnershipSide,
    PartnershipStatus,
    University,
    UniversityRequest,
)
from universities.services import (
    career_staff_add,
    partnership_approve,
    partnership_decline,
    partnership_end,
    partnership_request,
    university_requests_decline,
)


class CountryFilter(admin.SimpleListFilter):
    """The countries of the universities listed, with "Not given" for a blank one (Django's own filter
    would show it as a link without a name)."""

    title = "country"
    parameter_name = "country"
    NOT_GIVEN = "-"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        listed = model_admin.scope_queryset(request, University.objects.all())
        countries = listed.order_by("country").values_list("country", flat=True).distinct()
        return [(country or self.NOT_GIVEN, country or "Not given") for country in countries]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(country="" if value == self.NOT_GIVEN else value)


@admin.register(University)
class UniversityAdmin(CareerOfficeScopedAdmin):
    list_display = ["name", "slug", "country", "domain_list", "student_count", "staff_count", "created_at"]
    search_fields = ["name", "slug", "domains__domain"]
    list_filter = [CountryFilter]
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
    """Partnerships change state only through the actions, which call the services. The career office asks
    an employer from "Ask an employer" (`ask_view`); the employer confirms on its organisation page."""

    list_display = [
        "employer",
        "university",
        "status",
        "requested_by_side",
        "awaiting",
        "requested_by",
        "created_at",
        "decided_at",
    ]
    own_university_columns = ("university",)
    export_columns = (
        "employer",
        "university",
        "status",
        "requested_by_side",
        "requested_by",
        "message",
        "created_at",
        "decided_at",
        "ended_at",
    )
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

    @admin.display(description="Waiting for")
    def awaiting(self, obj: Partnership) -> str:
        """Who answers a waiting request: the side that did not ask."""
        if obj.status != PartnershipStatus.REQUESTED:
            return "-"
        return "The employer" if obj.requested_by_side == PartnershipSide.UNIVERSITY else "The career office"

    @admin.action(description="Approve the selected employers' requests", permissions=["change"])
    def approve_partnerships(self, request: HttpRequest, queryset: QuerySet) -> None:
        self.run_service_action(
            request,
            queryset,
            service=lambda p: partnership_approve(partnership=p, by=request.user),
            is_done=lambda p: p.status == PartnershipStatus.ACTIVE,
            verb="approved",
        )

    @admin.action(description="Decline the selected employers' requests", permissions=["change"])
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

    # --- Asking an employer -------------------------------------------------------------------------------

    def get_urls(self) -> list[URLPattern]:
        opts = self.model._meta
        ask = path(
            "ask/",
            self.admin_site.admin_view(self.ask_view),
            name=f"{opts.app_label}_{opts.model_name}_ask",
        )
        return [ask, *super().get_urls()]

    def may_ask(self, request: HttpRequest) -> bool:
        """Career staff of a university and site staff; the service checks again."""
        if not self.has_change_permission(request):
            return False
        return request.user.is_superuser or self.career_university(request) is not None

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        extra_context = {**(extra_context or {}), "may_ask": self.may_ask(request)}
        return super().changelist_view(request, extra_context)

    def ask_view(self, request: HttpRequest) -> HttpResponse:
        """Ask an employer for a partnership on the university's behalf."""
        if not self.may_ask(request):
            raise PermissionDenied
        university = None if request.user.is_superuser else self.career_university(request)
        form = AskEmployerForm(request.POST or None, university=university)
        if request.method == "POST" and form.is_valid():
            employer = form.cleaned_data["employer"]
            try:
                partnership = partnership_request(
                    employer=employer,
                    university=university or form.cleaned_data["university"],
                    by=request.user,
                    side=PartnershipSide.UNIVERSITY,
                    message=form.cleaned_data["message"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(
                    None, " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
                )
            else:
                self.message_user(
                    request,
                    f"Invitation sent to {employer}. An owner of the organisation confirms or declines it; "
                    "you will be notified either way.",
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:universities_partnership_change", args=[partnership.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Ask an employer for a partnership",
            "form": form,
            "university": university,
        }
        return TemplateResponse(
            request, "admin/universities/partnership/ask.html", context, status=400 if form.errors else 200
        )


@admin.register(UniversityRequest)
class UniversityRequestAdmin(CareerOfficeScopedAdmin):
    """Students' requests for their university to be added, for site admins only (no career office scope):
    how many students wait on each email domain shows which universities to approach first. Claiming the
    domain (an email domain added to a university, `UniversityDomainAdmin` in students/admin.py) verifies
    them and marks their requests added."""

    list_display = ["name", "domain", "waiting_on_domain", "requested_by", "status", "created_at"]
    list_select_related = ["requested_by", "university"]
    list_filter = ["status"]
    search_fields = ["name", "domain", "requested_by__email"]
    ordering = ["-created_at"]
    readonly_fields = ["name", "domain", "requested_by", "status", "university", "handled_at", "created_at"]
    fields = readonly_fields
    actions = ["export_as_csv", "decline"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # students ask, through the sign-up, their profile or the API

    def has_change_permission(self, request: HttpRequest, obj: UniversityRequest | None = None) -> bool:
        # A request is read, declined (the action) or claimed (a domain added), never edited by hand.
        return obj is None and super().has_change_permission(request, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        waiting = selectors.university_requests_waiting().filter(domain=OuterRef("domain"))
        return super().get_queryset(request).annotate(num_waiting=count_of(waiting, outer="domain"))

    @admin.display(description="Waiting on this domain", ordering="num_waiting")
    def waiting_on_domain(self, obj: UniversityRequest) -> int:
        return obj.num_waiting

    @admin.action(description="Decline the selected waiting requests", permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = university_requests_decline(requests=queryset)
        self.message_user(request, f"{count} request{'s' if count != 1 else ''} declined.", messages.SUCCESS)
