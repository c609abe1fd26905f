"""The competency evaluation and the reflection of a credit request, through the API: the same selectors and
services as the pages (courses/views_evaluation.py).

- `credit-requests/<id>/evaluation/`: members of the engagement's organisation read and write it (PUT, until
  the credit is signed off); the student and the course's faculty read it.
- `credit-requests/<id>/reflection/`: the student reads and writes it; the course's faculty read it.

Anyone else, and the employer asking for the reflection, gets 404; career staff get 403 for the area.
"""

from typing import Any

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from courses.models import CompetencyEvaluation, CreditRequest, CreditStatus, Reflection
from courses.selectors_credit import (
    CreditViewer,
    credit_evaluation_of,
    credit_reflection_of,
    credit_request_get_for_user,
)
from courses.services import (
    RUBRIC,
    RatingInput,
    evaluation_competencies,
    evaluation_submit,
    reflection_submit,
)
from courses.services.evaluation import (
    MAX_OUTCOME_ANSWER,
    MAX_OVERALL_COMMENT,
    MAX_RATING_COMMENT,
    MAX_SUMMARY,
    rating_key,
)
from engagements.models import EngagementStatus
from marketplace.api.serializers import error_responses, valid_input

TAG = "academic credit"
CREDIT_ROLES = (Role.STUDENT, Role.EMPLOYER, Role.FACULTY)


class CreditParties(BasePermission):
    """Students, employer members and faculty; career staff get 403 for the area."""

    message = "Academic credit is for its students, their faculty and the employers they work for."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.user.role in CREDIT_ROLES


PARTIES = [IsAuthenticated, CreditParties]


def _open(credit: CreditRequest) -> bool:
    return credit.status == CreditStatus.APPROVED and credit.engagement.status == EngagementStatus.COMPLETED


# --- Serializers -------------------------------------------------------------------------------------------


class CompetencySerializer(serializers.Serializer):
    key = serializers.CharField(
        help_text="Names the competency in `ratings`: a soft skill (`time_management`) or `skill-<slug>`."
    )
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["soft_skill", "skill"])


class CompetencyRubricLevelSerializer(serializers.Serializer):
    level = serializers.IntegerField(min_value=1, max_value=4)
    label = serializers.CharField()
    description = serializers.CharField()


class CompetencyRatingSerializer(serializers.Serializer):
    competency = serializers.SerializerMethodField()
    label = serializers.CharField()
    level = serializers.IntegerField(min_value=1, max_value=4)
    level_label = serializers.CharField(source="get_level_display")
    comment = serializers.CharField()

    def get_competency(self, rating: Any) -> str:
        return rating_key(rating)


class CompetencyEvaluationSerializer(serializers.ModelSerializer):
    evaluator_name = serializers.SerializerMethodField()
    ratings = serializers.SerializerMethodField()

    class Meta:
        model = CompetencyEvaluation
        fields = ["evaluator_name", "overall_comment", "ratings", "created_at", "updated_at"]

    def get_evaluator_name(self, evaluation: CompetencyEvaluation) -> str:
        return evaluation.evaluator.get_full_name() if evaluation.evaluator else ""

    @extend_schema_field(CompetencyRatingSerializer(many=True))
    def get_ratings(self, evaluation: CompetencyEvaluation) -> list[dict]:
        return CompetencyRatingSerializer(evaluation.ratings.select_related("skill"), many=True).data


class CompetencyEvaluationSheetSerializer(serializers.Serializer):
    credit_request = serializers.UUIDField(source="credit.public_id")
    credit_status = serializers.ChoiceField(choices=CreditStatus.choices, source="credit.status")
    can_edit = serializers.BooleanField(help_text="Whether you may PUT the evaluation now.")
    competencies = CompetencySerializer(many=True, help_text="What is rated, in order.")
    rubric = CompetencyRubricLevelSerializer(many=True, help_text="The scale every competency is rated on.")
    evaluation = CompetencyEvaluationSerializer(
        allow_null=True, help_text="Null until the employer sends it."
    )


class CompetencyRatingInputSerializer(serializers.Serializer):
    competency = serializers.CharField(max_length=120, help_text="A competency's `key`.")
    level = serializers.IntegerField(min_value=1, max_value=4)
    comment = serializers.CharField(
        max_length=MAX_RATING_COMMENT, allow_blank=True, required=False, default=""
    )


class CompetencyEvaluationInputSerializer(serializers.Serializer):
    ratings = CompetencyRatingInputSerializer(many=True, help_text="One rating per competency of the sheet.")
    overall_comment = serializers.CharField(
        max_length=MAX_OVERALL_COMMENT, allow_blank=True, required=False, default=""
    )

    def validate_ratings(self, ratings: list[dict]) -> list[dict]:
        keys = [rating["competency"] for rating in ratings]
        if len(keys) != len(set(keys)):
            raise serializers.ValidationError("Rate each competency once.")
        return ratings


class CreditReflectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reflection
        fields = ["summary", "outcome_answers", "created_at", "updated_at"]


class CreditReflectionSheetSerializer(serializers.Serializer):
    credit_request = serializers.UUIDField(source="credit.public_id")
    credit_status = serializers.ChoiceField(choices=CreditStatus.choices, source="credit.status")
    can_edit = serializers.BooleanField(help_text="Whether you may PUT the reflection now.")
    required_outcomes = serializers.ListField(
        child=serializers.CharField(), source="credit.required_outcomes", help_text="Answer each, in order."
    )
    reflection = CreditReflectionSerializer(allow_null=True, help_text="Null until the student writes it.")


class CreditReflectionInputSerializer(serializers.Serializer):
    summary = serializers.CharField(max_length=MAX_SUMMARY, allow_blank=True)
    outcome_answers = serializers.ListField(
        child=serializers.CharField(max_length=MAX_OUTCOME_ANSWER, allow_blank=True),
        max_length=20,
        help_text="One answer per required outcome, in their order.",
    )


# --- Endpoints ---------------------------------------------------------------------------------------------


class CreditEvaluationView(APIView):
    permission_classes = PARTIES

    @extend_schema(
        operation_id="credit_requests_evaluation_retrieve",
        tags=[TAG],
        summary="A credit request's competency evaluation (the employer, the student and the faculty)",
        responses={200: CompetencyEvaluationSheetSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, public_id) -> Response:
        credit, viewer = credit_request_get_for_user(user=request.user, public_id=public_id)
        return Response(self._sheet(credit, viewer))

    @extend_schema(
        operation_id="credit_requests_evaluation_update",
        tags=[TAG],
        summary="Send or change the competency evaluation (the employer's members, until sign-off)",
        description="Rate every competency of the sheet (1 to 4, with an optional comment) and add an "
        "optional overall comment; the whole evaluation is replaced. Open once the credit is approved and "
        "the work completed; closed once the faculty sign the credit off.",
        request=CompetencyEvaluationInputSerializer,
        responses={200: CompetencyEvaluationSheetSerializer, **error_responses(400, 401, 403, 404)},
    )
    def put(self, request: Request, public_id) -> Response:
        credit, viewer = credit_request_get_for_user(user=request.user, public_id=public_id)
        given = valid_input(CompetencyEvaluationInputSerializer, request)
        evaluation_submit(
            credit=credit,
            by=request.user,
            ratings={
                rating["competency"]: RatingInput(level=rating["level"], comment=rating["comment"])
                for rating in given["ratings"]
            },
            overall_comment=given["overall_comment"],
        )
        credit, viewer = credit_request_get_for_user(user=request.user, public_id=public_id)
        return Response(self._sheet(credit, viewer))

    def _sheet(self, credit: CreditRequest, viewer: CreditViewer) -> dict:
        sheet = {
            "credit": credit,
            "can_edit": viewer == CreditViewer.EMPLOYER and _open(credit),
            "competencies": evaluation_competencies(credit=credit),
            "rubric": RUBRIC,
            "evaluation": credit_evaluation_of(credit),
        }
        return CompetencyEvaluationSheetSerializer(sheet).data


class CreditReflectionView(APIView):
    permission_classes = PARTIES

    @extend_schema(
        operation_id="credit_requests_reflection_retrieve",
        tags=[TAG],
        summary="A credit request's reflection (the student and the faculty)",
        responses={200: CreditReflectionSheetSerializer, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, public_id) -> Response:
        return Response(self._sheet(*self._credit(request, public_id)))

    @extend_schema(
        operation_id="credit_requests_reflection_update",
        tags=[TAG],
        summary="Write or change the reflection (the student, until sign-off)",
        description="A summary of what you did (50 to 5,000 characters) and one answer per required outcome, "
        "in order. Open once the credit is approved and the work completed; closed once it is signed off.",
        request=CreditReflectionInputSerializer,
        responses={200: CreditReflectionSheetSerializer, **error_responses(400, 401, 403, 404)},
    )
    def put(self, request: Request, public_id) -> Response:
        credit, _viewer = self._credit(request, public_id)
        given = valid_input(CreditReflectionInputSerializer, request)
        reflection_submit(
            credit=credit, by=request.user, summary=given["summary"], outcome_answers=given["outcome_answers"]
        )
        return Response(self._sheet(*self._credit(request, public_id)))

    def _credit(self, request: Request, public_id) -> tuple[CreditRequest, CreditViewer]:
        credit, viewer = credit_request_get_for_user(user=request.user, public_id=public_id)
        if viewer == CreditViewer.EMPLOYER:
            raise Http404("No such credit request.")
        return credit, viewer

    def _sheet(self, credit: CreditRequest, viewer: CreditViewer) -> dict:
        sheet = {
            "credit": credit,
            "can_edit": viewer == CreditViewer.STUDENT and _open(credit),
            "reflection": credit_reflection_of(credit),
        }
        return CreditReflectionSheetSerializer(sheet).data


urlpatterns = [
    path(
        "credit-requests/<uuid:public_id>/evaluation/",
        CreditEvaluationView.as_view(),
        name="api-credit-evaluation",
    ),
    path(
        "credit-requests/<uuid:public_id>/reflection/",
        CreditReflectionView.as_view(),
        name="api-credit-reflection",
    ),
]
