"""The course-linked projects API: employers browse the courses taking proposals, propose their projects,
list and withdraw their proposals; a course's confirmed faculty list its links, accept, decline (with a
reason), adopt and remove projects. The same selectors and services as the pages (courses/views_projects.py).

Outsiders get 404 for a course or a link that is not theirs; a service's refusal is a 400 with field errors.
"""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import EmployersOnly
from courses.api import ConfirmedFaculty
from courses.models import Course, CourseProject, CourseProjectStatus
from courses.selectors import course_get_for_instructor
from courses.selectors_projects import (
    course_adoptable_project_get,
    course_adoptable_projects,
    course_list_taking_proposals,
    course_project_get_for_course,
    course_project_get_for_employer,
    course_project_links_for_course,
    course_project_list_for_employer,
    project_list_proposable,
)
from courses.services import (
    course_project_accept,
    course_project_adopt,
    course_project_decline,
    course_project_propose,
    course_project_remove,
    course_project_withdraw,
)
from courses.services.course_projects import MAX_MESSAGE_LENGTH, MAX_REASON_LENGTH
from marketplace.api.serializers import error_responses, valid_input
from projects.models import Project

TAG = "course projects"


class LinkCourseSerializer(serializers.ModelSerializer):
    university = serializers.CharField(source="university.name")

    class Meta:
        model = Course
        fields = ["public_id", "code", "title", "university", "term_start", "term_end"]


class OpenCourseSerializer(LinkCourseSerializer):
    instructors = serializers.SerializerMethodField()

    class Meta(LinkCourseSerializer.Meta):
        fields = [*LinkCourseSerializer.Meta.fields, "learning_outcomes", "instructors"]

    def get_instructors(self, course: Course) -> list[str]:
        return [instructor.user.get_full_name() for instructor in course.instructors.all()]


class LinkProjectSerializer(serializers.ModelSerializer):
    employer = serializers.CharField(source="employer.name")

    class Meta:
        model = Project
        fields = [
            "public_id",
            "title",
            "employer",
            "status",
            "visibility",
            "application_deadline",
            "due_date",
        ]


class CourseProjectSerializer(serializers.ModelSerializer):
    course = LinkCourseSerializer()
    project = LinkProjectSerializer()
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = CourseProject
        fields = [
            "id",
            "course",
            "project",
            "origin",
            "status",
            "status_label",
            "message",
            "decline_reason",
            "created_at",
            "decided_at",
        ]


class CourseProjectProposalInput(serializers.Serializer):
    course = serializers.UUIDField(help_text="The public id of a course taking proposals.")
    project = serializers.UUIDField(help_text="The public id of one of your drafts or open projects.")
    message = serializers.CharField(
        max_length=MAX_MESSAGE_LENGTH, required=False, allow_blank=True, default=""
    )


class CourseProjectDeclineInput(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_REASON_LENGTH)


class CourseProjectRemoveInput(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_REASON_LENGTH, required=False, allow_blank=True, default="")


class CourseProjectAdoptInput(serializers.Serializer):
    project = serializers.UUIDField(help_text="The public id of an open project your students can see.")


QUERY = OpenApiParameter("q", str, description="Search text.", required=False)


# --- Employers ---------------------------------------------------------------------------------------------


class OpenCourseList(generics.ListAPIView):
    permission_classes = [EmployersOnly]
    serializer_class = OpenCourseSerializer

    def get_queryset(self):
        return course_list_taking_proposals(query=self.request.query_params.get("q", "")[:100])

    @extend_schema(
        operation_id="course_proposal_courses_list",
        tags=[TAG],
        summary="Courses taking project proposals",
        parameters=[QUERY],
        responses={200: OpenCourseSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class ProposalList(generics.ListAPIView):
    permission_classes = [EmployersOnly]
    serializer_class = CourseProjectSerializer

    def get_queryset(self):
        return course_project_list_for_employer(user=self.request.user)

    @extend_schema(
        operation_id="course_proposals_list",
        tags=[TAG],
        summary="My organisations' course proposals and adopted projects",
        responses={200: CourseProjectSerializer(many=True), **error_responses(401, 403)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="course_proposals_create",
        tags=[TAG],
        summary="Propose one of my projects to a course",
        request=CourseProjectProposalInput,
        responses={201: CourseProjectSerializer, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        data = valid_input(CourseProjectProposalInput, request)
        course = course_list_taking_proposals().filter(public_id=data["course"]).first()
        project = project_list_proposable(user=request.user).filter(public_id=data["project"]).first()
        errors = {}
        if course is None:
            errors["course"] = ["No course taking proposals has this id."]
        if project is None:
            errors["project"] = ["None of your drafts or open projects free to propose has this id."]
        if errors:
            raise serializers.ValidationError(errors)
        link = course_project_propose(
            by=request.user, course=course, project=project, message=data["message"]
        )
        link = course_project_get_for_employer(user=request.user, pk=link.pk)
        return Response(CourseProjectSerializer(link).data, status=status.HTTP_201_CREATED)


class ProposalWithdraw(APIView):
    permission_classes = [EmployersOnly]

    @extend_schema(
        operation_id="course_proposals_withdraw",
        tags=[TAG],
        summary="Withdraw a proposal the faculty have not decided on",
        request=None,
        responses={200: CourseProjectSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        link = course_project_get_for_employer(user=request.user, pk=pk)
        course_project_withdraw(by=request.user, link=link)
        return Response(
            CourseProjectSerializer(course_project_get_for_employer(user=request.user, pk=pk)).data
        )


# --- Faculty -----------------------------------------------------------------------------------------------


def _course(request: Request, public_id) -> Course:
    return course_get_for_instructor(user=request.user, public_id=public_id)


class CourseLinkList(generics.ListAPIView):
    permission_classes = [ConfirmedFaculty]
    serializer_class = CourseProjectSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator asks with no course
            return CourseProject.objects.none()
        course = _course(self.request, self.kwargs["public_id"])
        return course_project_links_for_course(course=course).select_related("course__university")

    @extend_schema(
        operation_id="course_projects_list",
        tags=[TAG],
        summary="One of my courses' proposals waiting and projects taken on",
        responses={200: CourseProjectSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class _LinkAction(APIView):
    permission_classes = [ConfirmedFaculty]

    def _link(self, request: Request, public_id, pk: int, **kwargs) -> CourseProject:
        return course_project_get_for_course(course=_course(request, public_id), pk=pk, **kwargs)

    def _answer(self, request: Request, public_id, link: CourseProject) -> Response:
        link = (
            course_project_links_for_course(course=link.course, statuses=[link.status])
            .select_related("course__university")
            .get(pk=link.pk)
        )
        return Response(CourseProjectSerializer(link).data)


class CourseLinkAccept(_LinkAction):
    @extend_schema(
        operation_id="course_projects_accept",
        tags=[TAG],
        summary="Accept a proposed project for the course (only its students see it then)",
        request=None,
        responses={200: CourseProjectSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id, pk: int) -> Response:
        link = course_project_accept(by=request.user, link=self._link(request, public_id, pk))
        return self._answer(request, public_id, link)


class CourseLinkDecline(_LinkAction):
    @extend_schema(
        operation_id="course_projects_decline",
        tags=[TAG],
        summary="Decline a proposed project, with a reason the employer reads",
        request=CourseProjectDeclineInput,
        responses={200: CourseProjectSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id, pk: int) -> Response:
        link = self._link(request, public_id, pk)
        data = valid_input(CourseProjectDeclineInput, request)
        link = course_project_decline(by=request.user, link=link, reason=data["reason"])
        return self._answer(request, public_id, link)


class CourseLinkRemove(_LinkAction):
    @extend_schema(
        operation_id="course_projects_remove",
        tags=[TAG],
        summary="Take a project off the course while nobody is accepted on it",
        request=CourseProjectRemoveInput,
        responses={200: CourseProjectSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id, pk: int) -> Response:
        link = self._link(request, public_id, pk, statuses=[CourseProjectStatus.ACCEPTED])
        data = valid_input(CourseProjectRemoveInput, request)
        link = course_project_remove(by=request.user, link=link, reason=data["reason"])
        return self._answer(request, public_id, link)


class CourseAdoptable(generics.ListAPIView):
    permission_classes = [ConfirmedFaculty]
    serializer_class = LinkProjectSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Project.objects.none()
        course = _course(self.request, self.kwargs["public_id"])
        return course_adoptable_projects(course=course, query=self.request.query_params.get("q", "")[:100])

    @extend_schema(
        operation_id="course_projects_adoptable",
        tags=[TAG],
        summary="Open projects my course may adopt (the first 20: best match of q, else soonest deadline)",
        parameters=[QUERY],
        responses={200: LinkProjectSerializer(many=True), **error_responses(401, 403, 404)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class CourseAdopt(_LinkAction):
    @extend_schema(
        operation_id="course_projects_adopt",
        tags=[TAG],
        summary="Adopt an open project for the course (it stays open to everyone)",
        request=CourseProjectAdoptInput,
        responses={201: CourseProjectSerializer, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, public_id) -> Response:
        course = _course(request, public_id)
        data = valid_input(CourseProjectAdoptInput, request)
        project = course_adoptable_project_get(course=course, public_id=data["project"])
        link = course_project_adopt(by=request.user, course=course, project=project)
        response = self._answer(request, public_id, link)
        response.status_code = status.HTTP_201_CREATED
        return response


urlpatterns = [
    path("course-proposals/courses/", OpenCourseList.as_view(), name="api-course-proposal-courses"),
    path("course-proposals/", ProposalList.as_view(), name="api-course-proposals"),
    path(
        "course-proposals/<int:pk>/withdraw/", ProposalWithdraw.as_view(), name="api-course-proposal-withdraw"
    ),
    path("courses/<uuid:public_id>/projects/", CourseLinkList.as_view(), name="api-course-projects"),
    path(
        "courses/<uuid:public_id>/projects/adoptable/", CourseAdoptable.as_view(), name="api-course-adoptable"
    ),
    path("courses/<uuid:public_id>/projects/adopt/", CourseAdopt.as_view(), name="api-course-adopt"),
    path(
        "courses/<uuid:public_id>/projects/<int:pk>/accept/",
        CourseLinkAccept.as_view(),
        name="api-course-project-accept",
    ),
    path(
        "courses/<uuid:public_id>/projects/<int:pk>/decline/",
        CourseLinkDecline.as_view(),
        name="api-course-project-decline",
    ),
    path(
        "courses/<uuid:public_id>/projects/<int:pk>/remove/",
        CourseLinkRemove.as_view(),
        name="api-course-project-remove",
    ),
]
