"""An organisation's public page in the API: who it is, its open projects and how it treats students in
figures.

The public page is public on the site (anyone, signed in or not, may read it), so its endpoint is too; the
open projects it lists follow the viewer's visibility rules exactly as the page does
(`employer_open_projects_for_viewer`). Mounted under /api/v1/ by marketplace/api_urls.py.
"""

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from employers.api import TAG, LogoUrlField
from engagements.selectors_employer import EmployerPublicPage, employer_public_page
from marketplace.api.serializers import PageUrlField, error_responses
from projects.api import SkillRefSerializer
from projects.models import Project


class RatingSerializer(serializers.Serializer):
    average = serializers.FloatField(
        allow_null=True, help_text="1 to 5, from students' reviews no longer blind; null without any."
    )
    count = serializers.IntegerField()


class AnswerTimeSerializer(serializers.Serializer):
    median_hours = serializers.FloatField(
        allow_null=True, help_text="From an application to the first decision on it; null without any."
    )
    words = serializers.CharField(help_text="The median as the page says it, e.g. “3 days”; empty without.")
    answered = serializers.IntegerField(help_text="How many applications the median is measured over.")
    period_days = serializers.IntegerField(help_text="Over the applications of this many past days.")


class PaymentRecordSerializer(serializers.Serializer):
    due = serializers.IntegerField(help_text="Payments that have come due (or were paid already).")
    on_time = serializers.IntegerField()
    on_time_percent = serializers.IntegerField(
        source="rate", allow_null=True, help_text="Null when none has come due."
    )


class PublicProjectSerializer(serializers.ModelSerializer):
    required_skills = SkillRefSerializer(many=True, read_only=True)
    url = PageUrlField("projects:detail", help_text="The project's page (for students).")

    class Meta:
        model = Project
        fields = [
            "public_id",
            "title",
            "summary",
            "required_skills",
            "estimated_hours",
            "fee",
            "currency",
            "location_type",
            "application_deadline",
            "url",
        ]
        read_only_fields = fields


@extend_schema_field(AnswerTimeSerializer)
class AnswerTimeField(serializers.Field):
    """The median answer time in hours and in the page's words, over the applications of the period."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, page: EmployerPublicPage) -> dict[str, Any]:
        median = page.answer_time.median
        return AnswerTimeSerializer(
            {
                "median_hours": median.total_seconds() / 3600 if median is not None else None,
                "words": page.answer_time_words,
                "answered": page.answer_time.answered,
                "period_days": page.answer_period_days,
            }
        ).data


class EmployerPublicSerializer(serializers.Serializer):
    """The public page's data. `open_projects` lists the first few open projects the viewer may see
    (students: by the visibility rules; everyone else: public ones), the soonest deadline first."""

    name = serializers.CharField(source="employer.name", read_only=True)
    slug = serializers.SlugField(source="employer.slug", read_only=True)
    description = serializers.CharField(source="employer.description", read_only=True)
    website = serializers.CharField(
        source="employer.website", read_only=True, help_text="A web address, or empty."
    )
    is_verified = serializers.BooleanField(
        source="employer.is_verified", read_only=True, help_text="Checked by site staff."
    )
    logo_url = LogoUrlField(source="employer")
    url = PageUrlField("employers:public", kwarg="slug", source="employer")
    rating = RatingSerializer(read_only=True)
    answer_time = AnswerTimeField()
    payments = PaymentRecordSerializer(read_only=True)
    open_projects = PublicProjectSerializer(source="projects", many=True, read_only=True)
    more_projects = serializers.BooleanField(read_only=True, help_text="More open projects than listed.")


class EmployerPublicView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="employers_retrieve",
        tags=[TAG],
        summary="An organisation's public page",
        description="Public, like the page: no sign-in needed.",
        responses={200: EmployerPublicSerializer, **error_responses(404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        page = employer_public_page(slug=slug, viewer=request.user, now=timezone.now())
        return Response(EmployerPublicSerializer(page, context={"request": request}).data)


urlpatterns = [
    path("employers/<slug:slug>/", EmployerPublicView.as_view(), name="api-employer-public"),
]
