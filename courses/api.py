"""The courses API: faculty list, create, read and change their own courses and see who is enrolled;
students list their courses and join one by code. The same selectors and services as the pages
(courses/views.py). Faculty not yet confirmed by their career office get 403 on the faculty endpoints."""

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import FacultyOnly, StudentsOnly
from courses.models import Course, Enrolment, FacultyProfile, SoftSkill
from courses.selectors import (
    course_enrolment_rows,
    course_get_for_instructor,
    course_list_for_faculty,
    course_list_for_student,
    faculty_profile_for,
)
from courses.services import COURSE_FIELDS, course_create, course_join, course_update
from marketplace.api.serializers import error_responses
from projects.models import Skill
from projects.skill_picker import skills_resolve

TAG = "courses"


class ConfirmedFaculty(FacultyOnly):
    message = "Only faculty confirmed by their university's career office may use this endpoint."

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not super().has_permission(request, view):
            return False
        profile = faculty_profile_for(user=request.user)
        request.faculty_profile = profile  # read once: the endpoint's selectors take it (`faculty_of`)
        return profile is not None and profile.is_confirmed


def faculty_of(request: Request) -> FacultyProfile | None:
    """The caller's faculty profile as ConfirmedFaculty read it (None when it did not run)."""
    return getattr(request, "faculty_profile", None)


class SkillSlugsField(serializers.ListField):
    """Skills by slug (or name or synonym, as the pages' skill picker accepts)."""

    child = serializers.CharField(max_length=100)

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 15)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> list[Skill]:
        skills, unknown = skills_resolve(super().to_internal_value(data))
        if unknown:
            raise serializers.ValidationError([f"“{entry}” is not a skill we know." for entry in unknown])
        return skills

    def to_representation(self, value: Any) -> list[str]:
        return [skill.slug for skill in value.all()]


class CourseSerializer(serializers.ModelSerializer):
    learning_outcomes = serializers.ListField(
        child=serializers.CharField(max_length=300), max_length=10, required=False
    )
    soft_skills = serializers.ListField(
        child=serializers.ChoiceField(choices=SoftSkill.choices), required=False
    )
    skills = SkillSlugsField(required=False, help_text="Skills assessed, by slug.")

    class Meta:
        model = Course
        fields = ["public_id", *COURSE_FIELDS, "skills"]
        read_only_fields = ["public_id"]


class FacultyCourseSerializer(CourseSerializer):
    enrolled_count = serializers.IntegerField(read_only=True)

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "join_code", "enrolled_count"]
        read_only_fields = ["public_id", "join_code", "enrolled_count"]


class EnrolledStudentSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="student.user.email")
    full_name = serializers.CharField(source="student.user.full_name")
    application_count = serializers.IntegerField()
    engagement_count = serializers.IntegerField()
    late_milestone_count = serializers.IntegerField()
    hours_logged = serializers.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        model = Enrolment
        fields = [
            "email",
            "full_name",
            "source",
            "enrolled_at",
            "application_count",
            "engagement_count",
            "late_milestone_count",
            "hours_logged",
        ]


class JoinSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=20)


class FacultyCourseList(generics.ListCreateAPIView):
    permission_classes = [ConfirmedFaculty]
    serializer_class = FacultyCourseSerializer

    def get_queryset(self):
        return course_list_for_faculty(
            user=self.request.user, faculty=faculty_of(self.request)
        ).prefetch_related("skills")

    @extend_schema(
        operation_id="courses_list",
        tags=[TAG],
        summary="The courses I teach",
        responses={200: FacultyCourseSerializer(many=True), **error_responses(403)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="courses_create",
        tags=[TAG],
        summary="Create a course",
        responses={201: FacultyCourseSerializer, **error_responses(400, 403)},
    )
    def post(self, request: Request, *args, **kwargs) -> Response:
        serializer = FacultyCourseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        course = course_create(by=request.user, **serializer.validated_data)
        course = course_get_for_instructor(
            user=request.user, public_id=course.public_id, faculty=faculty_of(request)
        )
        return Response(FacultyCourseSerializer(course).data, status=status.HTTP_201_CREATED)


class FacultyCourseDetail(APIView):
    permission_classes = [ConfirmedFaculty]

    @extend_schema(
        operation_id="courses_retrieve",
        tags=[TAG],
        summary="One of my courses",
        responses={200: FacultyCourseSerializer, **error_responses(403, 404)},
    )
    def get(self, request: Request, public_id) -> Response:
        return Response(FacultyCourseSerializer(self._course(request, public_id)).data)

    @extend_schema(
        operation_id="courses_partial_update",
        tags=[TAG],
        summary="Change one of my courses",
        request=FacultyCourseSerializer,
        responses={200: FacultyCourseSerializer, **error_responses(400, 403, 404)},
    )
    def patch(self, request: Request, public_id) -> Response:
        course = self._course(request, public_id)
        serializer = FacultyCourseSerializer(course, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        course_update(course=course, by=request.user, **serializer.validated_data)
        return Response(FacultyCourseSerializer(self._course(request, public_id)).data)

    def _course(self, request: Request, public_id) -> Course:
        return course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty_of(request))


class FacultyCourseStudents(generics.ListAPIView):
    permission_classes = [ConfirmedFaculty]
    serializer_class = EnrolledStudentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks with no course
            return Enrolment.objects.none()
        course = course_get_for_instructor(
            user=self.request.user, public_id=self.kwargs["public_id"], faculty=faculty_of(self.request)
        )
        return course_enrolment_rows(course=course)

    @extend_schema(
        operation_id="courses_students_list",
        tags=[TAG],
        summary="The students enrolled in one of my courses, with the term's work",
        responses={200: EnrolledStudentSerializer(many=True), **error_responses(403, 404)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class StudentCourseList(generics.ListAPIView):
    permission_classes = [StudentsOnly]
    serializer_class = CourseSerializer

    def get_queryset(self):
        return course_list_for_student(user=self.request.user)

    @extend_schema(
        operation_id="my_courses_list",
        tags=[TAG],
        summary="The courses I am enrolled in",
        responses={200: CourseSerializer(many=True), **error_responses(403)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class StudentCourseJoin(APIView):
    permission_classes = [StudentsOnly]

    @extend_schema(
        operation_id="my_courses_join",
        tags=[TAG],
        summary="Join a course by its join code",
        description="201 when newly enrolled, 200 when already enrolled.",
        request=JoinSerializer,
        responses={200: CourseSerializer, 201: CourseSerializer, **error_responses(400, 403)},
    )
    def post(self, request: Request) -> Response:
        serializer = JoinSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        course, created = course_join(user=request.user, code=serializer.validated_data["code"])
        return Response(
            CourseSerializer(course).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


urlpatterns = [
    path("courses/", FacultyCourseList.as_view(), name="api-courses"),
    path("courses/<uuid:public_id>/", FacultyCourseDetail.as_view(), name="api-course"),
    path("courses/<uuid:public_id>/students/", FacultyCourseStudents.as_view(), name="api-course-students"),
    path("me/courses/", StudentCourseList.as_view(), name="api-my-courses"),
    path("me/courses/join/", StudentCourseJoin.as_view(), name="api-my-courses-join"),
]
