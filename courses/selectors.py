"""Reads for faculty and courses. Access is decided here, once, for pages and the API alike: an outsider's
request for a course finds nothing (404), so nobody learns which courses exist.

What a course page shows of a student's work is the work of the course's term: applications sent, and
engagements under way, during the term; hours logged on days within it; milestones of those engagements past
their due date and not yet approved.
"""

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from applications.models import Application
from courses.models import Course, CourseInvite, Enrolment, FacultyProfile
from engagements.models import Engagement, EngagementStatus, HoursLog, Milestone, MilestoneStatus
from students.models import StudentProfile


def faculty_profile_for(*, user: User) -> FacultyProfile | None:
    if not user.is_authenticated or user.role != Role.FACULTY:
        return None
    return FacultyProfile.objects.select_related("university").filter(user=user).first()


def faculty_confirmed_profile(*, user: User) -> FacultyProfile:
    """`user`'s faculty profile; PermissionDenied unless it is confirmed by their career office."""
    profile = faculty_profile_for(user=user)
    if profile is None or not profile.is_confirmed:
        raise PermissionDenied("Your university's career office has not confirmed you as faculty yet.")
    return profile


def _faculty_of(user: User, faculty: FacultyProfile | None) -> FacultyProfile | None:
    """`faculty` when it is `user`'s own profile (a page's decorator has read it already), else read it."""
    if faculty is not None and faculty.user_id == user.pk:
        return faculty
    return faculty_profile_for(user=user)


def course_list_for_faculty(*, user: User, faculty: FacultyProfile | None = None) -> QuerySet[Course]:
    """The courses `user` teaches, with their enrolment counts (none unless they are confirmed faculty).
    Pass `user`'s profile as `faculty` when the caller holds it, to spare reading it again."""
    profile = _faculty_of(user, faculty)
    if profile is None or not profile.is_confirmed:
        return Course.objects.none()
    return (
        Course.objects.filter(instructors=profile)
        .annotate(enrolled_count=Count("enrolments", distinct=True))
        .order_by("-term_start", "code")
    )


def course_get_for_instructor(
    *, user: User, public_id: uuid.UUID, faculty: FacultyProfile | None = None
) -> Course:
    """One of the courses `user` teaches as confirmed faculty; anyone else's is a 404. `faculty`: as for
    `course_list_for_faculty`."""
    course = (
        course_list_for_faculty(user=user, faculty=faculty)
        .select_related("university")
        .prefetch_related("skills")
        .filter(public_id=public_id)
        .first()
    )
    if course is None:
        raise Http404("No such course.")
    return course


def course_instructors(*, course: Course) -> QuerySet[FacultyProfile]:
    """The course's instructors, by name, with their accounts."""
    return course.instructors.select_related("user").order_by("user__full_name", "user__email")


def course_list_for_student(*, user: User) -> QuerySet[Course]:
    """The courses the student `user` is enrolled in, soonest-ending first among those still running."""
    if not user.is_authenticated or user.role != Role.STUDENT:
        return Course.objects.none()
    return (
        Course.objects.filter(enrolments__student__user=user)
        .select_related("university")
        .prefetch_related("skills", "instructors__user")
        .order_by("term_end", "code")
    )


def course_get_for_student(*, user: User, public_id: uuid.UUID) -> Course:
    course = course_list_for_student(user=user).filter(public_id=public_id).first()
    if course is None:
        raise Http404("No such course.")
    return course


# --- What the enrolled students are doing ------------------------------------------------------------------


def _applications_in_term(course: Course) -> QuerySet[Application]:
    return Application.objects.filter(
        created_at__date__gte=course.term_start, created_at__date__lte=course.term_end
    )


def _engagements_in_term(course: Course) -> QuerySet[Engagement]:
    """Engagements that were under way at some point of the term (begun by its end, not finished before)."""
    return Engagement.objects.filter(created_at__date__lte=course.term_end).filter(
        Q(completed_at__isnull=True, cancelled_at__isnull=True)
        | Q(completed_at__date__gte=course.term_start)
        | Q(cancelled_at__date__gte=course.term_start)
    )


def _count(queryset: QuerySet, outer: str) -> Coalesce:
    counted = queryset.order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _late_milestones(course: Course, today: dt.date) -> QuerySet[Milestone]:
    return Milestone.objects.filter(
        engagement__in=_engagements_in_term(course),
        due_date__lt=today,
    ).exclude(status=MilestoneStatus.APPROVED)


def course_enrolment_rows(*, course: Course, today: dt.date | None = None) -> QuerySet[Enrolment]:
    """The course's enrolments with, for each student, the term's application and engagement counts, hours
    logged, late milestones, and the engagements themselves: three queries whatever the class size."""
    today = today or timezone.localdate()
    student = OuterRef("student_id")
    hours = (
        HoursLog.objects.filter(
            engagement__student_id=student,
            engagement__in=_engagements_in_term(course),
            date__gte=course.term_start,
            date__lte=course.term_end,
        )
        .order_by()
        .values("engagement__student_id")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return (
        Enrolment.objects.filter(course=course)
        .select_related("student__user")
        .annotate(
            application_count=_count(_applications_in_term(course).filter(student_id=student), "student_id"),
            engagement_count=_count(_engagements_in_term(course).filter(student_id=student), "student_id"),
            late_milestone_count=_count(
                _late_milestones(course, today).filter(engagement__student_id=student),
                "engagement__student_id",
            ),
            hours_logged=Coalesce(
                Subquery(hours, output_field=DecimalField(max_digits=8, decimal_places=2)),
                Decimal("0"),
                output_field=DecimalField(max_digits=8, decimal_places=2),
            ),
        )
        .prefetch_related(
            Prefetch(
                "student__engagements",
                queryset=_engagements_in_term(course).select_related("project").order_by("created_at"),
                to_attr="term_engagements",
            )
        )
        .order_by("student__user__full_name", "student__user__email")
    )


def course_invites_open(*, course: Course) -> QuerySet[CourseInvite]:
    return CourseInvite.objects.filter(course=course, claimed_at__isnull=True).order_by("email")


@dataclass(frozen=True)
class StudentCourseProgress:
    """What a student sees of one of their courses: what is expected, by when, and where they are."""

    course: Course
    hours_logged: Decimal
    open_engagements: int
    late_milestones: int
    days_left: int

    @property
    def hours_left(self) -> Decimal:
        return max(Decimal(self.course.expected_hours) - self.hours_logged, Decimal("0"))


def course_progress_for_student(
    *, user: User, courses: list[Course], today: dt.date | None = None
) -> list[StudentCourseProgress]:
    """For each of `courses`, the student's own progress: three queries for them all."""
    today = today or timezone.localdate()
    profile = StudentProfile.objects.filter(user=user).only("pk").first()
    if profile is None or not courses:
        return []
    hours = list(
        HoursLog.objects.filter(engagement__student=profile).values_list(
            "date", "hours", "engagement__created_at", "engagement__completed_at", "engagement__cancelled_at"
        )
    )
    engagements = list(
        Engagement.objects.filter(student=profile).values_list(
            "created_at", "completed_at", "cancelled_at", "status"
        )
    )
    late = list(
        Milestone.objects.filter(engagement__student=profile, due_date__lt=today)
        .exclude(status=MilestoneStatus.APPROVED)
        .values_list("engagement__created_at", "engagement__completed_at", "engagement__cancelled_at")
    )

    def in_term(
        course: Course, created: dt.datetime, completed: dt.datetime | None, cancelled: dt.datetime | None
    ) -> bool:
        if timezone.localdate(created) > course.term_end:
            return False
        ended = completed or cancelled
        return ended is None or timezone.localdate(ended) >= course.term_start

    progress = []
    for course in courses:
        logged = sum(
            (
                amount
                for day, amount, created, completed, cancelled in hours
                if course.term_start <= day <= course.term_end
                and in_term(course, created, completed, cancelled)
            ),
            Decimal("0"),
        )
        progress.append(
            StudentCourseProgress(
                course=course,
                hours_logged=logged,
                open_engagements=sum(
                    1
                    for created, completed, cancelled, status in engagements
                    if status in (EngagementStatus.KICKOFF, EngagementStatus.ACTIVE)
                    and in_term(course, created, completed, cancelled)
                ),
                late_milestones=sum(1 for row in late if in_term(course, *row)),
                days_left=max((course.term_end - today).days, 0),
            )
        )
    return progress


def course_instructor_user_ids(*, course: Course) -> list[int]:
    """The user ids of the course's confirmed, active instructors: who hears of its proposals and credit."""
    return list(
        FacultyProfile.objects.filter(courses=course, confirmed_at__isnull=False, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
