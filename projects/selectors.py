"""Reads for projects: who may see a posting, who may change it, whether it is ready to publish, an
organisation's open projects for its public page, and what a career office sees of postings (and of the
employers behind them)."""

import datetime as dt
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from employers.models import Employer, EmployerMember
from marketplace.timezones import zone_info
from projects.models import (
    LocationType,
    Project,
    ProjectAudienceMember,
    ProjectStatus,
    Report,
    SavedProject,
    Visibility,
)
from students.models import StudentProfile
from universities.models import Partnership, PartnershipStatus, University


def project_user_is_member(*, user, project: Project) -> bool:
    """Whether `user` belongs to the organisation that posted `project` (owner or member alike)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return EmployerMember.objects.filter(employer_id=project.employer_id, user=user).exists()


def project_ensure_member(*, user, project: Project) -> None:
    """Refuse anyone outside the posting organisation with PermissionDenied; call first in every write."""
    if not project_user_is_member(user=user, project=project):
        raise PermissionDenied("Only members of the organisation that posted this project may do this.")


def project_audience_q(*, university_id: int | None) -> Q:
    """Projects whose audience includes students of the university: public ones, and partners-only ones
    whose employer has an ACTIVE partnership with it (requested, declined or ended ones do not count).

    The one place the partners-only rule is written; student visibility and the career-office scope use it.
    """
    public = Q(visibility=Visibility.PUBLIC)
    if university_id is None:
        return public
    active_partnership = Exists(
        Partnership.objects.filter(
            employer_id=OuterRef("employer_id"), university_id=university_id, status=PartnershipStatus.ACTIVE
        )
    )
    return public | Q(active_partnership, visibility=Visibility.PARTNERS)


def project_visible_to_student_q(*, student: StudentProfile | None, now: dt.datetime | None = None) -> Q:
    """The filter of projects `student` may see.

    Drafts are never visible. Partners-only projects are visible only to verified students (see
    `project_audience_q`); course-only ones only to the students of their course. Projects stay visible
    after they close, so a student's links from their applications keep working.

    `student=None` is a visitor without a student profile (signed out, or an employer's or a career office's
    account): they see only public projects still open for applications (deadline after `now`), so a posting
    leaves the open web when it closes and partners-only ones never reach it.
    """
    if student is None:
        return project_audience_q(university_id=None) & Q(
            status=ProjectStatus.OPEN, application_deadline__gt=now or timezone.now()
        )
    university_id = student.university_id if student.is_verified else None
    return ~Q(status=ProjectStatus.DRAFT) & (
        project_audience_q(university_id=university_id) | project_course_audience_q(student=student)
    )


def project_course_audience_q(*, student: StudentProfile) -> Q:
    """Course-only projects whose audience lists `student` (a course keeps the list equal to its
    enrolment; see `ProjectAudienceMember`)."""
    member = ProjectAudienceMember.objects.filter(project_id=OuterRef("pk"), student_id=student.pk)
    return Q(Exists(member), visibility=Visibility.COURSE)


def project_open_to_student_q(*, student: StudentProfile | None, now: dt.datetime) -> Q:
    """The filter of projects `student` (None: a visitor who is no student) can still apply to: visible to
    them, open, deadline ahead (search, recommendations and the search page's employer filter)."""
    return project_visible_to_student_q(student=student, now=now) & Q(
        status=ProjectStatus.OPEN, application_deadline__gt=now
    )


def project_list_visible_to_student(
    *, student: StudentProfile | None, now: dt.datetime | None = None
) -> QuerySet[Project]:
    return (
        Project.objects.filter(project_visible_to_student_q(student=student, now=now))
        .select_related("employer")
        .prefetch_related("required_skills")
    )


def project_list_public(*, now: dt.datetime) -> QuerySet[Project]:
    """The projects anyone may read, signed in or not (public and open for applications): the sitemap."""
    return Project.objects.filter(project_visible_to_student_q(student=None, now=now)).order_by(
        "-published_at", "-pk"
    )


# The organisation's public page lists this many of its open projects.
OPEN_PROJECTS_SHOWN = 10


def employer_open_projects_for_viewer(
    *, employer: Employer, viewer: User, now: dt.datetime
) -> QuerySet[Project]:
    """The organisation's projects open for applications that `viewer` may see, the soonest deadline first:
    a student sees what the project visibility rules let them see; everyone else the public ones only."""
    student = None
    if viewer.is_authenticated and viewer.role == Role.STUDENT:
        student = StudentProfile.objects.filter(user_id=viewer.pk).select_related("university").first()
    projects = project_list_visible_to_student(student=student, now=now)
    return (
        projects.filter(employer=employer, status=ProjectStatus.OPEN)
        .filter(Q(application_deadline__isnull=True) | Q(application_deadline__gt=now))
        .order_by(F("application_deadline").asc(nulls_last=True), "-published_at", "-id")
    )


def project_get_visible_for_student(*, student: StudentProfile | None, public_id) -> Project:
    """The project, or Http404 when it does not exist or `student` may not see it (the two look alike);
    `student=None` for a visitor who is no student (see `project_visible_to_student_q`)."""
    project = project_list_visible_to_student(student=student).filter(public_id=public_id).first()
    if project is None:
        raise Http404("No such project.")
    return project


def project_get_for_student_page(*, student: StudentProfile, public_id) -> Project:
    """`project_get_visible_for_student` with what the student's page of the project reads: `is_saved`
    (in the same query) and both skill lists prefetched."""
    saved = SavedProject.objects.filter(student=student, project_id=OuterRef("pk"))
    project = (
        project_list_visible_to_student(student=student)
        .annotate(is_saved=Exists(saved))
        .prefetch_related("nice_to_have_skills")
        .filter(public_id=public_id)
        .first()
    )
    if project is None:
        raise Http404("No such project.")
    return project


def project_list_saved_by_student(*, student: StudentProfile) -> QuerySet[Project]:
    """The projects `student` saved and may still see, most recently saved first, each with `saved_at`
    and `is_saved`: one query however many (skills are not prefetched; the saved list does not show them)."""
    saved = SavedProject.objects.filter(student=student, project_id=OuterRef("pk"))
    return (
        Project.objects.filter(project_visible_to_student_q(student=student), Exists(saved))
        .annotate(saved_at=Subquery(saved.values("created_at")[:1]), is_saved=Exists(saved))
        .select_related("employer")
        .order_by("-saved_at", "-pk")
    )


def project_is_saved_by_student(*, student: StudentProfile, project: Project) -> bool:
    return SavedProject.objects.filter(student=student, project=project).exists()


def project_report_by_user(*, user, project: Project) -> Report | None:
    """The report `user` already made about `project` (one per user per project), or None."""
    return Report.objects.filter(project=project, reporter_id=user.pk).first()


def project_list_for_employer(*, user) -> QuerySet[Project]:
    """Every project, in any status, of the organisations `user` is a member of."""
    if not getattr(user, "is_authenticated", False):
        return Project.objects.none()
    return Project.objects.filter(
        Exists(EmployerMember.objects.filter(employer_id=OuterRef("employer_id"), user=user))
    ).select_related("employer", "created_by")


def project_get_for_employer(*, user, public_id) -> Project:
    """The project for a member of its organisation; Http404 to everyone else, hiding that it exists."""
    project = project_list_for_employer(user=user).filter(public_id=public_id).first()
    if project is None:
        raise Http404("No such project.")
    return project


EDITABLE_PROJECT_STATUSES = frozenset({ProjectStatus.DRAFT, ProjectStatus.OPEN})


def project_available_actions(*, project: Project) -> frozenset[str]:
    """What the project's overview offers in its status: edit, publish, close, cancel, duplicate, applicants.

    The services enforce the same rules (and a few more, such as no cancelling once work is under way);
    this only decides which buttons to show.
    """
    actions = {"duplicate"}
    if project.status in EDITABLE_PROJECT_STATUSES:
        actions.add("edit")
    if project.status == ProjectStatus.DRAFT:
        actions.add("publish")
    else:
        actions.add("applicants")
    if project.status == ProjectStatus.OPEN:
        actions.add("close")
    if project.status not in (ProjectStatus.CANCELLED, ProjectStatus.COMPLETED):
        actions.add("cancel")
    return frozenset(actions)


class PublishProblem(NamedTuple):
    field: str
    code: str
    message: str


def project_publish_checks(*, project: Project, now: dt.datetime | None = None) -> list[PublishProblem]:
    """The failed scoping checks of `project`, each with the field to fix (empty when it may be published).

    The checks teach good scoping: something concrete to hand in, a size a student can fit alongside
    coursework, a fair fee for the hours asked, and dates that leave time to apply and then to do the work.
    """
    rules = settings.MARKETPLACE
    now = now or timezone.now()
    problems: list[PublishProblem] = []
    if not any(item.strip() for item in project.deliverables):
        problems.append(
            PublishProblem(
                "deliverables",
                "no_deliverables",
                "List at least one deliverable: what the student will hand in.",
            )
        )
    low, high = rules["MIN_PROJECT_HOURS"], rules["MAX_PROJECT_HOURS"]
    hours = project.estimated_hours
    if hours < low:
        problems.append(
            PublishProblem(
                "estimated_hours",
                "hours_out_of_range",
                f"Estimate between {low} and {high} hours of work (now {hours}): a micro-internship is "
                f"at least {low} hours.",
            )
        )
    elif hours > high:
        problems.append(
            PublishProblem(
                "estimated_hours",
                "hours_out_of_range",
                f"Estimate between {low} and {high} hours of work (now {hours}): split larger work into "
                "several projects.",
            )
        )
    minimum_fee = rules["MIN_FEE_PER_HOUR"] * project.estimated_hours
    if project.fee < minimum_fee:
        problems.append(
            PublishProblem(
                "fee",
                "fee_too_low",
                f"Offer at least {minimum_fee:.2f} {project.currency} for {project.estimated_hours} hours "
                f"({rules['MIN_FEE_PER_HOUR']:.2f} an hour); the fee is now {project.fee:.2f}.",
            )
        )
    deadline = project.application_deadline
    if deadline is None:
        problems.append(
            PublishProblem("application_deadline", "deadline_missing", "Set an application deadline.")
        )
    elif deadline <= now:
        problems.append(
            PublishProblem(
                "application_deadline", "deadline_passed", "Move the application deadline into the future."
            )
        )
    if project.location_type != LocationType.REMOTE and not project.location.strip():
        problems.append(
            PublishProblem(
                "location",
                "location_missing",
                "Say where the work happens: on-site and hybrid projects need a city or an address.",
            )
        )
    if project.due_date is None:
        problems.append(PublishProblem("due_date", "due_date_missing", "Set a due date for the work."))
    elif deadline is not None and project.due_date < timezone.localdate(
        deadline, zone_info(project.employer.time_zone)
    ):
        problems.append(
            PublishProblem(
                "due_date", "due_before_deadline", "Set the due date on or after the application deadline."
            )
        )
    flagged = {problem.field for problem in problems}
    problems.extend(
        problem for problem in project_window_checks(project=project) if problem.field not in flagged
    )
    return problems


def project_dates_window_checks(*, project: Project, start: dt.date, end: dt.date) -> list[PublishProblem]:
    """The application deadline (a date in the organisation's time zone) and the due date of `project`
    outside `start` to `end`, each with its field; a missing date is a problem too.

    The one rule behind a course's term bounding a project's dates: courses check it when they take a
    project on, and `project_publish_checks` / `project_update` keep it while the window is set."""
    span = f"{start:%d %b %Y} to {end:%d %b %Y}"
    problems: list[PublishProblem] = []
    deadline = project.application_deadline
    if deadline is None:
        problems.append(
            PublishProblem(
                "application_deadline",
                "deadline_outside_window",
                f"Set an application deadline within {span}.",
            )
        )
    elif not start <= timezone.localdate(deadline, zone_info(project.employer.time_zone)) <= end:
        problems.append(
            PublishProblem(
                "application_deadline",
                "deadline_outside_window",
                f"The application deadline must fall within the course's term, {span}.",
            )
        )
    if project.due_date is None:
        problems.append(
            PublishProblem("due_date", "due_date_outside_window", f"Set a due date within {span}.")
        )
    elif not start <= project.due_date <= end:
        problems.append(
            PublishProblem(
                "due_date",
                "due_date_outside_window",
                f"The due date must fall within the course's term, {span}.",
            )
        )
    return problems


def project_window_checks(*, project: Project) -> list[PublishProblem]:
    """`project_dates_window_checks` against the window a course set on `project` (none when unset)."""
    if project.dates_window_start is None or project.dates_window_end is None:
        return []
    return project_dates_window_checks(
        project=project, start=project.dates_window_start, end=project.dates_window_end
    )


def project_publish_problems(*, project: Project, now: dt.datetime | None = None) -> list[str]:
    """Every failed scoping check of `project` in words, for the preview page; empty when it may go live."""
    return [problem.message for problem in project_publish_checks(project=project, now=now)]


# --- What a career office sees (the scoped admin) ----------------------------------------------------------

# A career office sees postings once they are live, and keeps seeing them while its students work on them.
VISIBLE_PROJECT_STATUSES = [ProjectStatus.OPEN, ProjectStatus.IN_PROGRESS, ProjectStatus.COMPLETED]


def projects_visible_to_university(*, university: University) -> QuerySet[Project]:
    """Live postings open to all students, or to partners only while the partnership is active."""
    return Project.objects.filter(status__in=VISIBLE_PROJECT_STATUSES).filter(
        project_audience_q(university_id=university.pk)
    )


def saved_projects_for_university(*, university: University) -> QuerySet[SavedProject]:
    return SavedProject.objects.filter(student__university=university)


def employers_for_university(*, university: University) -> QuerySet[Employer]:
    """Employers the office deals with: any partnership (past or present) or a posting its students see.

    Here rather than in universities because it reads the postings, which sit above universities."""
    partnership = Partnership.objects.filter(employer=OuterRef("pk"), university=university)
    visible_project = projects_visible_to_university(university=university).filter(employer=OuterRef("pk"))
    return Employer.objects.filter(Exists(partnership) | Exists(visible_project))
