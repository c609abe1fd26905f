"""The applications API for students: their own applications (list, counts, one with its timeline,
withdrawing) and applying to a project."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from applications.api.common import (
    STUDENT,
    ApplicationAnswerSerializer,
    ApplicationEventSerializer,
    EngagementIdField,
    endpoint_schema,
)
from applications.forms import ANSWER_MAX, COVER_NOTE_MAX
from applications.models import (
    PENDING_APPLICATION_STATUSES,
    Application,
)
from applications.selectors import (
    STUDENT_APPLICATION_GROUPS,
    application_get_for_student,
    application_group_counts_for_student,
    application_list_for_student,
    application_weekly_budget,
)
from applications.services.applications import (
    application_submit,
    application_withdraw,
)
from marketplace.api.query import QueryParametersSerializer
from marketplace.api.serializers import valid_input
from projects.api import WeeklyBudgetSerializer
from projects.models import Project
from projects.selectors import project_get_visible_for_student
from students.selectors import student_profile_get_for_user
from students.services import student_profile_ensure


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


class StudentApplicationFilterSerializer(QueryParametersSerializer):
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
        profile = student_profile_ensure(user=self.request.user)
        group = query.validated_data.get("status")
        return application_list_for_student(student=profile, group=group).order_by("-created_at", "-pk")

    @endpoint_schema(
        "applications_list",
        "My applications, newest first",
        StudentApplicationSerializer(many=True),
        errors=(400, 401, 403),
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=list(STUDENT_APPLICATION_GROUPS),
                description=(
                    "active (submitted or shortlisted), accepted, or closed (not selected or withdrawn)."
                ),
            )
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class StudentApplicationCounts(APIView):
    permission_classes = STUDENT

    @endpoint_schema(
        "applications_counts",
        "How many of my applications are in each group",
        StudentApplicationCountsSerializer,
        errors=(401, 403),
    )
    def get(self, request: Request) -> Response:
        counts = application_group_counts_for_student(student=student_profile_ensure(user=request.user))
        return Response(StudentApplicationCountsSerializer(counts).data)


def _student_application(request: Request, public_id) -> Application:
    # Only a profile has applications: a student without one yet gets 404, as for someone else's.
    profile = student_profile_get_for_user(user=request.user)
    return application_get_for_student(student=profile, public_id=public_id)


class StudentApplicationDetail(APIView):
    permission_classes = STUDENT

    @endpoint_schema(
        "applications_retrieve",
        "One of my applications, with its timeline",
        StudentApplicationDetailSerializer,
        errors=(401, 403, 404),
    )
    def get(self, request: Request, public_id) -> Response:
        application = _student_application(request, public_id)
        return Response(StudentApplicationDetailSerializer(application).data)


class StudentApplicationWithdraw(APIView):
    permission_classes = STUDENT

    @endpoint_schema(
        "applications_withdraw",
        "Withdraw a submitted or shortlisted application",
        StudentApplicationDetailSerializer,
        description="Withdrawing again changes nothing; an accepted application ends through its engagement.",
        request=None,
    )
    def post(self, request: Request, public_id) -> Response:
        profile = student_profile_get_for_user(user=request.user)
        application = application_get_for_student(student=profile, public_id=public_id)
        application_withdraw(application=application, student=profile)
        fresh = application_get_for_student(student=profile, public_id=public_id)
        return Response(StudentApplicationDetailSerializer(fresh).data)


class ProjectApply(APIView):
    """The apply page's POST: `application_submit`, résumé replacement included. What to answer and whether
    the student may apply at all are on the project (GET /api/v1/projects/<id>/: screening_questions,
    refusal, weekly_budget)."""

    permission_classes = STUDENT

    @endpoint_schema(
        "projects_apply",
        "Apply to a project",
        StudentApplicationSubmittedSerializer,
        code=201,
        description=(
            "JSON, or multipart to send a new résumé with it. Refusals (already applied, not "
            "verified, project closed or past its deadline, unanswered questions, a bad résumé) "
            "answer 400 and change nothing. `weekly_budget.exceeds` (also stored as "
            "`exceeds_weekly_budget`) warns that the project would take the student past their "
            "weekly hours; the application is made all the same."
        ),
        request={"application/json": ApplySerializer, "multipart/form-data": ApplySerializer},
    )
    def post(self, request: Request, public_id) -> Response:
        profile = student_profile_ensure(user=request.user)
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
