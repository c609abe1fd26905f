"""Employers, members and invitations in the scoped admin.

A career office sees the employers it deals with (partners, and those whose postings its students see),
but never their internal membership or invitations. Here in projects, not employers, because the scope and the
counts read projects and universities; projects/admin.py imports it so that the admin finds it.
"""

from pathlib import PurePath

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.db.models import OuterRef, QuerySet
from django.urls import reverse
from django.utils.html import format_html

from accounts.models import User
from employers.models import Employer, EmployerInvitation, EmployerMember
from projects.models import Project
from projects.selectors import employers_for_university
from universities.admin_scoping import CareerOfficeScopedAdmin, count_of
from universities.models import Partnership, PartnershipStatus, University


@admin.register(Employer)
class EmployerAdmin(CareerOfficeScopedAdmin):
    list_display = [
        "name",
        "slug",
        "website",
        "is_verified",
        "member_count",
        "project_count",
        "partner_count",
        "created_at",
    ]
    list_filter = ["is_verified"]
    search_fields = ["name", "slug", "website"]
    prepopulated_fields = {"slug": ["name"]}
    # The logo is uploaded (and checked as an image) by the organisation's owners; the admin links to the
    # public address the site shows it at. Its file has no URL of its own (marketplace.uploads).
    exclude = ["logo"]
    readonly_fields = ["logo_link"]

    @admin.display(description="Logo")
    def logo_link(self, obj: Employer | None) -> str:
        if obj is None or not obj.logo:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("employers:logo", args=[obj.slug]), PurePath(obj.logo.name).name
        )

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return employers_for_university(university=university)

    def get_queryset(self, request) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                num_members=count_of(
                    EmployerMember.objects.filter(employer=OuterRef("pk")), outer="employer"
                ),
                num_projects=count_of(Project.objects.filter(employer=OuterRef("pk")), outer="employer"),
                num_partners=count_of(
                    Partnership.objects.filter(employer=OuterRef("pk"), status=PartnershipStatus.ACTIVE),
                    outer="employer",
                ),
            )
        )

    @admin.display(description="Members", ordering="num_members")
    def member_count(self, obj: Employer) -> int:
        return obj.num_members

    @admin.display(description="Projects", ordering="num_projects")
    def project_count(self, obj: Employer) -> int:
        return obj.num_projects

    @admin.display(description="Partner universities", ordering="num_partners")
    def partner_count(self, obj: Employer) -> int:
        return obj.num_partners


@admin.register(EmployerMember)
class EmployerMemberAdmin(CareerOfficeScopedAdmin):
    list_display = ["user", "employer", "role", "created_at"]
    list_select_related = ["user", "employer"]
    list_filter = ["role", ("employer", RelatedOnlyFieldListFilter)]
    search_fields = ["user__email", "user__full_name", "employer__name"]
    autocomplete_fields = ["user", "employer"]


@admin.register(EmployerInvitation)
class EmployerInvitationAdmin(CareerOfficeScopedAdmin):
    list_display = ["email", "employer", "invited_by", "created_at", "accepted_at", "revoked_at"]
    list_select_related = ["employer", "invited_by"]
    list_filter = [("employer", RelatedOnlyFieldListFilter)]
    search_fields = ["email", "employer__name"]
    readonly_fields = ["token", "accepted_by", "accepted_at", "created_at"]
    autocomplete_fields = ["employer"]
