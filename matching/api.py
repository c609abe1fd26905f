"""Recommendations in the API: the signed-in student's best-matching open projects, each with its score and
the reasons behind it ("Recommended for you" on the dashboard, as JSON).

A thin adapter over `matching.selectors.match_list_for_student`: the same ranking and the same visibility
rules as the dashboard. For student accounts only (403 for other roles, 401 for the anonymous).
"""

from collections.abc import Sequence
from typing import Any

from django.db.models import prefetch_related_objects
from django.urls import include, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.permissions import StudentsOnly
from marketplace.api.pagination import StandardPagination
from marketplace.api.serializers import PageUrlField, error_responses
from matching.reasons import Match
from matching.selectors import match_count_for_student, match_list_for_student
from projects.api import ProjectCardSerializer
from projects.models import Project
from students.models import StudentProfile
from students.services import student_profile_ensure

TAG = "matching"


class RecommendedProjectSerializer(ProjectCardSerializer):
    url = PageUrlField("projects:detail")

    class Meta(ProjectCardSerializer.Meta):
        fields = [*ProjectCardSerializer.Meta.fields, "url"]
        read_only_fields = fields


class RecommendationSerializer(serializers.Serializer):
    project = RecommendedProjectSerializer(read_only=True)
    score = serializers.IntegerField(min_value=0, max_value=100, help_text="How well it matches, 0-100.")
    why = serializers.CharField(help_text="The match in one line.")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Each reason in a sentence.")
    matched_skills = serializers.ListField(
        child=serializers.CharField(), help_text="Names of the required skills the student has."
    )
    missing_skills = serializers.ListField(
        child=serializers.CharField(), help_text="Names of the required skills the student lacks."
    )
    nice_skills = serializers.ListField(
        child=serializers.CharField(), help_text="Names of the nice-to-have skills the student has."
    )
    hours_fit = serializers.BooleanField(help_text="Whether the hours fit the student's week.")

    def to_representation(self, instance: tuple[Project, Match]) -> dict[str, Any]:
        project, match = instance
        return {
            "project": RecommendedProjectSerializer(project, context=self.context).data,
            "score": match.score,
            "why": match.why,
            "reasons": match.reasons,
            "matched_skills": match.matched_skills,
            "missing_skills": match.missing_skills,
            "nice_skills": match.nice_skills,
            "hours_fit": match.hours_fit,
        }


class RecommendationPages(Sequence):
    """The student's ranked matches as a sequence the paginator can count and slice: each slice ranks in
    SQL and loads only its own page (constant queries per page)."""

    def __init__(self, student: StudentProfile) -> None:
        self.student = student
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = match_count_for_student(student=self.student)
        return self._count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("Recommendations are read a page at a time.")
        start = index.start or 0
        stop = index.stop if index.stop is not None else len(self)
        matches = match_list_for_student(student=self.student, limit=max(0, stop - start), offset=start)
        prefetch_related_objects(
            [project for project, _ in matches], "required_skills", "nice_to_have_skills"
        )
        return matches


class RecommendationList(GenericAPIView):
    """Open projects recommended for the signed-in student, best match first."""

    permission_classes = [IsAuthenticated, StudentsOnly]
    pagination_class = StandardPagination
    serializer_class = RecommendationSerializer
    queryset = Project.objects.none()  # for the schema only: the list comes from match_list_for_student

    @extend_schema(
        operation_id="recommendations_list",
        tags=[TAG],
        summary="Projects recommended for me",
        description=(
            "Open projects the student may see and has not applied to, sharing at least one skill with "
            "their profile, best match first (then the nearest deadline). Empty until the profile lists "
            "skills. Student accounts only."
        ),
        responses={200: RecommendationSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        student = student_profile_ensure(user=request.user)
        page = self.paginate_queryset(RecommendationPages(student))
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)


urlpatterns = [
    # The employer's applicants, ranked by match (matching/api_applicants.py).
    path("", include("matching.api_applicants")),
    path("recommendations/", RecommendationList.as_view(), name="api-recommendation-list"),
]
