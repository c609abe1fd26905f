"""Reads for applications: a student's own, a project's applicants (for its members), and weekly load."""

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from applications.models import Application, Engagement, EngagementStatus
from employers.models import EmployerMember
from projects.models import Project
from students.models import StudentProfile

ONGOING_ENGAGEMENT_STATUSES = [EngagementStatus.KICKOFF, EngagementStatus.ACTIVE]


def weekly_hours(*, estimated_hours: int, due_date: dt.date | None, today: dt.date) -> float:
    """Hours a week that `estimated_hours` of work takes when spread evenly until `due_date`.

    The spread is at least one week, so work due this week (or already late, or without a due date) counts
    in full against this week.
    """
    days_left = (due_date - today).days if due_date is not None else 0
    return estimated_hours / max(1.0, days_left / 7)


def student_weekly_load(*, student: StudentProfile, now: dt.datetime | None = None) -> float:
    """The hours a week `student` is committed to: their kickoff and active engagements, each spread evenly
    until its due date. Compare with `student.weekly_hours_available` (matching and applying both do)."""
    today = timezone.localdate(now or timezone.now())
    rows = Engagement.objects.filter(student=student, status__in=ONGOING_ENGAGEMENT_STATUSES).values_list(
        "estimated_hours", "due_date"
    )
    return sum(
        (weekly_hours(estimated_hours=hours, due_date=due, today=today) for hours, due in rows),
        start=0.0,
    )


def project_weekly_load(*, project: Project, now: dt.datetime | None = None) -> float:
    """The hours a week `project` would add to a student's load if they started it now."""
    today = timezone.localdate(now or timezone.now())
    return weekly_hours(estimated_hours=project.estimated_hours, due_date=project.due_date, today=today)


def application_list_for_student(*, student: StudentProfile) -> QuerySet[Application]:
    """The student's applications, newest first, with what the list page shows (project, employer,
    engagement) joined in: one query however many rows."""
    return Application.objects.filter(student=student).select_related(
        "project", "project__employer", "engagement"
    )


def _member_of_project_employer(user) -> Exists:
    return Exists(EmployerMember.objects.filter(employer_id=OuterRef("project__employer_id"), user=user))


def application_list_for_project(*, user, project: Project) -> QuerySet[Application]:
    """The applicants of `project`, for members of its organisation only (empty for anyone else).

    Student, user, university and engagement are joined and skills prefetched: a constant number of
    queries however many applicants.
    """
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return (
        Application.objects.filter(_member_of_project_employer(user), project=project)
        .select_related("project", "student", "student__user", "student__university", "engagement")
        .prefetch_related("student__skills")
    )


def application_get_for_student(*, student: StudentProfile, public_id) -> Application:
    """One of the student's own applications with its timeline; Http404 for anybody else's."""
    application = (
        application_list_for_student(student=student)
        .prefetch_related("events")
        .filter(public_id=public_id)
        .first()
    )
    if application is None:
        raise Http404("No such application.")
    return application


def application_get_for_employer(*, user, public_id) -> Application:
    """An application to a project of one of `user`'s organisations; Http404 to outsiders."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such application.")
    application = (
        Application.objects.filter(_member_of_project_employer(user), public_id=public_id)
        .select_related(
            "project", "project__employer", "student", "student__user", "student__university", "engagement"
        )
        .prefetch_related("student__skills", "events")
        .first()
    )
    if application is None:
        raise Http404("No such application.")
    return application
