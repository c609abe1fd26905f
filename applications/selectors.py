"""Reads for applications: a student's own, a project's applicants (for its members), the weekly-hours check
made when applying (the load it weighs: `applications.commitments`), who may read an applicant's résumé, how
fast an organisation answers, and what a career office sees."""

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from applications.commitments import WeeklyBudget, student_weekly_load, weekly_hours
from applications.models import Application, ApplicationEvent, ApplicationStatus
from employers.models import Employer, EmployerMember
from projects.models import CloseReason, Project, ProjectStatus
from projects.selectors import project_visible_to_student_q
from students.models import StudentProfile
from students.selectors import student_verified_q
from universities.models import University


def project_weekly_load(*, project: Project, now: dt.datetime | None = None) -> float:
    """The hours a week `project` would add to a student's load if they started it now."""
    today = timezone.localdate(now or timezone.now())
    return weekly_hours(estimated_hours=project.estimated_hours, due_date=project.due_date, today=today)


def application_weekly_budget(
    *, student: StudentProfile, project: Project, now: dt.datetime | None = None
) -> WeeklyBudget:
    """The weekly-hours check made when applying (it flags `exceeds_weekly_budget`) and shown beforehand."""
    now = now or timezone.now()
    return WeeklyBudget(
        current=student_weekly_load(student=student, now=now),
        added=project_weekly_load(project=project, now=now),
        available=student.weekly_hours_available,
    )


_CLOSED_BECAUSE = {
    CloseReason.FILLED: "Applications are closed: all openings have been filled.",
    CloseReason.DEADLINE: "Applications are closed: the application deadline has passed.",
    CloseReason.EMPLOYER: "Applications are closed: the employer has stopped taking applications.",
}
_NOT_OPEN_BECAUSE = {
    ProjectStatus.DRAFT: "This project is not taking applications.",
    ProjectStatus.COMPLETED: "Applications are closed: this project is completed.",
    ProjectStatus.CANCELLED: "Applications are closed: the employer has cancelled this project.",
}


class _Unread:
    """`application_refusal`'s default for what the caller did not read."""


UNREAD = _Unread()


def application_refusal(
    *,
    student: StudentProfile,
    project: Project,
    now: dt.datetime | None = None,
    application: Application | _Unread | None = UNREAD,
    visible: bool = False,
) -> ValidationError | None:
    """Why `student` may not apply to `project` now, or None when they may.

    The one place these rules live: `application_submit` raises the refusal (under the project row lock),
    and the project page shows it instead of the Apply button. Checked in the order that helps the student
    most: an application they already made comes first, then the project's state, and last who may see it
    (pages already answer 404 to students outside the audience).

    Any student may apply to a public project, verified or not (employers see "Not verified" beside an
    unverified applicant); partners-only projects are for verified students of the partner universities.
    Who is in a project's audience is `project_visible_to_student_q`, the rule the pages and search use.

    What the caller already read is not asked again: `application`, the student's application to the
    project (`application_of_student_for_project`, None when there is none), and `visible=True` when
    `project` was read through `project_visible_to_student_q` for this student (the project pages'
    `project_get_visible_for_student`); see `application_state_for_project_page`.
    """
    now = now or timezone.now()
    if isinstance(application, _Unread):
        applied = Application.objects.filter(project=project, student=student).exists()
    else:
        applied = application is not None
    if applied:
        return ValidationError("You have already applied to this project.", code="already_applied")
    if project.status != ProjectStatus.OPEN:
        if project.status == ProjectStatus.IN_PROGRESS and project.close_reason in _CLOSED_BECAUSE:
            message = _CLOSED_BECAUSE[project.close_reason]
        else:
            message = _NOT_OPEN_BECAUSE.get(project.status, "This project is not taking applications.")
        return ValidationError(message, code="project_not_open")
    if project.application_deadline is not None and project.application_deadline <= now:
        return ValidationError(
            "The application deadline for this project has passed.", code="deadline_passed"
        )
    if (
        not visible
        and not Project.objects.filter(project_visible_to_student_q(student=student), pk=project.pk).exists()
    ):
        if not student.is_verified:
            return ValidationError(
                "This project is open only to verified students of the employer's partner universities: "
                "confirm your university email address or ask your career office to verify you.",
                code="student_not_verified",
            )
        return ValidationError(
            "This project is open only to students of the employer's partner universities.",
            code="not_visible",
        )
    return None


def application_state_for_project_page(
    *, student: StudentProfile, project: Project
) -> tuple[Application | None, ValidationError | None]:
    """The student's application to `project` (None when they made none) and why they may not apply now
    (None when they may), for a project read through `project_visible_to_student_q` for `student` (the
    project page and its API): one query, where asking `application_refusal` and then reading the
    application took two, and the audience the page's read already checked was checked again."""
    application = application_of_student_for_project(student=student, project=project)
    return application, application_refusal(
        student=student, project=project, application=application, visible=True
    )


def application_list_filter_verified(
    applications: QuerySet[Application], *, verified_only: bool
) -> QuerySet[Application]:
    """The employer's "verified students only" filter of a project's applicants (page and API alike)."""
    return applications.filter(student_verified_q(prefix="student__")) if verified_only else applications


STUDENT_APPLICATION_GROUPS: dict[str, list[str]] = {
    "active": [ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED],
    "accepted": [ApplicationStatus.ACCEPTED],
    "closed": [ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN, ApplicationStatus.CLOSED],
}


def application_list_for_student(
    *, student: StudentProfile, group: str | None = None
) -> QuerySet[Application]:
    """The student's applications, newest first, with what the list page shows (project, employer,
    engagement) joined in, and `last_change_at` (its latest status change): one query however many rows.
    `group` is a key of `STUDENT_APPLICATION_GROUPS` (active, accepted, closed); anything else means all."""
    applications = Application.objects.filter(student=student)
    if group in STUDENT_APPLICATION_GROUPS:
        applications = applications.filter(status__in=STUDENT_APPLICATION_GROUPS[group])
    last_event = ApplicationEvent.objects.filter(application=OuterRef("pk")).order_by("-created_at")
    return applications.select_related("project", "project__employer", "engagement").annotate(
        last_change_at=Coalesce(Subquery(last_event.values("created_at")[:1]), "created_at")
    )


def application_group_counts_for_student(*, student: StudentProfile) -> dict[str, int]:
    """How many of the student's applications fall in each group of `STUDENT_APPLICATION_GROUPS`, and "all",
    in one query."""
    counts = Application.objects.filter(student=student).aggregate(
        all=Count("pk"),
        **{
            group: Count("pk", filter=Q(status__in=statuses))
            for group, statuses in STUDENT_APPLICATION_GROUPS.items()
        },
    )
    return counts


def application_of_student_for_project(*, student: StudentProfile, project: Project) -> Application | None:
    """The application `student` made to `project`, whatever became of it, or None."""
    return Application.objects.filter(student=student, project=project).first()


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


def application_status_counts_for_project(
    *, user, project: Project, verified_only: bool = False
) -> dict[str, int]:
    """How many applicants `project` has in each status (every status listed, zero when none) and "all",
    in one query; all zeros for anyone outside its organisation. `verified_only` counts as the employer's
    "verified students only" filter shows them."""
    counts = dict.fromkeys(ApplicationStatus.values, 0)
    applicants = application_list_for_project(user=user, project=project)
    rows = (
        application_list_filter_verified(applicants, verified_only=verified_only)
        .order_by()
        .values_list("status")
        .annotate(total=Count("pk"))
    )
    counts.update(dict(rows))
    counts["all"] = sum(counts.values())
    return counts


APPLICANT_ORDER = ("created_at", "pk")


def application_neighbours_for_employer(
    *, user, application: Application, status: str | None = None
) -> tuple[Application | None, Application | None]:
    """The applicants just before and after `application` in its project's applicants list (in the order
    they applied, optionally only those in `status`), for previous/next links."""
    applicants = application_list_for_project(user=user, project=application.project).select_related(None)
    applicants = applicants.prefetch_related(None).only("public_id", "created_at")
    if status:
        applicants = applicants.filter(status=status)
    earlier = Q(created_at__lt=application.created_at) | Q(
        created_at=application.created_at, pk__lt=application.pk
    )
    later = Q(created_at__gt=application.created_at) | Q(
        created_at=application.created_at, pk__gt=application.pk
    )
    previous = applicants.filter(earlier).order_by("-created_at", "-pk").first()
    following = applicants.filter(later).order_by(*APPLICANT_ORDER).first()
    return previous, following


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


def student_get_resume_for_user(*, user: User, public_id: UUID) -> StudentProfile:
    """The profile whose résumé `user` may download: their own, or a student who applied (whatever the
    application's status) to a project of an organisation `user` is a member of (so it lives here, with
    the applications that grant the access).

    Everyone else, career staff included, gets Http404, as does a profile without a résumé.
    """
    if not user.is_authenticated:
        raise Http404("No such résumé.")
    applied_to_their_organisation = Application.objects.filter(
        student_id=OuterRef("pk"), project__employer__memberships__user_id=user.pk
    )
    profile = (
        StudentProfile.objects.filter(public_id=public_id)
        .exclude(resume="")
        .filter(Q(user_id=user.pk) | Exists(applied_to_their_organisation))
        .select_related("user")
        .first()
    )
    if profile is None:
        raise Http404("No such résumé.")
    return profile


def project_list_marked_applied(*, projects: QuerySet[Project], student: StudentProfile) -> QuerySet[Project]:
    """`projects` each annotated with `has_applied`: whether `student` applied to it, whatever became of the
    application. For lists built in projects (the search), which know nothing of applications; no extra
    query (an EXISTS in the same one)."""
    return projects.annotate(
        has_applied=Exists(Application.objects.filter(student=student, project_id=OuterRef("pk")))
    )


def applications_for_university(*, university: University) -> QuerySet[Application]:
    """Every application the university's students made, whatever the posting: what its career office
    sees of them in the scoped admin."""
    return Application.objects.filter(student__university=university)


def application_events_for_university(*, university: University) -> QuerySet[ApplicationEvent]:
    return ApplicationEvent.objects.filter(application__student__university=university)


# --- How fast an organisation answers (its public page) ----------------------------------------------------

# Answer times are measured over the applications of the last year: recent behaviour is what students meet.
ANSWER_PERIOD_DAYS = 365
# What counts as an answer to an applicant: the first of these decisions.
ANSWER_STATUSES = [ApplicationStatus.SHORTLISTED, ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED]


class Median(Aggregate):
    """PostgreSQL's exact median (works on numbers and intervals alike)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


@dataclass(frozen=True)
class AnswerTime:
    median: dt.timedelta | None
    answered: int


def employer_answer_time(*, employer: Employer, now: dt.datetime) -> AnswerTime:
    """The median time from an application to the organisation's first decision on it (shortlist, accept
    or reject), over the applications of the last ANSWER_PERIOD_DAYS that got one. One query."""
    first_answer = (
        ApplicationEvent.objects.filter(application=OuterRef("pk"), status__in=ANSWER_STATUSES)
        .order_by()
        .values("application")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    result = (
        Application.objects.filter(
            project__employer=employer, created_at__gte=now - dt.timedelta(days=ANSWER_PERIOD_DAYS)
        )
        .annotate(answered_at=Subquery(first_answer))
        .filter(answered_at__isnull=False)
        .aggregate(
            median=Median(
                ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField()),
                output_field=DurationField(),
            ),
            answered=Count("pk"),
        )
    )
    return AnswerTime(median=result["median"], answered=result["answered"])
