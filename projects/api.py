"""The projects API for students (saved list, saving, reports) and the skills taxonomy; the search and the
project page, which need the student's applications, live in applications/api/project_search.py, and the
employers' postings in engagements/api/projects_employer.py (they cancel through engagements).

Thin adapters over the pages' selectors and services, so every rule is written once. The search page and
the project pages are for students only, and so are these endpoints (another role gets 403 for the whole
endpoint); a student reaches a project through `project_get_visible_for_student`, so drafts, other
universities' partners-only projects and unknown ids all answer 404 alike. Services raise ValidationError,
which the API's one error handler answers as a 400 with field errors.
"""

from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import StudentsOnly
from employers.models import Employer
from marketplace.api.pagination import StandardPagination
from marketplace.api.serializers import PageUrlField, error_responses
from projects.models import (
    Project,
    ProjectStatus,
    ReportReason,
    ReportStatus,
    Skill,
)
from projects.selectors import (
    project_get_visible_for_student,
    project_list_saved_by_student,
    project_report_by_user,
)
from projects.services import (
    project_report,
    project_save,
    project_unsave,
)
from projects.skill_picker import skill_suggestions, skills_resolve
from students.models import StudentProfile
from students.services import student_profile_ensure

TAG = "projects"


# --- Serializers --------------------------------------------------------------------------------------------


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["slug", "name", "category"]


class SkillRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["slug", "name"]


class EmployerRefSerializer(serializers.ModelSerializer):
    url = PageUrlField("employers:public", kwarg="slug")

    class Meta:
        model = Employer
        fields = ["name", "slug", "url"]


class SkillListField(serializers.ListField):
    """Skills by slug (or name or synonym, as the pages' skill picker accepts): resolved to Skill rows."""

    child = serializers.CharField(max_length=100)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 25)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[Skill]:
        entries = super().to_internal_value(data)
        skills, unknown = skills_resolve(entries)
        if unknown:
            raise serializers.ValidationError([f"“{entry}” is not a skill we know." for entry in unknown])
        return skills


class ProjectCardSerializer(serializers.ModelSerializer):
    """What a project card shows anywhere: the posting's essentials, without the student's state."""

    employer = EmployerRefSerializer(read_only=True)
    required_skills = SkillRefSerializer(many=True, read_only=True)
    nice_to_have_skills = SkillRefSerializer(many=True, read_only=True)
    openings_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = Project
        fields = [
            "public_id",
            "title",
            "summary",
            "employer",
            "field",
            "required_skills",
            "nice_to_have_skills",
            "estimated_hours",
            "fee",
            "currency",
            "location_type",
            "location",
            "application_deadline",
            "due_date",
            "openings_left",
            "published_at",
        ]
        read_only_fields = fields


class ProjectSearchItemSerializer(ProjectCardSerializer):
    """A search result: the card, with the skills the search read in its own query (`project_search`)."""

    required_skills = SkillRefSerializer(source="card_required_skills", many=True, read_only=True)
    nice_to_have_skills = SkillRefSerializer(source="card_nice_skills", many=True, read_only=True)
    is_saved = serializers.BooleanField(read_only=True)
    has_applied = serializers.BooleanField(read_only=True)
    url = PageUrlField("projects:detail")

    class Meta(ProjectCardSerializer.Meta):
        fields = [*ProjectCardSerializer.Meta.fields, "is_saved", "has_applied", "url"]
        read_only_fields = fields


class WeeklyBudgetSerializer(serializers.Serializer):
    """The student's weekly hours if they took the project on now, against the hours they have."""

    current = serializers.FloatField()
    added = serializers.FloatField()
    available = serializers.IntegerField()
    total = serializers.FloatField()
    exceeds = serializers.BooleanField()


class SavedProjectSerializer(serializers.ModelSerializer):
    employer = EmployerRefSerializer(read_only=True)
    status = serializers.ChoiceField(choices=ProjectStatus.choices, read_only=True)
    saved_at = serializers.DateTimeField(read_only=True)
    url = PageUrlField("projects:detail")

    class Meta:
        model = Project
        fields = [
            "public_id",
            "title",
            "summary",
            "employer",
            "status",
            "estimated_hours",
            "fee",
            "currency",
            "application_deadline",
            "saved_at",
            "url",
        ]
        read_only_fields = fields


class SavedStateSerializer(serializers.Serializer):
    project = serializers.UUIDField()
    is_saved = serializers.BooleanField()


class ReportSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    details = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    status = serializers.ChoiceField(choices=ReportStatus.choices, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


# --- Students -----------------------------------------------------------------------------------------------


def _visible_project(request: Request, public_id) -> tuple[StudentProfile, Project]:
    """The student's profile and the project, as the project pages reach it (404 when they may not see it)."""
    profile = student_profile_ensure(user=request.user)
    return profile, project_get_visible_for_student(student=profile, public_id=public_id)


class ProjectSaveView(APIView):
    permission_classes = [IsAuthenticated, StudentsOnly]

    def _answer(self, project: Project, *, saved: bool) -> Response:
        return Response(SavedStateSerializer({"project": project.public_id, "is_saved": saved}).data)

    @extend_schema(
        operation_id="projects_save",
        tags=[TAG],
        summary="Save a project for later",
        description="Saving a saved project again changes nothing.",
        request=None,
        responses={200: SavedStateSerializer, **error_responses(401, 403, 404)},
    )
    def post(self, request: Request, public_id) -> Response:
        profile, project = _visible_project(request, public_id)
        project_save(student=profile, project=project)
        return self._answer(project, saved=True)

    @extend_schema(
        operation_id="projects_unsave",
        tags=[TAG],
        summary="Remove a project from the saved ones",
        responses={200: SavedStateSerializer, **error_responses(401, 403, 404)},
    )
    def delete(self, request: Request, public_id) -> Response:
        profile, project = _visible_project(request, public_id)
        project_unsave(student=profile, project=project)
        return self._answer(project, saved=False)


class SavedProjectListView(APIView):
    permission_classes = [IsAuthenticated, StudentsOnly]
    pagination_class = StandardPagination

    @extend_schema(
        operation_id="projects_saved_list",
        tags=[TAG],
        summary="The student's saved projects",
        description="Most recently saved first; projects stay listed after they close.",
        responses={200: SavedProjectSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        profile = student_profile_ensure(user=request.user)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(project_list_saved_by_student(student=profile), request, view=self)
        return paginator.get_paginated_response(
            SavedProjectSerializer(page, many=True, context={"request": request}).data
        )


class ProjectReportView(APIView):
    permission_classes = [IsAuthenticated, StudentsOnly]

    @extend_schema(
        operation_id="projects_report",
        tags=[TAG],
        summary="Report a suspicious posting",
        description="One report per student per project: reporting again answers 200 with the first report.",
        request=ReportSerializer,
        responses={201: ReportSerializer, 200: ReportSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id) -> Response:
        _profile, project = _visible_project(request, public_id)
        existing = project_report_by_user(user=request.user, project=project)
        if existing is not None:
            return Response(ReportSerializer(existing).data)
        serializer = ReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = project_report(user=request.user, project=project, **serializer.validated_data)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


# --- Skills -------------------------------------------------------------------------------------------------


class SkillSuggestView(APIView):
    pagination_class = StandardPagination

    @extend_schema(
        operation_id="skills_list",
        tags=[TAG],
        summary="Skills matching a text",
        description="At most 10 skills whose name or a synonym contains `q`, best first (the skill picker's "
        "suggestions), in one page like every list. Any signed-in user may ask.",
        parameters=[OpenApiParameter("q", str, description="What was typed (up to 100 characters).")],
        responses={200: SkillSerializer(many=True), **error_responses(401, 404)},
    )
    def get(self, request: Request) -> Response:
        skills = skill_suggestions(query=request.query_params.get("q", "")[:100])
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(skills, request, view=self)
        return paginator.get_paginated_response(SkillSerializer(page, many=True).data)


urlpatterns = [
    path("projects/saved/", SavedProjectListView.as_view(), name="api-project-saved-list"),
    path("projects/<uuid:public_id>/save/", ProjectSaveView.as_view(), name="api-project-save"),
    path("projects/<uuid:public_id>/report/", ProjectReportView.as_view(), name="api-project-report"),
    path("skills/", SkillSuggestView.as_view(), name="api-skill-list"),
]
