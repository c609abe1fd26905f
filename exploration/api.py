"""Career exploration in the API: the signed-in student's exploration (fields, hours, skills over time,
paths not tried with their match reasons, future-hire marks, invitations) and their answer to an
invitation; an employer member's future-hire mark, talent list and invitations. The same selectors and
services as the pages (exploration/views.py)."""

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import EmployersOnly, StudentsOnly
from employers.selectors import employer_get_for_member
from exploration.models import FutureHire, TalentInvitation
from exploration.selectors import (
    employer_open_projects,
    exploration_for_student,
    future_hire_list_for_student,
    invitation_get_for_student,
    invitation_list_for_student,
    talent_list_for_employer,
    unexplored_matches_for_student,
)
from exploration.services import future_hire_mark, invitation_respond, talent_invite
from marketplace.api.serializers import error_responses, valid_input
from matching.api import RecommendationSerializer
from students.services import student_profile_ensure

TAG = "exploration"


class FieldRowSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field's code (a skill category).")
    label = serializers.CharField()
    worked = serializers.IntegerField(help_text="Engagements in this field (not cancelled).")
    applied = serializers.IntegerField()
    saved = serializers.IntegerField()
    hours = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="Hours logged in this field.")


class SkillRowSerializer(serializers.Serializer):
    name = serializers.CharField()
    from_work = serializers.IntegerField(help_text="Approved deliverables of projects requiring it.")
    from_reviews = serializers.IntegerField(help_text="Employer reviews endorsing it.")


class MonthSerializer(serializers.Serializer):
    month = serializers.CharField()
    skills = serializers.IntegerField(help_text="Distinct skills shown up to the end of this month.")


class FutureHireSerializer(serializers.ModelSerializer):
    employer = serializers.CharField(source="employer.name", read_only=True)
    project = serializers.CharField(source="engagement.project.title", read_only=True)

    class Meta:
        model = FutureHire
        fields = ["id", "employer", "project", "shown_on_portfolio", "created_at"]
        read_only_fields = fields


class InvitationSerializer(serializers.ModelSerializer):
    employer = serializers.CharField(source="employer.name", read_only=True)
    project = serializers.UUIDField(source="project.public_id", read_only=True)
    project_title = serializers.CharField(source="project.title", read_only=True)

    class Meta:
        model = TalentInvitation
        fields = ["public_id", "employer", "project", "project_title", "message", "status", "created_at"]
        read_only_fields = fields


class ExplorationSerializer(serializers.Serializer):
    fields = FieldRowSerializer(many=True)
    skills = SkillRowSerializer(many=True)
    skills_by_month = MonthSerializer(many=True)
    paths = RecommendationSerializer(many=True, help_text="Open projects in fields not explored yet.")
    future_hire_marks = FutureHireSerializer(many=True)
    invitations = InvitationSerializer(many=True)


class ExplorationView(APIView):
    permission_classes = [IsAuthenticated, StudentsOnly]

    @extend_schema(
        operation_id="exploration_retrieve",
        tags=[TAG],
        summary="My career exploration",
        description="Fields worked in, applied to and saved; hours per field; skills shown over time; paths "
        "not tried with their match reasons; future-hire marks; invitations to apply. Students only.",
        responses={200: ExplorationSerializer, **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        student = student_profile_ensure(user=request.user)
        exploration = exploration_for_student(student=student)
        data: dict[str, Any] = {
            "fields": exploration.fields,
            "skills": exploration.skills,
            "skills_by_month": [{"month": m, "skills": n} for m, n in exploration.skills_by_month],
            "paths": unexplored_matches_for_student(student=student),
            "future_hire_marks": future_hire_list_for_student(student=student),
            "invitations": invitation_list_for_student(student=student),
        }
        return Response(ExplorationSerializer(data, context={"request": request}).data)


class AnswerSerializer(serializers.Serializer):
    accept = serializers.BooleanField(help_text="true accepts (then apply), false declines.")


class AnsweredSerializer(serializers.Serializer):
    status = serializers.CharField()
    next_url = serializers.CharField(help_text="Where to go next: the project's apply page when accepted.")


class InvitationAnswerView(APIView):
    permission_classes = [IsAuthenticated, StudentsOnly]

    @extend_schema(
        operation_id="talent_invitation_answer",
        tags=[TAG],
        summary="Accept or decline an invitation to apply",
        request=AnswerSerializer,
        responses={200: AnsweredSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id) -> Response:
        accept = valid_input(AnswerSerializer, request)["accept"]
        invitation = invitation_get_for_student(user=request.user, public_id=public_id)
        url = invitation_respond(invitation=invitation, accept=accept)
        return Response({"status": invitation.status, "next_url": url})


class FutureHireMarkView(APIView):
    permission_classes = [IsAuthenticated, EmployersOnly]

    @extend_schema(
        operation_id="future_hire_mark",
        tags=[TAG],
        summary="Mark a completed engagement's student as a future hire",
        description="Members of the engagement's organisation, once it is completed. 201 when new, 200 if "
        "the organisation had already marked the student.",
        request=None,
        responses={
            200: FutureHireSerializer,
            201: FutureHireSerializer,
            **error_responses(400, 401, 403, 404),
        },
    )
    def post(self, request: Request, public_id) -> Response:
        mark, created = future_hire_mark(engagement_public_id=public_id, by=request.user)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(FutureHireSerializer(mark).data, status=code)


class TalentSerializer(serializers.ModelSerializer):
    student = serializers.IntegerField(source="student_id", read_only=True, help_text="Pass it to invite.")
    name = serializers.CharField(source="student.user.get_full_name", read_only=True)
    project = serializers.CharField(source="engagement.project.title", read_only=True)
    open_invitation_project = serializers.CharField(
        read_only=True, allow_null=True, help_text="The project of the open invitation, if any."
    )

    class Meta:
        model = FutureHire
        fields = ["student", "name", "project", "open_invitation_project", "created_at"]
        read_only_fields = fields


class InviteSerializer(serializers.Serializer):
    student = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    project = serializers.UUIDField(help_text="The public id of one of the organisation's open projects.")
    message = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class TalentListView(APIView):
    permission_classes = [IsAuthenticated, EmployersOnly]

    @extend_schema(
        operation_id="talent_list",
        tags=[TAG],
        summary="My organisation's talent list",
        description="The students the organisation marked as future hires. Its members only (404 otherwise).",
        responses={200: TalentSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, slug: str) -> Response:
        employer = employer_get_for_member(user=request.user, slug=slug)
        return Response(TalentSerializer(talent_list_for_employer(employer=employer), many=True).data)


class TalentInviteView(APIView):
    permission_classes = [IsAuthenticated, EmployersOnly]

    @extend_schema(
        operation_id="talent_invite",
        tags=[TAG],
        summary="Invite a student of the talent list to apply to an open project",
        description="One open invitation per student per organisation; only students it marked.",
        request=InviteSerializer,
        responses={201: InvitationSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, slug: str) -> Response:
        employer = employer_get_for_member(user=request.user, slug=slug)
        payload = valid_input(InviteSerializer, request)
        project = employer_open_projects(employer=employer).filter(public_id=payload["project"]).first()
        if project is None:
            raise serializers.ValidationError(
                {"project": ["Choose one of your organisation's open projects."]}
            )
        invitation = talent_invite(
            employer=employer,
            student_id=payload["student"],
            project=project,
            by=request.user,
            message=payload["message"],
        )
        return Response(InvitationSerializer(invitation).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("exploration/", ExplorationView.as_view(), name="api-exploration"),
    path(
        "talent-invitations/<uuid:public_id>/answer/",
        InvitationAnswerView.as_view(),
        name="api-talent-invitation-answer",
    ),
    path("engagements/<uuid:public_id>/future-hire/", FutureHireMarkView.as_view(), name="api-future-hire"),
    path("employers/<slug:slug>/talent/", TalentListView.as_view(), name="api-talent-list"),
    path("employers/<slug:slug>/talent/invitations/", TalentInviteView.as_view(), name="api-talent-invite"),
]
