"""The projects API for students (search, project pages, saved list, reports) and the skills taxonomy; the
employers' postings live in projects/api_employer.py (mounted under employer/ from here).

Thin adapters over the pages' selectors and services, so every rule is written once. The search page and
the project pages are for students only, and so are these endpoints (another role gets 403 for the whole
endpoint); a student reaches a project through `project_get_visible_for_student`, so drafts, other
universities' partners-only projects and unknown ids all answer 404 alike. Services raise ValidationError,
which the API's one error handler answers as a 400 with field errors.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.urls import include, path, reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import StudentsOnly
from applications.selectors import (
    application_of_student_for_project,
    application_refusal,
    application_weekly_budget,
    project_list_marked_applied,
)
from employers.models import Employer
from marketplace.api.pagination import StandardPagination
from marketplace.api.serializers import error_responses
from projects.forms_search import ProjectSearchForm
from projects.models import (
    Project,
    ProjectStatus,
    ReportReason,
    ReportStatus,
    Skill,
    SkillCategory,
)
from projects.selectors import (
    project_get_visible_for_student,
    project_is_saved_by_student,
    project_list_saved_by_student,
    project_report_by_user,
)
from projects.selectors_search import SearchSort, employer_list_for_search, project_search_results
from projects.services import (
    project_report,
    project_save,
    project_unsave,
)
from projects.skill_picker import skill_suggestions, skills_resolve
from students.models import StudentProfile
from students.services import student_profile_ensure

TAG = "projects"


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The absolute URL of the object's page on the site, for a client to link to."""

    def __init__(self, url_name: str, *, kwarg: str = "public_id", **kwargs: Any) -> None:
        self.url_name, self.kwarg = url_name, kwarg
        kwargs.setdefault("source", "*")
        kwargs.update(read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        url = reverse(self.url_name, kwargs={self.kwarg: getattr(value, self.kwarg)})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


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
    is_saved = serializers.BooleanField(read_only=True)
    has_applied = serializers.BooleanField(read_only=True)
    url = PageUrlField("projects:detail")

    class Meta(ProjectCardSerializer.Meta):
        fields = [*ProjectCardSerializer.Meta.fields, "is_saved", "has_applied", "url"]
        read_only_fields = fields


class ProjectSearchPageSerializer(serializers.Serializer):
    """A page of search results; `fuzzy` when the text matched nothing and these are close matches of a
    typo instead, with the skill name the student may have meant in `suggestion`."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    fuzzy = serializers.BooleanField()
    suggestion = serializers.CharField(allow_null=True)
    results = ProjectSearchItemSerializer(many=True)


class RefusalSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="e.g. already_applied, student_not_verified, project_not_open.")
    message = serializers.CharField()


class WeeklyBudgetSerializer(serializers.Serializer):
    """The student's weekly hours if they took the project on now, against the hours they have."""

    current = serializers.FloatField()
    added = serializers.FloatField()
    available = serializers.IntegerField()
    total = serializers.FloatField()
    exceeds = serializers.BooleanField()


STUDENT_ACTIONS = ["apply", "view_application", "save", "unsave", "report"]


class ProjectDetailSerializer(ProjectSearchItemSerializer):
    """The project page: the posting in full, and what the student may do with it (with the reason when
    they may not apply)."""

    status = serializers.ChoiceField(choices=ProjectStatus.choices, read_only=True)
    refusal = RefusalSerializer(read_only=True, allow_null=True, help_text="Why the student may not apply.")
    application = serializers.UUIDField(read_only=True, allow_null=True, help_text="Their application's id.")
    weekly_budget = WeeklyBudgetSerializer(read_only=True, allow_null=True)
    reported = serializers.BooleanField(read_only=True)
    actions = serializers.ListField(child=serializers.ChoiceField(choices=STUDENT_ACTIONS), read_only=True)

    class Meta(ProjectSearchItemSerializer.Meta):
        fields = [
            *ProjectSearchItemSerializer.Meta.fields,
            "description",
            "deliverables",
            "screening_questions",
            "openings",
            "visibility",
            "status",
            "refusal",
            "application",
            "weekly_budget",
            "reported",
            "actions",
        ]
        read_only_fields = fields


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


# What the search form (projects/forms_search.py) accepts, said in the schema so that schema and server agree.
DECIMAL_AMOUNT = {"type": "string", "pattern": r"^[0-9]{1,8}(\.[0-9]{1,2})?$"}
HOURS = {"type": "integer", "minimum": 0, "maximum": 1000}
SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        {"type": "string", "maxLength": 200},
        description='Web-search syntax: `python -django`, `"data cleaning"`.',
    ),
    OpenApiParameter("sort", str, enum=SearchSort.values, description="Relevance needs `q`; else newest."),
    OpenApiParameter("skills", str, description="Comma-separated skill slugs or names: any of them."),
    OpenApiParameter("field", str, enum=SkillCategory.values),
    OpenApiParameter("hours_min", HOURS),
    OpenApiParameter("hours_max", HOURS, description="Not below `hours_min`."),
    OpenApiParameter("fee_min", DECIMAL_AMOUNT, description="A decimal amount."),
    OpenApiParameter("fee_max", DECIMAL_AMOUNT, description="A decimal amount, not below `fee_min`."),
    OpenApiParameter("remote", bool, description="Remote projects only."),
    OpenApiParameter("deadline_before", OpenApiTypes.DATE, description="Applications close by this day."),
    OpenApiParameter("employer", str, description="An organisation's slug (one with open projects)."),
    OpenApiParameter("page", int),
    OpenApiParameter("page_size", int, description="At most 100."),
]
# Parameters whose empty value means nothing: the search page's form sends them empty when left blank, but
# through the API an empty or repeated one is a mistake, answered with a 400 rather than ignored.
TYPED_SEARCH_PARAMETERS = (
    "sort",
    "field",
    "hours_min",
    "hours_max",
    "fee_min",
    "fee_max",
    "remote",
    "deadline_before",
)


def _check_search_parameters(query_params) -> None:
    errors: dict[str, list[str]] = {}
    for parameter in SEARCH_PARAMETERS:
        if len(query_params.getlist(parameter.name)) > 1:
            errors[parameter.name] = ["Give this parameter once."]
    for name in TYPED_SEARCH_PARAMETERS:
        if query_params.get(name) == "" and name not in errors:
            errors[name] = ["Give a value, or leave the parameter out."]
    for name in ("fee_min", "fee_max"):
        value = query_params.get(name, "")
        if value and name not in errors and not re.fullmatch(DECIMAL_AMOUNT["pattern"], value):
            errors[name] = ["Enter an amount such as 120 or 120.50."]
    if query_params.get("remote", "true") not in ("true", "false") and "remote" not in errors:
        errors["remote"] = ["Enter true or false."]
    if errors:
        raise ValidationError(errors)


def _visible_project(request: Request, public_id) -> tuple[StudentProfile, Project]:
    """The student's profile and the project, as the project pages reach it (404 when they may not see it)."""
    profile = student_profile_ensure(user=request.user)
    return profile, project_get_visible_for_student(student=profile, public_id=public_id)


class ProjectSearchView(APIView):
    permission_classes = [IsAuthenticated, StudentsOnly]

    @extend_schema(
        operation_id="projects_search",
        tags=[TAG],
        summary="Search open projects",
        description="The search page's search: the open projects the student may apply to, filtered and "
        "sorted. When a text query finds nothing, close matches of a typo come back with `fuzzy`.",
        parameters=SEARCH_PARAMETERS,
        responses={200: ProjectSearchPageSerializer, **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        _check_search_parameters(request.query_params)
        profile = student_profile_ensure(user=request.user)
        form = ProjectSearchForm(request.query_params, employers=employer_list_for_search(student=profile))
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        result = project_search_results(student=profile, **form.search_filters())
        projects = project_list_marked_applied(projects=result.projects, student=profile)
        paginator = StandardPagination()
        page = paginator.paginate_queryset(projects, request, view=self)
        response = paginator.get_paginated_response(
            ProjectSearchItemSerializer(page, many=True, context={"request": request}).data
        )
        response.data["fuzzy"] = result.fuzzy
        response.data["suggestion"] = result.suggestion
        return response


def _student_actions(project: Project) -> list[str]:
    actions = []
    if project.refusal is None:
        actions.append("apply")
    if project.application is not None:
        actions.append("view_application")
    actions.append("unsave" if project.is_saved else "save")
    if not project.reported:
        actions.append("report")
    return actions


class ProjectDetailView(APIView):
    permission_classes = [IsAuthenticated, StudentsOnly]

    @extend_schema(
        operation_id="projects_retrieve",
        tags=[TAG],
        summary="A project's page",
        responses={200: ProjectDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, public_id) -> Response:
        profile, project = _visible_project(request, public_id)
        prefetch_related_objects([project], "nice_to_have_skills")
        refusal = application_refusal(student=profile, project=project)
        application = (
            application_of_student_for_project(student=profile, project=project)
            if refusal is not None and refusal.code == "already_applied"
            else None
        )
        project.is_saved = project_is_saved_by_student(student=profile, project=project)
        project.has_applied = application is not None
        project.application = application.public_id if application else None
        project.refusal = {"code": refusal.code, "message": refusal.messages[0]} if refusal else None
        project.weekly_budget = (
            application_weekly_budget(student=profile, project=project) if refusal is None else None
        )
        project.reported = project_report_by_user(user=request.user, project=project) is not None
        project.actions = _student_actions(project)
        return Response(ProjectDetailSerializer(project, context={"request": request}).data)


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
    path("projects/", ProjectSearchView.as_view(), name="api-project-list"),
    path("projects/saved/", SavedProjectListView.as_view(), name="api-project-saved-list"),
    path("projects/<uuid:public_id>/", ProjectDetailView.as_view(), name="api-project-detail"),
    path("projects/<uuid:public_id>/save/", ProjectSaveView.as_view(), name="api-project-save"),
    path("projects/<uuid:public_id>/report/", ProjectReportView.as_view(), name="api-project-report"),
    path("skills/", SkillSuggestView.as_view(), name="api-skill-list"),
    path("employer/", include("projects.api_employer")),
]
