"""The applications API: students apply, follow and withdraw their applications; employer members review a
project's applicants and decide (shortlist, reject with a note, accept, reject several at once).

Thin views over the pages' selectors and services (`applications.selectors`, `applications.services.
applications`): the same access rules (outsiders get 404 from the scoped selectors), the same refusals (the
services' ValidationErrors become 400s through the API's one error format). A whole endpoint outside the
user's role answers 403.

Files (an applicant's résumé here, a deliverable in the engagements API) are streamed by API endpoints of
their own, so a client holding only a token can fetch them; they use the pages' access rules and
`marketplace.uploads.private_file_response`.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse
from django.urls import path, reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from applications.forms import ANSWER_MAX, COVER_NOTE_MAX
from applications.models import (
    PENDING_APPLICATION_STATUSES,
    Application,
    ApplicationEvent,
    ApplicationStatus,
)
from applications.selectors import (
    APPLICANT_ORDER,
    STUDENT_APPLICATION_GROUPS,
    application_get_for_employer,
    application_get_for_student,
    application_group_counts_for_student,
    application_list_for_project,
    application_list_for_student,
    application_weekly_budget,
)
from applications.services.applications import (
    application_reject,
    application_reject_many,
    application_shortlist,
    application_submit,
    application_withdraw,
)
from engagements.services.hiring import application_accept
from marketplace.api.downloads import DownloadNegotiation, download_response
from marketplace.api.permissions import EmployersOnly, StudentsOnly
from marketplace.api.serializers import error_responses
from matching.selectors import application_list_annotate_match, match_by_application
from projects.api import SkillRefSerializer, WeeklyBudgetSerializer
from projects.models import Project
from projects.selectors import project_get_for_employer, project_get_visible_for_student
from projects.views.student import student_profile_of
from students.selectors import student_get_resume_for_user
from students.views import resume_file_response

STUDENT = [IsAuthenticated, StudentsOnly]
EMPLOYER = [IsAuthenticated, EmployersOnly]


def valid_input(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    """The request body checked by `serializer_class` (its shape only; the services check the rules)."""
    payload = serializer_class(data=request.data)
    payload.is_valid(raise_exception=True)
    return payload.validated_data


# Serializers shared by both sides -----------------------------------------------------------------------


class ApplicationEventSerializer(serializers.ModelSerializer):
    """One step of the status timeline."""

    class Meta:
        model = ApplicationEvent
        fields = ["status", "note", "created_at"]


class ApplicationAnswerSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.CharField()


@extend_schema_field(OpenApiTypes.UUID)
class EngagementIdField(serializers.Field):
    """The public id of the application's engagement (once accepted), or null."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, allow_null=True, **kwargs)

    def to_representation(self, application: Application) -> str | None:
        engagement = getattr(application, "engagement", None)
        return str(engagement.public_id) if engagement is not None else None


# Students: their own applications -----------------------------------------------------------------------


class StudentApplicationProjectSerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="employer.name")

    class Meta:
        model = Project
        fields = ["public_id", "title", "employer_name", "status", "due_date"]


class StudentApplicationSerializer(serializers.ModelSerializer):
    project = StudentApplicationProjectSerializer()
    last_change_at = serializers.DateTimeField(help_text="When its status last changed.")
    engagement = EngagementIdField()
    can_withdraw = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "public_id",
            "status",
            "project",
            "exceeds_weekly_budget",
            "decision_note",
            "created_at",
            "last_change_at",
            "decided_at",
            "withdrawn_at",
            "engagement",
            "can_withdraw",
        ]

    def get_can_withdraw(self, application: Application) -> bool:
        return application.status in PENDING_APPLICATION_STATUSES


class StudentApplicationDetailSerializer(StudentApplicationSerializer):
    answers = ApplicationAnswerSerializer(many=True)
    events = ApplicationEventSerializer(many=True, source="events.all", help_text="Oldest first.")

    class Meta(StudentApplicationSerializer.Meta):
        fields = [*StudentApplicationSerializer.Meta.fields, "cover_note", "answers", "events"]


class StudentApplicationSubmittedSerializer(StudentApplicationDetailSerializer):
    weekly_budget = serializers.SerializerMethodField()

    class Meta(StudentApplicationDetailSerializer.Meta):
        fields = [*StudentApplicationDetailSerializer.Meta.fields, "weekly_budget"]

    @extend_schema_field(WeeklyBudgetSerializer)
    def get_weekly_budget(self, application: Application) -> dict[str, Any]:
        return WeeklyBudgetSerializer(self.context["weekly_budget"]).data


class StudentApplicationCountsSerializer(serializers.Serializer):
    all = serializers.IntegerField()
    active = serializers.IntegerField(help_text="Submitted or shortlisted.")
    accepted = serializers.IntegerField()
    closed = serializers.IntegerField(help_text="Not selected or withdrawn.")


class StudentApplicationFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=list(STUDENT_APPLICATION_GROUPS), required=False)


class ApplySerializer(serializers.Serializer):
    """What the apply page asks: the same shape checks as its form; the service checks the rest."""

    cover_note = serializers.CharField(
        max_length=COVER_NOTE_MAX,
        error_messages={"blank": "Write a short cover note: it is the first thing the employer reads."},
    )
    answers = serializers.ListField(
        child=serializers.CharField(max_length=ANSWER_MAX, allow_blank=True),
        required=False,
        default=list,
        help_text="One answer per screening question, in the project's order; every one is required.",
    )
    resume = serializers.FileField(
        required=False,
        help_text="Multipart only: a PDF of at most 5 MB, saved to the profile in place of any résumé there.",
    )


class StudentApplicationList(ListAPIView):
    permission_classes = STUDENT
    serializer_class = StudentApplicationSerializer
    queryset = Application.objects.none()  # for the schema; get_queryset scopes to the student

    def get_queryset(self) -> QuerySet[Application]:
        query = StudentApplicationFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        profile = student_profile_of(self.request)
        group = query.validated_data.get("status")
        return application_list_for_student(student=profile, group=group).order_by("-created_at", "-pk")

    @extend_schema(
        operation_id="applications_list",
        tags=["applications"],
        summary="My applications, newest first",
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=list(STUDENT_APPLICATION_GROUPS),
                description="active (submitted or shortlisted), accepted, or closed (not selected or "
                "withdrawn).",
            )
        ],
        responses={200: StudentApplicationSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class StudentApplicationCounts(APIView):
    permission_classes = STUDENT

    @extend_schema(
        operation_id="applications_counts",
        tags=["applications"],
        summary="How many of my applications are in each group",
        responses={200: StudentApplicationCountsSerializer, **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        counts = application_group_counts_for_student(student=student_profile_of(request))
        return Response(StudentApplicationCountsSerializer(counts).data)


def _student_application(request: Request, public_id) -> Application:
    return application_get_for_student(student=student_profile_of(request), public_id=public_id)


class StudentApplicationDetail(APIView):
    permission_classes = STUDENT

    @extend_schema(
        operation_id="applications_retrieve",
        tags=["applications"],
        summary="One of my applications, with its timeline",
        responses={200: StudentApplicationDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, public_id) -> Response:
        application = _student_application(request, public_id)
        return Response(StudentApplicationDetailSerializer(application).data)


class StudentApplicationWithdraw(APIView):
    permission_classes = STUDENT

    @extend_schema(
        operation_id="applications_withdraw",
        tags=["applications"],
        summary="Withdraw a submitted or shortlisted application",
        description="Withdrawing again changes nothing; an accepted application ends through its engagement.",
        request=None,
        responses={200: StudentApplicationDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id) -> Response:
        profile = student_profile_of(request)
        application = application_get_for_student(student=profile, public_id=public_id)
        application_withdraw(application=application, student=profile)
        fresh = application_get_for_student(student=profile, public_id=public_id)
        return Response(StudentApplicationDetailSerializer(fresh).data)


class ProjectApply(APIView):
    """The apply page's POST: `application_submit`, résumé replacement included. What to answer and whether
    the student may apply at all are on the project (GET /api/v1/projects/<id>/: screening_questions,
    refusal, weekly_budget)."""

    permission_classes = STUDENT

    @extend_schema(
        operation_id="projects_apply",
        tags=["applications"],
        summary="Apply to a project",
        description=(
            "JSON, or multipart to send a new résumé with it. Refusals (already applied, not verified, "
            "project closed or past its deadline, unanswered questions, a bad résumé) answer 400 and "
            "change nothing. `weekly_budget.exceeds` (also stored as `exceeds_weekly_budget`) warns that "
            "the project would take the student past their weekly hours; the application is made all the "
            "same."
        ),
        request={"application/json": ApplySerializer, "multipart/form-data": ApplySerializer},
        responses={201: StudentApplicationSubmittedSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id) -> Response:
        profile = student_profile_of(request)
        project = project_get_visible_for_student(student=profile, public_id=public_id)
        given = valid_input(ApplySerializer, request)
        application = application_submit(
            student=profile,
            project=project,
            cover_note=given["cover_note"],
            answers=given["answers"],
            resume=given.get("resume"),
        )
        fresh = application_get_for_student(student=profile, public_id=application.public_id)
        budget = application_weekly_budget(student=profile, project=project)
        body = StudentApplicationSubmittedSerializer(fresh, context={"weekly_budget": budget}).data
        return Response(body, status=status.HTTP_201_CREATED)


# Employers: a project's applicants ----------------------------------------------------------------------


class ApplicantStudentSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField(source="user.get_full_name")
    university = serializers.CharField(source="university.name", allow_null=True, default=None)
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


class ApplicantFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ApplicationStatus.choices, required=False)
    sort = serializers.ChoiceField(choices=["applied", "match"], required=False)


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

    @extend_schema(
        operation_id="employer_applicants_list",
        tags=["applications"],
        summary="The applicants of one of my organisation's projects, each with their match",
        parameters=[
            OpenApiParameter("status", str, enum=ApplicationStatus.values),
            OpenApiParameter(
                "sort", str, enum=["applied", "match"], description="applied (the default): first come first."
            ),
        ],
        responses={200: ApplicantSerializer(many=True), **error_responses(400, 401, 403, 404)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ApplicantBulkReject(APIView):
    permission_classes = EMPLOYER

    @extend_schema(
        operation_id="employer_applicants_reject",
        tags=["applications"],
        summary="Turn several applicants down with one note",
        description=(
            "Each applicant is decided on its own: one that cannot be rejected (say, accepted meanwhile) is "
            "reported in `refused` and the others are still turned down. Ids that are not this project's "
            "applicants answer 400 and nothing changes."
        ),
        request=BulkRejectSerializer,
        responses={200: BulkRejectResultSerializer, **error_responses(400, 401, 403, 404)},
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

    @extend_schema(
        operation_id="employer_applicants_retrieve",
        tags=["applications"],
        summary="One applicant: profile summary, cover note, answers, timeline, weekly hours and résumé",
        responses={200: ApplicantDetailSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, public_id) -> Response:
        return _applicant_response(request, public_id)


class ApplicantResume(APIView):
    permission_classes = EMPLOYER
    content_negotiation_class = DownloadNegotiation

    @extend_schema(
        operation_id="employer_applicants_resume",
        tags=["applications"],
        summary="Download an applicant's résumé",
        description="The PDF as an attachment; 404 when the applicant has none.",
        responses={
            (200, "application/pdf"): download_response("The résumé."),
            **error_responses(401, 403, 404),
        },
    )
    def get(self, request: Request, public_id) -> FileResponse:
        application = application_get_for_employer(user=request.user, public_id=public_id)
        # The résumé page's own rule decides, so the API can never show more than the page does.
        profile = student_get_resume_for_user(user=request.user, public_id=application.student.public_id)
        return resume_file_response(profile)


class ApplicantShortlist(APIView):
    permission_classes = EMPLOYER

    @extend_schema(
        operation_id="employer_applicants_shortlist",
        tags=["applications"],
        summary="Shortlist a submitted applicant",
        request=None,
        responses={200: ApplicantDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id) -> Response:
        application = application_get_for_employer(user=request.user, public_id=public_id)
        application_shortlist(application=application, by=request.user)
        return _applicant_response(request, public_id)


class ApplicantReject(APIView):
    permission_classes = EMPLOYER

    @extend_schema(
        operation_id="employer_applicants_reject_one",
        tags=["applications"],
        summary="Turn an applicant down with a note",
        request=RejectSerializer,
        responses={200: ApplicantDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id) -> Response:
        application = application_get_for_employer(user=request.user, public_id=public_id)
        given = valid_input(RejectSerializer, request)
        application_reject(application=application, by=request.user, note=given["note"])
        return _applicant_response(request, public_id)


class ApplicantAccept(APIView):
    permission_classes = EMPLOYER

    @extend_schema(
        operation_id="employer_applicants_accept",
        tags=["applications"],
        summary="Accept an applicant, which creates their engagement",
        description=(
            "Refused with 400 when every opening is filled or the project no longer takes applicants on. "
            "The answer's `engagement` is the new engagement's id; `weekly_budget.exceeds` warns that the "
            "student would go past their weekly hours."
        ),
        request=None,
        responses={200: ApplicantDetailSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id) -> Response:
        application = application_get_for_employer(user=request.user, public_id=public_id)
        application_accept(application=application, by=request.user)
        return _applicant_response(request, public_id)


urlpatterns = [
    path("applications/", StudentApplicationList.as_view(), name="api-application-list"),
    path("applications/counts/", StudentApplicationCounts.as_view(), name="api-application-counts"),
    path("applications/<uuid:public_id>/", StudentApplicationDetail.as_view(), name="api-application-detail"),
    path(
        "applications/<uuid:public_id>/withdraw/",
        StudentApplicationWithdraw.as_view(),
        name="api-application-withdraw",
    ),
    path("projects/<uuid:public_id>/apply/", ProjectApply.as_view(), name="api-project-apply"),
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
