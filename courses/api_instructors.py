"""A course's instructors through the API: list them, add a confirmed colleague of the same university by
email, remove one. The same selectors and services as the edit page (courses/views_instructors.py);
callers who do not teach the course get 404."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from courses.api import TAG, ConfirmedFaculty, faculty_of
from courses.models import Course, FacultyProfile
from courses.selectors import course_get_for_instructor, course_instructors
from courses.services import course_instructor_add, course_instructor_remove
from marketplace.api.serializers import error_responses


class InstructorSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="Use it to remove the instructor.")
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    created_course = serializers.SerializerMethodField()

    class Meta:
        model = FacultyProfile
        fields = ["id", "email", "full_name", "department", "created_course"]
        read_only_fields = fields

    def get_created_course(self, profile: FacultyProfile) -> bool:
        return profile.pk == self.context["course"].created_by_id


class InstructorAddSerializer(serializers.Serializer):
    email = serializers.EmailField(
        max_length=254,
        help_text="The university address of a confirmed faculty member of the course's university.",
    )


def _course(request: Request, public_id) -> Course:
    return course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty_of(request))


class CourseInstructors(APIView):
    permission_classes = [ConfirmedFaculty]

    @extend_schema(
        operation_id="courses_instructors_list",
        tags=[TAG],
        summary="The instructors of one of my courses",
        responses={200: InstructorSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, public_id) -> Response:
        course = _course(request, public_id)
        instructors = course_instructors(course=course)
        return Response(InstructorSerializer(instructors, many=True, context={"course": course}).data)

    @extend_schema(
        operation_id="courses_instructors_add",
        tags=[TAG],
        summary="Add a co-instructor to one of my courses",
        description="201 when newly added, 200 when they already teach the course.",
        request=InstructorAddSerializer,
        responses={
            200: InstructorSerializer,
            201: InstructorSerializer,
            **error_responses(400, 401, 403, 404),
        },
    )
    def post(self, request: Request, public_id) -> Response:
        course = _course(request, public_id)
        serializer = InstructorAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"]
        profile, added = course_instructor_add(course=course, by=request.user, email=email)
        return Response(
            InstructorSerializer(profile, context={"course": course}).data,
            status=status.HTTP_201_CREATED if added else status.HTTP_200_OK,
        )


class CourseInstructor(APIView):
    permission_classes = [ConfirmedFaculty]

    @extend_schema(
        operation_id="courses_instructors_remove",
        tags=[TAG],
        summary="Remove an instructor from one of my courses",
        description=(
            "Never the last instructor; the one who created the course only by themselves. Removing "
            "yourself means you no longer see the course."
        ),
        responses={204: None, **error_responses(400, 401, 403, 404)},
    )
    def delete(self, request: Request, public_id, faculty_id: int) -> Response:
        course = _course(request, public_id)
        course_instructor_remove(course=course, by=request.user, faculty_id=faculty_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("courses/<uuid:public_id>/instructors/", CourseInstructors.as_view(), name="api-course-instructors"),
    path(
        "courses/<uuid:public_id>/instructors/<int:faculty_id>/",
        CourseInstructor.as_view(),
        name="api-course-instructor",
    ),
]
