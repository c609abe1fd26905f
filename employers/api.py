"""Organisations in the API: the signed-in member's own organisations, for employer accounts (403 for other
roles). An organisation's public page has its endpoint in engagements/api/employer_public.py, beside the
figures it shows.
"""

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import EmployersOnly
from employers.models import Employer, MemberRole
from employers.selectors import employer_list_for_user
from marketplace.api.pagination import StandardPagination
from marketplace.api.serializers import PageUrlField, error_responses

TAG = "employers"


@extend_schema_field(OpenApiTypes.URI)
class LogoUrlField(serializers.Field):
    """The logo's absolute URL (anyone may fetch it), or null without one."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("source", "*")
        kwargs.update(read_only=True, allow_null=True)
        super().__init__(**kwargs)

    def to_representation(self, employer: Employer) -> str | None:
        if not employer.logo:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(employer.logo_url) if request is not None else employer.logo_url


class OrganisationSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(
        source="member_role", choices=MemberRole.choices, read_only=True, help_text="The user's role in it."
    )
    logo_url = LogoUrlField()
    url = PageUrlField("employers:org_detail", kwarg="slug")
    public_url = PageUrlField("employers:public", kwarg="slug")
    website = serializers.CharField(read_only=True, help_text="A web address, or empty.")

    class Meta:
        model = Employer
        fields = ["name", "slug", "role", "is_verified", "website", "logo_url", "url", "public_url"]
        read_only_fields = fields


class OrganisationListView(APIView):
    permission_classes = [IsAuthenticated, EmployersOnly]
    pagination_class = StandardPagination

    @extend_schema(
        operation_id="employer_organisations_list",
        tags=[TAG],
        summary="My organisations, with my role in each",
        responses={200: OrganisationSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(employer_list_for_user(user=request.user), request, view=self)
        return paginator.get_paginated_response(
            OrganisationSerializer(page, many=True, context={"request": request}).data
        )


urlpatterns = [
    path("employer/organisations/", OrganisationListView.as_view(), name="api-employer-organisation-list"),
]
