"""The applications API for employer members (mounted by matching/api.py): a project's applicants, ranked
by match, one applicant with their résumé, and the decisions (shortlist, reject with a note, accept, which
creates the engagement, and reject several at once)."""

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.urls import path, reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from applications.api.common import (
    EMPLOYER,
    ApplicationAnswerSerializer,
    ApplicationEventSerializer,
    EngagementIdField,
    endpoint_schema,
)
from applications.models import (
    PENDING_APPLICATION_STATUSES,
    Application,
    ApplicationStatus,
)
from applications.selectors import (
    APPLICANT_ORDER,
    application_get_for_employer,
    application_list_filter_verified,
    application_list_for_project,
    application_weekly_budget,
    student_get_resume_for_user,
)
from applications.services.applications import (
    application_reject,
    application_reject_many,
    application_shortlist,
)
from engagements.services.hiring import application_accept
from marketplace.api.downloads import DownloadNegotiation, download_response
from marketplace.api.query import QueryParametersSerializer
from marketplace.api.serializers import valid_input
from matching.selectors import application_list_annotate_match, match_by_application
from projects.api import SkillRefSerializer, WeeklyBudgetSerializer
from projects.models import Project
from projects.selectors import project_get_for_employer
from students.downloads import resume_file_response


class ApplicantStudentSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField(source="user.get_full_name")
    university = serializers.CharField(source="university.name", allow_null=True, default=None)
    university_name = serializers.CharField(
        help_text="The university the student named when it is not listed yet (they are not verified then)."
    )
    major = serializers.CharField()
    graduation_year = serializers.IntegerField(allow_null=True)
    is_verified = serializers.BooleanField()


class ApplicantMatchSerializer(serializers.Serializer):
    score = serializers.IntegerField(help_text="0 to 100.")
    why = serializers.CharField(help_text="One sentence.")
    reasons = serializers.ListField(child=serializers.CharField())


class ApplicantSerializer(serializers.ModelSerializer):
    """An applicant as the applicants list shows them: who, when, and which of the project's skills they
    have (required, nice to have)."""

    student = ApplicantStudentSerializer()
    required_skills = serializers.SerializerMethodField(help_text="The project's required skills they have.")
    nice_to_have_skills = serializers.SerializerMethodField(
        help_text="The project's nice-to-have skills they have."
    )
    waiting_days = serializers.SerializerMethodField(
        help_text="Days since they applied while still waiting for an answer; null once answered."
    )
    engagement = EngagementIdField()
    match = serializers.SerializerMethodField(help_text="How well the applicant matches, with the reasons.")

    class Meta:
        model = Application
        fields = [
            "public_id",
            "status",
            "created_at",
            "student",
            "cover_note",
            "exceeds_weekly_budget",
            "required_skills",
            "nice_to_have_skills",
            "waiting_days",
            "engagement",
            "match",
        ]

    @extend_schema_field(ApplicantMatchSerializer)
    def get_match(self, application: Application) -> dict[str, Any]:
        return ApplicantMatchSerializer(self.context["matches"][application.pk]).data

    def _skills(self, application: Application, key: str) -> list[dict[str, str]]:
        wanted = self.context[key]
        skills = [skill for skill in application.student.skills.all() if skill.id in wanted]
        return SkillRefSerializer(skills, many=True).data

    @extend_schema_field(SkillRefSerializer(many=True))
    def get_required_skills(self, application: Application) -> list[dict[str, str]]:
        return self._skills(application, "required_ids")

    @extend_schema_field(SkillRefSerializer(many=True))
    def get_nice_to_have_skills(self, application: Application) -> list[dict[str, str]]:
        return self._skills(application, "nice_ids")

    def get_waiting_days(self, application: Application) -> int | None:
        if application.status not in PENDING_APPLICATION_STATUSES:
            return None
        return (self.context["today"] - timezone.localdate(application.created_at)).days


def skill_context(project: Project) -> dict[str, Any]:
    """What `ApplicantSerializer` compares each applicant's skills with (two queries, once per request)."""
    required = set(project.required_skills.values_list("id", flat=True))
    nice = set(project.nice_to_have_skills.values_list("id", flat=True)) - required
    return {"required_ids": required, "nice_ids": nice, "today": timezone.localdate()}


class ApplicantProjectSerializer(serializers.ModelSerializer):
    openings_left = serializers.IntegerField()

    class Meta:
        model = Project
        fields = ["public_id", "title", "status", "openings", "openings_left"]


class ApplicantProfileSerializer(ApplicantStudentSerializer):
    bio = serializers.CharField()
    links = serializers.ListField(child=serializers.URLField())
    weekly_hours_available = serializers.IntegerField()
    time_zone = serializers.CharField()


class ApplicantDetailSerializer(ApplicantSerializer):
    """One applicant's page: profile summary, cover note, answers, timeline, weekly hours, résumé link."""

    project = ApplicantProjectSerializer()
    student = ApplicantProfileSerializer()
    answers = ApplicationAnswerSerializer(many=True)
    events = ApplicationEventSerializer(many=True, source="events.all", help_text="Oldest first.")
    missing_required_skills = serializers.SerializerMethodField()
    weekly_budget = serializers.SerializerMethodField()
    resume_url = serializers.SerializerMethodField(
        help_text="Where to download the résumé (a PDF; a token or a session is enough), or null without one."
    )

    class Meta(ApplicantSerializer.Meta):
        fields = [
            *ApplicantSerializer.Meta.fields,
            "project",
            "answers",
            "events",
            "decision_note",
            "decided_at",
            "withdrawn_at",
            "missing_required_skills",
            "weekly_budget",
            "resume_url",
        ]

    @extend_schema_field(SkillRefSerializer(many=True))
    def get_missing_required_skills(self, application: Application) -> list[dict[str, str]]:
        have = {skill.id for skill in application.student.skills.all()}
        missing = [skill for skill in application.project.required_skills.all() if skill.id not in have]
        return SkillRefSerializer(missing, many=True).data

    @extend_schema_field(WeeklyBudgetSerializer)
    def get_weekly_budget(self, application: Application) -> dict[str, Any]:
        budget = application_weekly_budget(student=application.student, project=application.project)
        return WeeklyBudgetSerializer(budget).data

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_resume_url(self, application: Application) -> str | None:
        student = application.student
        if not student.resume:
            return None
        url = reverse("api-applicant-resume", kwargs={"public_id": application.public_id})
        return self.context["request"].build_absolute_uri(url)


class ApplicantFilterSerializer(QueryParametersSerializer):
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, required=False)
    sort = serializers.ChoiceField(choices=["applied", "match"], required=False)
    verified = serializers.BooleanField(required=False, default=False)


class RejectSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="The student reads it with the decision; empty sends a kind default note.",
    )


class BulkRejectSerializer(RejectSerializer):
    applications = serializers.ListField(
        child=serializers.UUIDField(),
        min_length=1,
        max_length=100,
        help_text="Public ids of this project's applicants to turn down, with one note for them all.",
    )


class BulkRejectRefusalSerializer(serializers.Serializer):
    application = serializers.UUIDField()
    code = serializers.CharField(allow_null=True, help_text="e.g. accepted_cannot_reject.")
    messages = serializers.ListField(child=serializers.CharField())


class BulkRejectResultSerializer(serializers.Serializer):
    rejected = serializers.ListField(child=serializers.UUIDField(), help_text="Turned down with the note.")
    refused = BulkRejectRefusalSerializer(many=True, help_text="Left as they were, each with the reason.")


class ApplicantList(ListAPIView):
    """Counts per status are on the project: GET /api/v1/employer/projects/<id>/ (`applicants`)."""

    permission_classes = EMPLOYER
    serializer_class = ApplicantSerializer
    queryset = Application.objects.none()  # for the schema; get_queryset scopes to the organisation

    def get_queryset(self) -> QuerySet[Application]:
        query = ApplicantFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        self.project = project_get_for_employer(user=self.request.user, public_id=self.kwargs["public_id"])
        applicants = application_list_annotate_match(
            application_list_for_project(user=self.request.user, project=self.project), project=self.project
        )
        if query.validated_data.get("status"):
            applicants = applicants.filter(status=query.validated_data["status"])
        applicants = application_list_filter_verified(
            applicants, verified_only=query.validated_data["verified"]
        )
        if query.validated_data.get("sort") == "match":
            return applicants.order_by("-match_score", *APPLICANT_ORDER)
        return applicants.order_by(*APPLICANT_ORDER)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        # The rows carry their match annotations, so this reads no more rows.
        self.matches = match_by_application(project=self.project, applications=page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        project = getattr(self, "project", None)  # set by get_queryset; absent while drawing the schema
        if project is None:
            return context
        return {**context, **skill_context(project), "matches": getattr(self, "matches", {})}

    @endpoint_schema(
        "employer_applicants_list",
        "The applicants of one of my organisation's projects, each with their match",
        ApplicantSerializer(many=True),
        parameters=[
            OpenApiParameter("status", str, enum=ApplicationStatus.values),
            OpenApiParameter(
                "sort", str, enum=["applied", "match"], description="applied (the default): first come first."
            ),
            OpenApiParameter(
                "verified", bool, description="true: only verified students (`student.is_verified`)."
            ),
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ApplicantBulkReject(APIView):
    permission_classes = EMPLOYER

    @endpoint_schema(
        "employer_applicants_reject",
        "Turn several applicants down with one note",
        BulkRejectResultSerializer,
        description=(
            "Each applicant is decided on its own: one that cannot be rejected (say, accepted "
            "meanwhile) is reported in `refused` and the others are still turned down. Ids that are "
            "not this project's applicants answer 400 and nothing changes."
        ),
        request=BulkRejectSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        project = project_get_for_employer(user=request.user, public_id=public_id)
        given = valid_input(BulkRejectSerializer, request)
        wanted = set(given["applications"])
        chosen = list(
            application_list_for_project(user=request.user, project=project)
            .filter(public_id__in=wanted)
            .order_by(*APPLICANT_ORDER)
        )
        if len(chosen) != len(wanted):
            raise serializers.ValidationError(
                {"applications": ["Some of these are not applicants of this project; reload the list."]}
            )
        result = application_reject_many(applications=chosen, by=request.user, note=given["note"])
        body = {
            "rejected": [application.public_id for application in result.rejected],
            "refused": [
                {"application": application.public_id, "code": error.code, "messages": error.messages}
                for application, error in result.refused
            ],
        }
        return Response(BulkRejectResultSerializer(body).data)


def _applicant_response(request: Request, public_id) -> Response:
    application = application_get_for_employer(user=request.user, public_id=public_id)
    matches = match_by_application(project=application.project, applications=[application])
    context = {"request": request, "matches": matches, **skill_context(application.project)}
    return Response(ApplicantDetailSerializer(application, context=context).data)


class ApplicantDetail(APIView):
    permission_classes = EMPLOYER

    @endpoint_schema(
        "employer_applicants_retrieve",
        "One applicant: profile summary, cover note, answers, timeline, weekly hours and résumé",
        ApplicantDetailSerializer,
        errors=(401, 403, 404),
    )
    def get(self, request: Request, public_id) -> Response:
        return _applicant_response(request, public_id)


class ApplicantResume(APIView):
    permission_classes = EMPLOYER
    content_negotiation_class = DownloadNegotiation

    @endpoint_schema(
        "employer_applicants_resume",
        "Download an applicant's résumé",
        download_response("The résumé."),
        code=(200, "application/pdf"),
        errors=(401, 403, 404),
        description="The PDF as an attachment; 404 when the applicant has none.",
    )
    def get(self, request: Request, public_id) -> FileResponse:
        application = application_get_for_employer(user=request.user, public_id=public_id)
        # The résumé page's own rule decides, so the API can never show more than the page does.
        profile = student_get_resume_for_user(user=request.user, public_id=application.student.public_id)
        return resume_file_response(profile)


class ApplicantShortlist(APIView):
    permission_classes = EMPLOYER

    @endpoint_schema(
        "employer_applicants_shortlist",
        "Shortlist a submitted applicant",
        ApplicantDetailSerializer,
        request=None,
    )
    def post(self, request: Request, public_id) -> Response:
        application = application_get_for_employer(user=request.user, public_id=public_id)
        application_shortlist(application=application, by=request.user)
        return _applicant_response(request, public_id)


class ApplicantReject(APIView):
    permission_classes = EMPLOYER

    @endpoint_schema(
        "employer_applicants_reject_one",
        "Turn an applicant down with a note",
        ApplicantDetailSerializer,
        request=RejectSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        application = application_get_for_employer(user=request.user, public_id=public_id)
        given = valid_input(RejectSerializer, request)
        application_reject(application=application, by=request.user, note=given["note"])
        return _applicant_response(request, public_id)


class ApplicantAccept(APIView):
    permission_classes = EMPLOYER

    @endpoint_schema(
        "employer_applicants_accept",
        "Accept an applicant, which creates their engagement",
        ApplicantDetailSerializer,
        description=(
            "Refused with 400 when every opening is filled or the project no longer takes "
            "applicants on. The answer's `engagement` is the new engagement's id; "
            "`weekly_budget.exceeds` warns that the student would go past their weekly hours."
        ),
        request=None,
    )
    def post(self, request: Request, public_id) -> Response:
        application = application_get_for_employer(user=request.user, public_id=public_id)
        application_accept(application=application, by=request.user)
        return _applicant_response(request, public_id)


urlpatterns = [
    path(
        "employer/projects/<uuid:public_id>/applications/",
        ApplicantList.as_view(),
        name="api-applicant-list",
    ),
    path(
        "employer/projects/<uuid:public_id>/applications/reject/",
        ApplicantBulkReject.as_view(),
        name="api-applicant-bulk-reject",
    ),
    path("employer/applications/<uuid:public_id>/", ApplicantDetail.as_view(), name="api-applicant-detail"),
    path(
        "employer/applications/<uuid:public_id>/resume/",
        ApplicantResume.as_view(),
        name="api-applicant-resume",
    ),
    path(
        "employer/applications/<uuid:public_id>/shortlist/",
        ApplicantShortlist.as_view(),
        name="api-applicant-shortlist",
    ),
    path(
        "employer/applications/<uuid:public_id>/reject/",
        ApplicantReject.as_view(),
        name="api-applicant-reject",
    ),
    path(
        "employer/applications/<uuid:public_id>/accept/",
        ApplicantAccept.as_view(),
        name="api-applicant-accept",
    ),
]
