"""The students' project search and project page in the API: they mark the projects the student applied to
and say whether (and why not) the student may apply, so they live with applications; mounted through
`applications.api` under the same URL names as before.

Thin adapters over the pages' selectors, like the rest of the projects API (projects/api.py, whose
serializers these build on).
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import StudentsOnly
from applications.selectors import (
    application_state_for_project_page,
    application_weekly_budget,
    project_list_marked_applied,
)
from marketplace.api.pagination import StandardPagination
from marketplace.api.serializers import error_responses
from projects.api import (
    TAG,
    ProjectSearchItemSerializer,
    SkillRefSerializer,
    WeeklyBudgetSerializer,
    _visible_project,
)
from projects.forms_search import ProjectSearchForm
from projects.models import Project, ProjectStatus, SkillCategory
from projects.selectors import project_is_saved_by_student, project_report_by_user
from projects.selectors_search import (
    SEARCH_COUNT_CAP,
    SearchPaginator,
    SearchSort,
    employer_list_for_search,
    project_search_results,
)
from students.services import student_profile_ensure

# --- Serializers --------------------------------------------------------------------------------


class ProjectSearchPageSerializer(serializers.Serializer):
    """A page of search results; `fuzzy` when the text matched nothing and these are close matches of a
    typo instead, with the skill name the student may have meant in `suggestion`."""

    count = serializers.IntegerField(help_text=f"Counted up to {SEARCH_COUNT_CAP:,}; see `count_capped`.")
    count_capped = serializers.BooleanField(
        help_text=f"More than {SEARCH_COUNT_CAP:,} projects match (the pages stop at {SEARCH_COUNT_CAP:,})."
    )
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    fuzzy = serializers.BooleanField()
    suggestion = serializers.CharField(allow_null=True)
    results = ProjectSearchItemSerializer(many=True)


class RefusalSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="e.g. already_applied, student_not_verified, project_not_open.")
    message = serializers.CharField()


STUDENT_ACTIONS = ["apply", "view_application", "save", "unsave", "report"]


class ProjectDetailSerializer(ProjectSearchItemSerializer):
    """The project page: the posting in full, and what the student may do with it (with the reason when
    they may not apply)."""

    # The page's one project reads its skills through the relations; the search reads them in its rows.
    required_skills = SkillRefSerializer(many=True, read_only=True)
    nice_to_have_skills = SkillRefSerializer(many=True, read_only=True)
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


# --- Students --------------------------------------------------------------------------------


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


class SearchPagination(StandardPagination):
    """The standard pages over `SearchPaginator`: the count stops at the search's cap."""

    django_paginator_class = SearchPaginator


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
        paginator = SearchPagination()
        page = paginator.paginate_queryset(projects, request, view=self)
        response = paginator.get_paginated_response(
            ProjectSearchItemSerializer(page, many=True, context={"request": request}).data
        )
        response.data["count_capped"] = paginator.page.paginator.capped
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
        application, refusal = application_state_for_project_page(student=profile, project=project)
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
