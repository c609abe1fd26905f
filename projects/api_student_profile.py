"""The account and the student's own profile in the API: who am I, my profile (read and change it, with how
complete it is) and my résumé. The export of all my data (`me/export/`) is engagements/api/student_export.py.

Thin adapters over the profile pages' services: `student_profile_update` and `student_university_choose`
hold the rules, and `student_resume_set` checks an uploaded PDF by its content. Only `me/` is for every role;
the rest is for student accounts (403 for others), always about the signed-in student's own profile, so
there is nobody else's to reach. It lives in projects because a profile's skills are the projects' skill
taxonomy (`SkillRefSerializer`, `SkillListField`).
"""

from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.http import FileResponse, Http404
from django.urls import path, reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role, User
from accounts.permissions import StudentsOnly
from marketplace.api.downloads import DownloadNegotiation, download_response
from marketplace.api.serializers import error_responses
from projects.api import SkillListField, SkillRefSerializer
from students.downloads import resume_file_response
from students.models import StudentProfile
from students.selectors import (
    student_profile_for_user,
    student_profile_get_for_user,
    student_profile_progress,
)
from students.services import (
    MAX_LINKS,
    MAX_WEEKLY_HOURS,
    MIN_WEEKLY_HOURS,
    student_profile_ensure,
    student_profile_update,
    student_resume_remove,
    student_resume_set,
    student_university_choose,
    student_university_name,
)
from universities.models import University, UniversityRequest, UniversityRequestStatus
from universities.selectors import university_request_latest_for_user

TAG = "students"


class MeSerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    is_site_staff = serializers.BooleanField(source="is_superuser", read_only=True)

    class Meta:
        model = User
        fields = ["email", "full_name", "role", "is_site_staff", "date_joined"]
        read_only_fields = fields


class UniversityRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = University
        fields = ["name", "slug"]


class UniversityRequestSerializer(serializers.ModelSerializer):
    """The student's latest request for their university to be added."""

    status = serializers.ChoiceField(choices=UniversityRequestStatus.choices)

    class Meta:
        model = UniversityRequest
        fields = ["name", "domain", "status", "created_at", "handled_at"]


class ProgressStepSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    complete = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField(), help_text="What the step still needs.")


class ProgressSerializer(serializers.Serializer):
    """How complete the profile is, step by step, as the profile overview shows it."""

    percent = serializers.IntegerField()
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    complete = serializers.BooleanField()
    steps = ProgressStepSerializer(many=True)


class ResumeSerializer(serializers.Serializer):
    file_name = serializers.CharField()
    url = serializers.URLField(help_text="The résumé page (a browser session as its owner).")
    download_url = serializers.URLField(help_text="The same file through the API (a token works).")


class ProfileSerializer(serializers.ModelSerializer):
    """The signed-in student's profile. The university is verified by a confirmed university address or
    the career office, never here; an unverified student may choose (or clear) theirs by slug."""

    university = serializers.SerializerMethodField()
    is_verified = serializers.BooleanField(read_only=True)
    university_request = serializers.SerializerMethodField(
        help_text="The latest request for an unlisted university to be added (waiting, added or declined)."
    )
    skills = SkillRefSerializer(many=True, read_only=True)
    resume = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = StudentProfile
        fields = [
            "public_id",
            "university",
            "is_verified",
            "verified_at",
            "university_name",
            "university_request",
            "major",
            "graduation_year",
            "skills",
            "interests",
            "weekly_hours_available",
            "time_zone",
            "bio",
            "links",
            "portfolio_public",
            "resume",
            "progress",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(UniversityRefSerializer(allow_null=True))
    def get_university(self, profile: StudentProfile) -> dict[str, str] | None:
        return UniversityRefSerializer(profile.university).data if profile.university else None

    @extend_schema_field(UniversityRequestSerializer(allow_null=True))
    def get_university_request(self, profile: StudentProfile) -> dict[str, Any] | None:
        request = university_request_latest_for_user(user=profile.user)
        return UniversityRequestSerializer(request).data if request else None

    @extend_schema_field(ResumeSerializer(allow_null=True))
    def get_resume(self, profile: StudentProfile) -> dict[str, str] | None:
        if not profile.resume:
            return None
        request = self.context["request"]
        return {
            "file_name": PurePath(profile.resume.name).name,
            "url": request.build_absolute_uri(reverse("students:resume", args=[profile.public_id])),
            "download_url": request.build_absolute_uri(reverse("api-me-resume")),
        }

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, profile: StudentProfile) -> dict[str, Any]:
        progress = student_profile_progress(profile=profile)
        return {
            "percent": progress.percent,
            "done": progress.done,
            "total": progress.total,
            "complete": progress.complete,
            "steps": [
                {
                    "slug": step.slug,
                    "title": step.title,
                    "complete": step.complete,
                    "missing": list(step.missing),
                }
                for step in progress.steps
            ],
        }


class ProfileUpdateSerializer(serializers.Serializer):
    """Any subset of the profile's fields. Only the types are checked here; the values (years, hours, time
    zone, links, lengths) by `student_profile_update`, as for the profile pages."""

    university = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=University.objects.all(),
        allow_null=True,
        required=False,
        help_text="Only while unverified; null when the university is not listed.",
    )
    university_name = serializers.CharField(
        required=False,
        max_length=200,
        help_text="Only while unverified: the name of a university that is not listed, which asks for it "
        "to be added (for the domain of the account's email address).",
    )
    major = serializers.CharField(required=False, allow_blank=True)
    graduation_year = serializers.IntegerField(required=False, allow_null=True)
    skills = SkillListField(required=False, help_text="Skill slugs (or names), at most 25.")
    interests = serializers.ListField(child=serializers.CharField(), required=False)
    weekly_hours_available = serializers.IntegerField(
        required=False, help_text=f"From {MIN_WEEKLY_HOURS} to {MAX_WEEKLY_HOURS}."
    )
    time_zone = serializers.CharField(required=False, help_text="An IANA name, e.g. Europe/Paris.")
    bio = serializers.CharField(required=False, allow_blank=True)
    links = serializers.ListField(
        child=serializers.CharField(), required=False, help_text=f"Web addresses, at most {MAX_LINKS}."
    )
    portfolio_public = serializers.BooleanField(required=False)


class ResumeUploadSerializer(serializers.Serializer):
    resume = serializers.FileField(help_text="A PDF of at most 5 MB.")


def _profile_answer(request: Request) -> Response:
    """The profile as it is now, read afresh (university, skills) after any change."""
    profile = student_profile_for_user(user=request.user)
    return Response(ProfileSerializer(profile, context={"request": request}).data)


class MeView(APIView):
    @extend_schema(
        operation_id="me_retrieve",
        tags=[TAG],
        summary="The signed-in account",
        responses={200: MeSerializer, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


class ProfileView(APIView):
    permission_classes = [IsAuthenticated, StudentsOnly]

    @extend_schema(
        operation_id="me_profile_retrieve",
        tags=[TAG],
        summary="My student profile",
        responses={200: ProfileSerializer, **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        student_profile_ensure(user=request.user)
        return _profile_answer(request)

    @extend_schema(
        operation_id="me_profile_partial_update",
        tags=[TAG],
        summary="Change my student profile",
        description="Send only the fields to change. Nothing is saved when any of them is refused.",
        request=ProfileUpdateSerializer,
        responses={200: ProfileSerializer, **error_responses(400, 401, 403)},
    )
    def patch(self, request: Request) -> Response:
        profile = student_profile_ensure(user=request.user)
        serializer = ProfileUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        with transaction.atomic():
            if "university" in data:
                student_university_choose(profile=profile, university=data.pop("university"))
            if "university_name" in data:
                student_university_name(profile=profile, name=data.pop("university_name"))
            if data:
                student_profile_update(profile=profile, data=data)
        return _profile_answer(request)


class ResumeView(APIView):
    permission_classes = [IsAuthenticated, StudentsOnly]
    parser_classes = [MultiPartParser, FormParser]
    content_negotiation_class = DownloadNegotiation

    @extend_schema(
        operation_id="me_resume_retrieve",
        tags=[TAG],
        summary="Download my résumé",
        description="The PDF as an attachment; 404 when none is uploaded.",
        responses={
            (200, "application/pdf"): download_response("The résumé."),
            **error_responses(401, 403, 404),
        },
    )
    def get(self, request: Request) -> FileResponse:
        profile = student_profile_get_for_user(user=request.user)
        if not profile.resume:
            raise Http404("No résumé has been uploaded.")
        return resume_file_response(profile)

    @extend_schema(
        operation_id="me_resume_update",
        tags=[TAG],
        summary="Upload my résumé",
        description="Replaces the previous one. Checked by its content: a real PDF of at most 5 MB.",
        request={"multipart/form-data": ResumeUploadSerializer},
        responses={200: ProfileSerializer, **error_responses(400, 401, 403, 413, 415)},
    )
    def put(self, request: Request) -> Response:
        profile = student_profile_ensure(user=request.user)
        serializer = ResumeUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        student_resume_set(profile=profile, upload=serializer.validated_data["resume"])
        return _profile_answer(request)

    @extend_schema(
        operation_id="me_resume_destroy",
        tags=[TAG],
        summary="Delete my résumé",
        request=None,
        responses={200: ProfileSerializer, **error_responses(401, 403)},
    )
    def delete(self, request: Request) -> Response:
        student_resume_remove(profile=student_profile_ensure(user=request.user))
        return _profile_answer(request)


urlpatterns = [
    path("me/", MeView.as_view(), name="api-me"),
    path("me/profile/", ProfileView.as_view(), name="api-me-profile"),
    path("me/profile/resume/", ResumeView.as_view(), name="api-me-resume"),
]
