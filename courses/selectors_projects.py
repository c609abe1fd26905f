"""Reads for course-linked projects: the courses an employer may propose to, an employer's proposals, a
course's links for its faculty, the projects faculty may adopt, and a course's projects for its students.

Each list is scoped to its reader at the source and runs a fixed number of queries whatever its length.
"""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from courses.models import Course, CourseProject, CourseProjectStatus, Enrolment, FacultyProfile
from employers.models import EmployerMember
from projects.models import Project, ProjectStatus
from projects.selectors import project_audience_q, project_list_for_employer
from projects.selectors_search import SEARCH_CONFIG

LIVE_STATUSES = (CourseProjectStatus.PROPOSED, CourseProjectStatus.ACCEPTED)
ADOPTABLE_SHOWN = 20


def _confirmed_instructors() -> Prefetch:
    return Prefetch(
        "instructors",
        queryset=FacultyProfile.objects.filter(confirmed_at__isnull=False).select_related("user"),
    )


def course_list_taking_proposals(*, query: str = "", today: dt.date | None = None) -> QuerySet[Course]:
    """The courses employers may propose projects to: open to proposals and not yet over (those still
    ahead included), searched by code, title or university name, the soonest-ending first. Two queries for
    a page (the courses with their university, and their instructors)."""
    today = today or timezone.localdate()
    courses = Course.objects.filter(open_to_proposals=True, term_end__gte=today)
    query = " ".join(query.split())
    if query:
        courses = courses.filter(
            Q(code__icontains=query) | Q(title__icontains=query) | Q(university__name__icontains=query)
        )
    return (
        courses.select_related("university")
        .prefetch_related(_confirmed_instructors())
        .order_by("term_end", "code", "pk")
    )


def course_get_taking_proposals(*, public_id) -> Course:
    """A course employers may propose to; Http404 for any other (over, closed, or no such course)."""
    course = course_list_taking_proposals().filter(public_id=public_id).first()
    if course is None:
        raise Http404("No such course.")
    return course


def project_list_proposable(*, user: User) -> QuerySet[Project]:
    """The drafts and open projects of `user`'s organisations in no course yet: what they may propose."""
    live = CourseProject.objects.filter(project_id=OuterRef("pk"), status__in=LIVE_STATUSES)
    return (
        project_list_for_employer(user=user)
        .filter(status__in=[ProjectStatus.DRAFT, ProjectStatus.OPEN])
        .exclude(Exists(live))
        .order_by("title", "pk")
    )


def _member_of_project_employer(user: User) -> Exists:
    return Exists(EmployerMember.objects.filter(employer_id=OuterRef("project__employer_id"), user=user))


def course_project_list_for_employer(*, user: User) -> QuerySet[CourseProject]:
    """Every link (proposal or adoption, in any status) of the projects of `user`'s organisations, newest
    first, with the course, its university, the project and who proposed it: one query."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.EMPLOYER:
        return CourseProject.objects.none()
    return (
        CourseProject.objects.filter(_member_of_project_employer(user))
        .select_related("course__university", "project__employer", "proposed_by")
        .order_by("-created_at", "-pk")
    )


def course_project_get_for_employer(*, user: User, pk: int) -> CourseProject:
    link = course_project_list_for_employer(user=user).filter(pk=pk).first()
    if link is None:
        raise Http404("No such proposal.")
    return link


def course_project_links_for_course(
    *, course: Course, statuses: Iterable[str] = LIVE_STATUSES
) -> QuerySet[CourseProject]:
    """A course's links for its faculty (the waiting proposals and the accepted projects by default), with
    each project's organisation and who proposed it: one query."""
    return (
        CourseProject.objects.filter(course=course, status__in=list(statuses))
        .select_related("project__employer", "proposed_by", "decided_by")
        .order_by("status", "-created_at", "-pk")
    )


def course_project_get_for_course(
    *, course: Course, pk: int, statuses: Iterable[str] = LIVE_STATUSES
) -> CourseProject:
    """One of the course's links (the caller has already checked the course is the user's)."""
    link = course_project_links_for_course(course=course, statuses=statuses).filter(pk=pk).first()
    if link is None:
        raise Http404("No such project for this course.")
    return link


def course_adoptable_projects(
    *, course: Course, query: str = "", now: dt.datetime | None = None, limit: int = ADOPTABLE_SHOWN
) -> list[Project]:
    """Projects the course's faculty may adopt: open for applications, seen by the students of the course's
    university (`project_audience_q`), deadline and due date within the term (the service checks the
    deadline in the employer's time zone), and in no course yet. One query.

    `query` is searched as the students' search does (`projects.selectors_search`): web-search syntax
    against the stored search vector (title, summary, deliverables, description), the best matches first.
    Without a query, the soonest deadline first."""
    now = now or timezone.now()
    live = CourseProject.objects.filter(project_id=OuterRef("pk"), status__in=LIVE_STATUSES)
    projects = Project.objects.filter(
        project_audience_q(university_id=course.university_id),
        status=ProjectStatus.OPEN,
        application_deadline__gt=now,
        application_deadline__date__lte=course.term_end,
        due_date__gte=course.term_start,
        due_date__lte=course.term_end,
    ).exclude(Exists(live))
    order: tuple[str, ...] = ("application_deadline", "pk")
    query = " ".join(query.split())
    if query:
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        projects = projects.filter(search_vector=search_query).annotate(
            rank=SearchRank(F("search_vector"), search_query)
        )
        order = ("-rank", *order)
    return list(projects.select_related("employer").order_by(*order)[:limit])


def course_adoptable_project_get(*, course: Course, public_id) -> Project:
    """A project the course's university's students can see (the service checks the rest); Http404
    otherwise, and for a malformed id."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404("No such project.") from None
    project = (
        Project.objects.filter(project_audience_q(university_id=course.university_id), public_id=public_id)
        .select_related("employer")
        .first()
    )
    if project is None:
        raise Http404("No such project.")
    return project


def course_projects_for_student(*, course: Course) -> QuerySet[CourseProject]:
    """The course's accepted projects its enrolled students see (drafts not yet), the soonest deadline
    first: one query. The caller has checked that the student is enrolled."""
    return (
        CourseProject.objects.filter(course=course, status=CourseProjectStatus.ACCEPTED)
        .exclude(project__status=ProjectStatus.DRAFT)
        .select_related("project__employer")
        .order_by("project__application_deadline", "pk")
    )


def course_enrolled_user_ids(*, course: Course) -> list[int]:
    return list(
        Enrolment.objects.filter(course=course)
        .order_by("student__user_id")
        .values_list("student__user_id", flat=True)
    )
