"""The academic credit API: students list their credit requests and ask credit for an engagement; a
course's confirmed faculty list its requests, approve (with the outcomes the work must show), decline (with a
reason) and sign off. The same selectors and services as the pages (courses/views_credit.py).

Reading one request: its student and the course's faculty get the whole record; a member of the
engagement's employer gets the same shape with what is private to the student and the faculty left empty
(the note, the required outcomes, the decline reason, the result, grade and sign-off note). Anyone else gets
404; unconfirmed faculty 403, as on every faculty endpoint.
"""

from typing import Any

from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from accounts.permissions import StudentsOnly
from courses.api import ConfirmedFaculty
from courses.models import CreditRequest, CreditResult, CreditStatus
from courses.selectors import course_list_for_student, faculty_profile_for
from courses.selectors_credit import (
    CreditViewer,
    credit_evaluation_of,
    credit_reflection_of,
    credit_request_filter,
    credit_request_get_for_faculty,
    credit_request_get_for_user,
    credit_request_list_for_user,
)
from courses.services import (
    credit_request_approve,
    credit_request_create,
    credit_request_decline,
    credit_sign_off,
)
from courses.services.credit import MAX_GRADE_LENGTH, MAX_NOTE_LENGTH
from engagements.access import engagement_get_for_party
from marketplace.api.serializers import error_responses, valid_input

TAG = "academic credit"
PRIVATE_FIELDS = {
    "student_note": "",
    "required_outcomes": [],
    "decline_reason": "",
    "result": "",
    "grade": "",
    "sign_off_note": "",
    "reflection_submitted": False,
}


class _Readers(BasePermission):
    """Students, employer members and confirmed faculty: who may read a credit request (the object itself
    is then scoped by the selector, 404 for outsiders)."""

    message = "Only students, employers and confirmed faculty may read credit requests."
    roles = (Role.STUDENT, Role.EMPLOYER, Role.FACULTY)

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.role in self.roles):
            return False
        if user.role == Role.FACULTY:
            profile = faculty_profile_for(user=user)
            return profile is not None and profile.is_confirmed
        return True


class _Listers(_Readers):
    message = "Only students and confirmed faculty have credit requests to list."
    roles = (Role.STUDENT, Role.FACULTY)


class CreditCourseSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(source="course.public_id")
    code = serializers.CharField(source="course.code")
    title = serializers.CharField(source="course.title")
    university = serializers.CharField(source="course.university.name")


class CreditEngagementSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(source="engagement.public_id")
    status = serializers.CharField(source="engagement.status")
    project = serializers.CharField(source="engagement.project.title")
    employer = serializers.CharField(source="engagement.employer.name")


class CreditRequestSerializer(serializers.ModelSerializer):
    course = CreditCourseSerializer(source="*")
    engagement = CreditEngagementSerializer(source="*")
    student = serializers.CharField(source="student.user.get_full_name")
    evaluation_submitted = serializers.SerializerMethodField()
    reflection_submitted = serializers.SerializerMethodField()

    class Meta:
        model = CreditRequest
        fields = [
            "public_id",
            "course",
            "engagement",
            "student",
            "status",
            "student_note",
            "required_outcomes",
            "decided_at",
            "decline_reason",
            "evaluation_submitted",
            "reflection_submitted",
            "result",
            "grade",
            "sign_off_note",
            "signed_off_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_evaluation_submitted(self, credit: CreditRequest) -> bool:
        return credit_evaluation_of(credit) is not None

    def get_reflection_submitted(self, credit: CreditRequest) -> bool:
        return credit_reflection_of(credit) is not None

    def to_representation(self, credit: CreditRequest) -> dict[str, Any]:
        data = super().to_representation(credit)
        if self.context.get("viewer") == CreditViewer.EMPLOYER:
            data.update(PRIVATE_FIELDS)
        return data


class CreditFilterSerializer(serializers.Serializer):
    course = serializers.UUIDField(required=False, help_text="Only this course's requests (its public id).")
    status = serializers.ChoiceField(choices=CreditStatus.choices, required=False)


class CreditCreateSerializer(serializers.Serializer):
    engagement = serializers.UUIDField(help_text="The engagement (public id) the credit is for.")
    course = serializers.UUIDField(help_text="One of your courses (public id).")
    note = serializers.CharField(max_length=MAX_NOTE_LENGTH, required=False, allow_blank=True, default="")


class CreditApproveSerializer(serializers.Serializer):
    outcomes = serializers.ListField(
        child=serializers.CharField(max_length=300),
        max_length=10,
        required=False,
        default=list,
        help_text="Learning outcomes of the course the work must show: one at least when it names any.",
    )


class CreditDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_NOTE_LENGTH)


class CreditSignOffSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=CreditResult.choices)
    grade = serializers.CharField(
        max_length=MAX_GRADE_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        help_text="When result is grade.",
    )
    note = serializers.CharField(max_length=MAX_NOTE_LENGTH, required=False, allow_blank=True, default="")


def _course_for_student(request: Request, public_id) -> Any:
    course = course_list_for_student(user=request.user).filter(public_id=public_id).first()
    if course is None:
        raise serializers.ValidationError({"course": ["You are not enrolled in this course."]})
    return course


def _record(request: Request, credit: CreditRequest, code: int = status.HTTP_200_OK) -> Response:
    credit, viewer = credit_request_get_for_user(user=request.user, public_id=credit.public_id)
    return Response(CreditRequestSerializer(credit, context={"viewer": viewer}).data, status=code)


class CreditRequestList(generics.ListAPIView):
    serializer_class = CreditRequestSerializer
    queryset = CreditRequest.objects.none()  # for the schema; get_queryset scopes to the user

    def get_permissions(self) -> list[BasePermission]:
        return [StudentsOnly()] if self.request.method == "POST" else [_Listers()]

    def get_queryset(self) -> QuerySet[CreditRequest]:
        query = CreditFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return credit_request_filter(
            credit_request_list_for_user(user=self.request.user), **query.validated_data
        )

    @extend_schema(
        operation_id="credit_requests_list",
        tags=[TAG],
        summary="My credit requests (students) or my courses' (faculty)",
        parameters=[CreditFilterSerializer],
        responses={200: CreditRequestSerializer(many=True), **error_responses(400, 401, 403)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="credit_requests_create",
        tags=[TAG],
        summary="Ask that one of my engagements count for one of my courses",
        request=CreditCreateSerializer,
        responses={201: CreditRequestSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request) -> Response:
        data = valid_input(CreditCreateSerializer, request)
        engagement, _party = engagement_get_for_party(user=request.user, public_id=data["engagement"])
        course = _course_for_student(request, data["course"])
        credit = credit_request_create(
            engagement=engagement, course=course, by=request.user, note=data["note"]
        )
        return _record(request, credit, status.HTTP_201_CREATED)


class CreditRequestDetail(APIView):
    permission_classes = [_Readers]

    @extend_schema(
        operation_id="credit_requests_retrieve",
        tags=[TAG],
        summary="One credit request (employers see only that it exists and its status)",
        responses={200: CreditRequestSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, public_id) -> Response:
        credit, viewer = credit_request_get_for_user(user=request.user, public_id=public_id)
        return Response(CreditRequestSerializer(credit, context={"viewer": viewer}).data)


class CreditRequestApprove(APIView):
    permission_classes = [ConfirmedFaculty]

    @extend_schema(
        operation_id="credit_requests_approve",
        tags=[TAG],
        summary="Approve a credit request, naming the outcomes the work must show",
        request=CreditApproveSerializer,
        responses={200: CreditRequestSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id) -> Response:
        credit = credit_request_get_for_faculty(user=request.user, public_id=public_id)
        data = valid_input(CreditApproveSerializer, request)
        credit = credit_request_approve(credit=credit, by=request.user, outcomes=data["outcomes"])
        return _record(request, credit)


class CreditRequestDecline(APIView):
    permission_classes = [ConfirmedFaculty]

    @extend_schema(
        operation_id="credit_requests_decline",
        tags=[TAG],
        summary="Decline a credit request (or withdraw an approval) with a reason",
        request=CreditDeclineSerializer,
        responses={200: CreditRequestSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id) -> Response:
        credit = credit_request_get_for_faculty(user=request.user, public_id=public_id)
        data = valid_input(CreditDeclineSerializer, request)
        credit = credit_request_decline(credit=credit, by=request.user, reason=data["reason"])
        return _record(request, credit)


class CreditRequestSignOff(APIView):
    permission_classes = [ConfirmedFaculty]

    @extend_schema(
        operation_id="credit_requests_sign_off",
        tags=[TAG],
        summary="Sign off approved credit: pass, fail or a grade, with a note (final)",
        description="Only once the work is completed and both the employer's evaluation and the student's "
        "reflection are in.",
        request=CreditSignOffSerializer,
        responses={200: CreditRequestSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id) -> Response:
        credit = credit_request_get_for_faculty(user=request.user, public_id=public_id)
        data = valid_input(CreditSignOffSerializer, request)
        credit = credit_sign_off(credit=credit, by=request.user, **data)
        return _record(request, credit)


urlpatterns = [
    path("credit-requests/", CreditRequestList.as_view(), name="api-credit-requests"),
    path("credit-requests/<uuid:public_id>/", CreditRequestDetail.as_view(), name="api-credit-request"),
    path(
        "credit-requests/<uuid:public_id>/approve/",
        CreditRequestApprove.as_view(),
        name="api-credit-request-approve",
    ),
    path(
        "credit-requests/<uuid:public_id>/decline/",
        CreditRequestDecline.as_view(),
        name="api-credit-request-decline",
    ),
    path(
        "credit-requests/<uuid:public_id>/sign-off/",
        CreditRequestSignOff.as_view(),
        name="api-credit-request-sign-off",
    ),
]
