"""The employers' postings in the API: list, create, read, edit, publish, close, cancel and duplicate.

Mounted under /api/v1/employer/ by engagements/api/__init__.py. Employer members only (other roles get
403); every posting is reached through `project_get_for_employer`, so another organisation's project answers
404 just as an unknown id does. The services check membership again and raise ValidationError for a refused
change, answered as a 400 with field errors (a draft's failed publishing checks each on the field to fix).
"""

from typing import Any

from django.db.models import prefetch_related_objects
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import EmployersOnly
from applications.models import PENDING_APPLICATION_STATUSES, ApplicationStatus
from applications.selectors import application_status_counts_for_project
from applications.selectors_dashboard import employer_project_list_for_user
from employers.selectors import employer_get_for_member, employer_list_for_user
from engagements.services.project_cancellation import project_cancel
from marketplace.api.pagination import StandardPagination
from marketplace.api.query import QueryParametersSerializer
from marketplace.api.serializers import PageUrlField, error_responses
from projects.api import (
    EmployerRefSerializer,
    ProjectCardSerializer,
    SkillListField,
)
from projects.forms import CURRENCIES
from projects.models import CloseReason, LocationType, Project, ProjectStatus, SkillCategory, Visibility
from projects.selectors import project_available_actions, project_get_for_employer, project_publish_checks
from projects.services import (
    MAX_DELIVERABLES,
    MAX_SCREENING_QUESTIONS,
    MAX_SKILLS,
    project_close,
    project_create,
    project_duplicate,
    project_publish,
    project_update,
)

TAG = "projects"


# --- Serializers --------------------------------------------------------------------------------------------


class ApplicantCountsSerializer(serializers.Serializer):
    """How many applicants the project has in each status (a field per application status), and how many
    are still owed an answer."""

    waiting = serializers.IntegerField(help_text="Submitted or shortlisted: still owed an answer.")

    def get_fields(self) -> dict[str, serializers.Field]:
        per_status = {value: serializers.IntegerField() for value in ApplicationStatus.values}
        return {**per_status, **super().get_fields()}


class PublishProblemSerializer(serializers.Serializer):
    field = serializers.CharField()
    code = serializers.CharField()
    message = serializers.CharField()


EMPLOYER_ACTIONS = ["edit", "publish", "close", "cancel", "duplicate", "applicants"]


class EmployerProjectItemSerializer(serializers.ModelSerializer):
    """A row of the employer's project list (annotated by `employer_project_list_for_user`)."""

    employer = EmployerRefSerializer(read_only=True)
    applicants = serializers.SerializerMethodField()
    url = PageUrlField("manage:detail")

    class Meta:
        model = Project
        fields = [
            "public_id",
            "title",
            "employer",
            "status",
            "estimated_hours",
            "fee",
            "currency",
            "application_deadline",
            "due_date",
            "openings",
            "accepted_count",
            "published_at",
            "created_at",
            "applicants",
            "url",
        ]
        read_only_fields = fields

    @extend_schema_field(ApplicantCountsSerializer)
    def get_applicants(self, project: Project) -> dict[str, int]:
        counts = {value: getattr(project, f"count_{value}") for value in ApplicationStatus.values}
        return {**counts, "waiting": project.waiting}


class EmployerProjectSerializer(ProjectCardSerializer):
    """A posting as its organisation sees it: every field, its status, what may be done with it next and,
    for a draft, what stops it from being published."""

    actions = serializers.ListField(child=serializers.ChoiceField(choices=EMPLOYER_ACTIONS), read_only=True)
    publish_problems = PublishProblemSerializer(many=True, read_only=True)
    applicants = ApplicantCountsSerializer(read_only=True)
    close_reason = serializers.ChoiceField(
        choices=CloseReason.choices, allow_blank=True, read_only=True, help_text="Empty unless closed."
    )
    url = PageUrlField("manage:detail")

    class Meta(ProjectCardSerializer.Meta):
        fields = [
            *ProjectCardSerializer.Meta.fields,
            "description",
            "deliverables",
            "openings",
            "accepted_count",
            "screening_questions",
            "visibility",
            "status",
            "close_reason",
            "closed_at",
            "cancelled_at",
            "completed_at",
            "created_at",
            "updated_at",
            "actions",
            "publish_problems",
            "applicants",
            "url",
        ]
        read_only_fields = fields


class ProjectWriteSerializer(serializers.Serializer):
    """The fields an employer sets on a posting (all optional on PATCH). A draft may be incomplete; the
    publishing checks run when it is published, and again on every change once it is open."""

    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    deliverables = serializers.ListField(
        child=serializers.CharField(max_length=300, allow_blank=True),
        required=False,
        max_length=MAX_DELIVERABLES,
    )
    field = serializers.ChoiceField(choices=SkillCategory.choices, required=False)
    required_skills = SkillListField(required=False, max_length=MAX_SKILLS)
    nice_to_have_skills = SkillListField(required=False, max_length=MAX_SKILLS)
    estimated_hours = serializers.IntegerField(min_value=1, max_value=1000, required=False)
    fee = serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, required=False)
    currency = serializers.ChoiceField(choices=CURRENCIES, required=False)
    location_type = serializers.ChoiceField(choices=LocationType.choices, required=False)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    application_deadline = serializers.DateTimeField(required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    openings = serializers.IntegerField(min_value=1, max_value=100, required=False)
    screening_questions = serializers.ListField(
        child=serializers.CharField(max_length=500, allow_blank=True),
        required=False,
        max_length=MAX_SCREENING_QUESTIONS,
    )
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)


class ProjectCreateSerializer(ProjectWriteSerializer):
    employer = serializers.SlugField(
        required=False,
        help_text="The organisation's slug; may be left out by a member of only one organisation.",
    )


class ProjectCancelSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="To the applicants still waiting."
    )


# --- Views --------------------------------------------------------------------------------------------------


class EmployerProjectFilterSerializer(QueryParametersSerializer):
    status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False)
    employer = serializers.SlugField(required=False, help_text="One of the user's organisations, by slug.")


def _employer_project_answer(request: Request, project: Project, *, code: int = 200) -> Response:
    """The posting as its organisation sees it, read afresh with its skills (after a change)."""
    project = project_get_for_employer(user=request.user, public_id=project.public_id)
    prefetch_related_objects([project], "required_skills", "nice_to_have_skills")
    project.actions = sorted(project_available_actions(project=project))
    project.publish_problems = (
        [problem._asdict() for problem in project_publish_checks(project=project)]
        if project.status == ProjectStatus.DRAFT
        else []
    )
    counts = application_status_counts_for_project(user=request.user, project=project)
    counts["waiting"] = sum(counts[value] for value in PENDING_APPLICATION_STATUSES)
    project.applicants = counts
    return Response(EmployerProjectSerializer(project, context={"request": request}).data, status=code)


class EmployerProjectListView(APIView):
    permission_classes = [IsAuthenticated, EmployersOnly]
    pagination_class = StandardPagination

    @extend_schema(
        operation_id="employer_projects_list",
        tags=[TAG],
        summary="The projects of the user's organisations",
        description="Open ones first (nearest deadline first), then drafts, work in progress, and finished "
        "ones, as on the dashboard.",
        parameters=[EmployerProjectFilterSerializer],
        responses={200: EmployerProjectItemSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        filters = EmployerProjectFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        projects = employer_project_list_for_user(
            user=request.user,
            employer_slug=filters.validated_data.get("employer"),
            status=filters.validated_data.get("status"),
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(projects, request, view=self)
        return paginator.get_paginated_response(
            EmployerProjectItemSerializer(page, many=True, context={"request": request}).data
        )

    @extend_schema(
        operation_id="employer_projects_create",
        tags=[TAG],
        summary="Post a new draft",
        request=ProjectCreateSerializer,
        responses={201: EmployerProjectSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        serializer = ProjectCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        slug = data.pop("employer", None)
        if slug:
            employer = employer_get_for_member(user=request.user, slug=slug)
        else:
            employers = list(employer_list_for_user(user=request.user)[:2])
            if len(employers) != 1:
                raise serializers.ValidationError(
                    {
                        "employer": [
                            "Choose the organisation to post for."
                            if employers
                            else "Create your organisation first: projects are posted in its name."
                        ]
                    }
                )
            employer = employers[0]
        project = project_create(user=request.user, employer=employer, **data)
        return _employer_project_answer(request, project, code=status.HTTP_201_CREATED)


class EmployerProjectDetailView(APIView):
    permission_classes = [IsAuthenticated, EmployersOnly]

    @extend_schema(
        operation_id="employer_projects_retrieve",
        tags=[TAG],
        summary="A posting of the user's organisation",
        responses={200: EmployerProjectSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, public_id) -> Response:
        return _employer_project_answer(
            request, project_get_for_employer(user=request.user, public_id=public_id)
        )

    @extend_schema(
        operation_id="employer_projects_partial_update",
        tags=[TAG],
        summary="Change a draft or open posting",
        description="Only drafts and open projects can be edited. An open project must stay well scoped: "
        "the publishing checks run again, and their problems come back as field errors.",
        request=ProjectWriteSerializer(partial=True),
        responses={200: EmployerProjectSerializer, **error_responses(400, 401, 403, 404)},
    )
    def patch(self, request: Request, public_id) -> Response:
        project = project_get_for_employer(user=request.user, public_id=public_id)
        serializer = ProjectWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        # Fields the API does not take are handed on for the service to refuse by name.
        data.update({name: None for name in request.data if name not in serializer.fields})
        project_update(project=project, user=request.user, data=data)
        return _employer_project_answer(request, project)


def _lifecycle_schema(operation_id: str, summary: str, **kwargs: Any):
    return extend_schema(
        operation_id=operation_id,
        tags=[TAG],
        summary=summary,
        request=kwargs.pop("request", None),
        responses={kwargs.pop("code", 200): EmployerProjectSerializer, **error_responses(400, 401, 403, 404)},
        **kwargs,
    )


class EmployerProjectPublishView(APIView):
    permission_classes = [IsAuthenticated, EmployersOnly]

    @_lifecycle_schema(
        "employer_projects_publish",
        "Publish a draft",
        description="Every failed scoping check comes back at once as a field error on the field to fix.",
    )
    def post(self, request: Request, public_id) -> Response:
        project = project_get_for_employer(user=request.user, public_id=public_id)
        return _employer_project_answer(request, project_publish(project=project, user=request.user))


class EmployerProjectCloseView(APIView):
    permission_classes = [IsAuthenticated, EmployersOnly]

    @_lifecycle_schema("employer_projects_close", "Stop taking applications")
    def post(self, request: Request, public_id) -> Response:
        project = project_get_for_employer(user=request.user, public_id=public_id)
        return _employer_project_answer(request, project_close(project=project, user=request.user))


class EmployerProjectCancelView(APIView):
    permission_classes = [IsAuthenticated, EmployersOnly]

    @_lifecycle_schema(
        "employer_projects_cancel",
        "Call the project off",
        request=ProjectCancelSerializer,
        description="Refused once work is under way. Applicants still waiting are turned down with the note "
        "(or a kind default).",
    )
    def post(self, request: Request, public_id) -> Response:
        project = project_get_for_employer(user=request.user, public_id=public_id)
        serializer = ProjectCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = project_cancel(project=project, user=request.user, note=serializer.validated_data["note"])
        return _employer_project_answer(request, project)


class EmployerProjectDuplicateView(APIView):
    permission_classes = [IsAuthenticated, EmployersOnly]

    @_lifecycle_schema("employer_projects_duplicate", "Copy a posting into a new draft", code=201)
    def post(self, request: Request, public_id) -> Response:
        project = project_get_for_employer(user=request.user, public_id=public_id)
        copy = project_duplicate(project=project, user=request.user)
        return _employer_project_answer(request, copy, code=status.HTTP_201_CREATED)


urlpatterns = [
    path("projects/", EmployerProjectListView.as_view(), name="api-employer-project-list"),
    path(
        "projects/<uuid:public_id>/", EmployerProjectDetailView.as_view(), name="api-employer-project-detail"
    ),
    path(
        "projects/<uuid:public_id>/publish/",
        EmployerProjectPublishView.as_view(),
        name="api-employer-project-publish",
    ),
    path(
        "projects/<uuid:public_id>/close/",
        EmployerProjectCloseView.as_view(),
        name="api-employer-project-close",
    ),
    path(
        "projects/<uuid:public_id>/cancel/",
        EmployerProjectCancelView.as_view(),
        name="api-employer-project-cancel",
    ),
    path(
        "projects/<uuid:public_id>/duplicate/",
        EmployerProjectDuplicateView.as_view(),
        name="api-employer-project-duplicate",
    ),
]
