"""The universities' email domains in the admin. Registered here, not in universities/admin.py, because
adding one verifies the students already confirmed on it (`university_domain_claim`), which is this app's."""

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import User
from students.services import university_domain_claim
from universities.admin_scoping import CareerOfficeScopedAdmin
from universities.forms import UniversityDomainForm
from universities.models import University, UniversityDomain
from universities.selectors import domains_for_university


@admin.register(UniversityDomain)
class UniversityDomainAdmin(CareerOfficeScopedAdmin):
    """A domain is added, or deleted, never edited: its students were verified by it (delete it and add the
    right one to correct a typo)."""

    form = UniversityDomainForm
    list_display = ["domain", "university"]
    list_select_related = ["university"]
    list_filter = [("university", RelatedOnlyFieldListFilter)]
    search_fields = ["domain", "university__name"]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return domains_for_university(university=university)

    def get_readonly_fields(self, request: HttpRequest, obj: UniversityDomain | None = None) -> list[str]:
        return ["university", "domain"] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: UniversityDomain, form, change: bool) -> None:
        if change:
            return
        claimed = university_domain_claim(university=obj.university, domain=obj.domain)
        obj.pk = claimed.pk
