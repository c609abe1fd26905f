"""Course-linked projects: an employer proposes one of its projects to a course and the course's faculty
accept or decline it; faculty adopt an open project for their course; faculty remove a project again.

An accepted proposal becomes course-only: its visibility is `Visibility.COURSE`, its audience
(`ProjectAudienceMember`) the course's enrolment, kept equal to it by `course_project_audience_add` which
every enrolment path calls, and its dates bounded by the course's term (`Project.dates_window_*`, which
`projects.services.project_update` enforces). An adopted project keeps its visibility: it stays open to
everyone it was open to, and the course only lists it.

Every change locks the link's project row first (then the link), so two faculty clicking at once, or an
employer withdrawing while the faculty accept, settle one after the other; a repeated click returns the link
as it is. A project has at most one live link (proposed or accepted); the database constraint backs it.
Notices go out inside the transaction (`courses.notices_projects`), their emails after it commits.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from courses import notices_projects as notices
from courses.models import Course, CourseProject, CourseProjectOrigin, CourseProjectStatus, Enrolment
from courses.selectors import faculty_confirmed_profile
from projects.models import Project, ProjectAudienceMember, ProjectStatus, Visibility
from projects.selectors import project_audience_q, project_dates_window_checks, project_ensure_member

LIVE_STATUSES = (CourseProjectStatus.PROPOSED, CourseProjectStatus.ACCEPTED)
PROPOSABLE_STATUSES = (ProjectStatus.DRAFT, ProjectStatus.OPEN)
MAX_MESSAGE_LENGTH = 2000
MAX_REASON_LENGTH = 2000
REMOVED_REASON = "Removed from the course by its faculty."


def course_is_taking_proposals(*, course: Course, today: dt.date | None = None) -> bool:
    """Whether employers may propose projects to `course`: its term has not ended and its faculty keep it
    open to proposals (a course whose term is still ahead takes proposals too)."""
    today = today or timezone.localdate()
    return course.open_to_proposals and course.term_end >= today


def _ensure_instructor(*, course: Course, by: User) -> None:
    faculty = faculty_confirmed_profile(user=by)
    if not course.instructors.filter(pk=faculty.pk).exists():
        raise PermissionDenied("Only the course's instructors may decide on its projects.")


def _check_dates(*, project: Project, course: Course) -> None:
    """The project's deadline and due date within the course's term, as field errors."""
    problems = project_dates_window_checks(project=project, start=course.term_start, end=course.term_end)
    if problems:
        errors: dict[str, list[ValidationError]] = {}
        for problem in problems:
            errors.setdefault(problem.field, []).append(ValidationError(problem.message, code=problem.code))
        raise ValidationError(errors)


def _ensure_no_live_link(*, project: Project) -> None:
    live = CourseProject.objects.filter(project=project, status__in=LIVE_STATUSES).select_related("course")
    link = live.first()
    if link is not None:
        what = "proposed to" if link.status == CourseProjectStatus.PROPOSED else "part of"
        raise ValidationError(
            {
                "project": ValidationError(
                    f"This project is already {what} {link.course.code} {link.course.title}; a project "
                    "belongs to one course at a time.",
                    code="already_linked",
                )
            }
        )


def _create_link(**fields) -> CourseProject:
    try:
        with transaction.atomic():
            return CourseProject.objects.create(**fields)
    except IntegrityError:
        raise ValidationError(
            {"project": ValidationError("This project already belongs to a course.", code="already_linked")}
        ) from None


def _lock(link: CourseProject) -> tuple[CourseProject, Project]:
    """The link and its project, locked in that order (project first): call inside a transaction."""
    project = Project.objects.select_for_update().select_related("employer").get(pk=link.project_id)
    locked = CourseProject.objects.select_for_update().get(pk=link.pk)
    locked.project = project
    locked.course = Course.objects.get(pk=locked.course_id)
    return locked, project


# --- The employer's side -----------------------------------------------------------------------------------


def course_project_propose(*, by: User, course: Course, project: Project, message: str = "") -> CourseProject:
    """`by`, a member of the project's organisation, proposes its draft or open project to `course`.

    The course must still take proposals (`course_is_taking_proposals`), the project's application
    deadline and due date must fall within the course's term, and the project may have no other live link.
    The course's instructors are told."""
    project_ensure_member(user=by, project=project)
    message = message.strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            {"message": f"Keep the message under {MAX_MESSAGE_LENGTH} characters."}, code="too_long"
        )
    with transaction.atomic():
        project = Project.objects.select_for_update().select_related("employer").get(pk=project.pk)
        if project.status not in PROPOSABLE_STATUSES:
            raise ValidationError(
                {
                    "project": ValidationError(
                        f"This project is {project.status_phrase}; only drafts and open projects can be "
                        "proposed to a course.",
                        code="not_proposable",
                    )
                }
            )
        if not course_is_taking_proposals(course=course):
            raise ValidationError(
                {
                    "course": ValidationError(
                        "This course is not taking proposals.", code="not_taking_proposals"
                    )
                }
            )
        _ensure_no_live_link(project=project)
        _check_dates(project=project, course=course)
        link = _create_link(
            course=course,
            project=project,
            origin=CourseProjectOrigin.PROPOSAL,
            status=CourseProjectStatus.PROPOSED,
            message=message,
            proposed_by=by,
        )
        notices.course_project_proposed(link=link)
    return link


def course_project_withdraw(*, by: User, link: CourseProject) -> CourseProject:
    """The employer takes back a proposal the faculty have not decided on yet (again: no change)."""
    project_ensure_member(user=by, project=link.project)
    with transaction.atomic():
        link, _project = _lock(link)
        if link.status == CourseProjectStatus.WITHDRAWN:
            return link
        if link.status != CourseProjectStatus.PROPOSED:
            raise ValidationError(
                "The faculty already decided on this proposal; it can no longer be withdrawn.",
                code="not_proposed",
            )
        link.status = CourseProjectStatus.WITHDRAWN
        link.save(update_fields=["status", "updated_at"])
    return link


# --- The faculty's side ------------------------------------------------------------------------------------


def course_project_accept(*, by: User, link: CourseProject) -> CourseProject:
    """A confirmed instructor of the course takes the proposed project on: it becomes course-only, its
    audience the course's enrolled students and its dates bounded by the term. The employer's members are
    told; so are the enrolled students once the project is open for applications."""
    _ensure_instructor(course=link.course, by=by)
    with transaction.atomic():
        link, project = _lock(link)
        if link.status == CourseProjectStatus.ACCEPTED:
            return link
        if link.status != CourseProjectStatus.PROPOSED:
            raise ValidationError(
                f"This proposal is {link.get_status_display().lower()}; only a waiting proposal can be "
                "accepted.",
                code="not_proposed",
            )
        if project.status not in PROPOSABLE_STATUSES:
            raise ValidationError(
                f"The project is {project.status_phrase} now and can no longer join the course.",
                code="not_proposable",
            )
        if link.course.term_end < timezone.localdate():
            raise ValidationError("The course's term has ended.", code="term_ended")
        _check_dates(project=project, course=link.course)
        link.status = CourseProjectStatus.ACCEPTED
        link.decided_by = by
        link.decided_at = timezone.now()
        link.previous_visibility = project.visibility
        link.save(update_fields=["status", "decided_by", "decided_at", "previous_visibility", "updated_at"])
        project.visibility = Visibility.COURSE
        project.dates_window_start = link.course.term_start
        project.dates_window_end = link.course.term_end
        project.save(update_fields=["visibility", "dates_window_start", "dates_window_end", "updated_at"])
        course_project_audience_add(course_ids=[link.course_id])
        notices.course_project_decided(link=link, by=by)
        if project.status == ProjectStatus.OPEN:
            notices.course_project_announced(link=link)
    return link


def course_project_decline(*, by: User, link: CourseProject, reason: str) -> CourseProject:
    """A confirmed instructor turns the proposal down, saying why; the employer's members are told."""
    _ensure_instructor(course=link.course, by=by)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError("Tell the employer why the course declines it.", code="required")}
        )
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationError(
            {"reason": f"Keep the reason under {MAX_REASON_LENGTH} characters."}, code="too_long"
        )
    with transaction.atomic():
        link, _project = _lock(link)
        if link.status == CourseProjectStatus.DECLINED:
            return link
        if link.status != CourseProjectStatus.PROPOSED:
            raise ValidationError(
                f"This proposal is {link.get_status_display().lower()}; only a waiting proposal can be "
                "declined.",
                code="not_proposed",
            )
        link.status = CourseProjectStatus.DECLINED
        link.decided_by = by
        link.decided_at = timezone.now()
        link.decline_reason = reason
        link.save(update_fields=["status", "decided_by", "decided_at", "decline_reason", "updated_at"])
        notices.course_project_decided(link=link, by=by)
    return link


def course_project_adopt(*, by: User, course: Course, project: Project) -> CourseProject:
    """A confirmed instructor adopts an open project their university's students can see: the course lists
    it at once (accepted), and its visibility stays as it is. The employer's members are told."""
    _ensure_instructor(course=course, by=by)
    with transaction.atomic():
        project = Project.objects.select_for_update().select_related("employer").get(pk=project.pk)
        visible = Project.objects.filter(
            project_audience_q(university_id=course.university_id), pk=project.pk
        )
        if not visible.exists() or project.visibility == Visibility.COURSE:
            raise ValidationError(
                {"project": ValidationError("No such project for your students.", code="not_visible")}
            )
        if project.status != ProjectStatus.OPEN or (
            project.application_deadline is not None and project.application_deadline <= timezone.now()
        ):
            raise ValidationError(
                {
                    "project": ValidationError(
                        "Only projects open for applications can be adopted.", code="not_open"
                    )
                }
            )
        if course.term_end < timezone.localdate():
            raise ValidationError("The course's term has ended.", code="term_ended")
        _ensure_no_live_link(project=project)
        _check_dates(project=project, course=course)
        link = _create_link(
            course=course,
            project=project,
            origin=CourseProjectOrigin.ADOPTION,
            status=CourseProjectStatus.ACCEPTED,
            decided_by=by,
            decided_at=timezone.now(),
        )
        notices.course_project_adopted(link=link, by=by)
    return link


def course_project_remove(*, by: User, link: CourseProject, reason: str = "") -> CourseProject:
    """A confirmed instructor takes a project off the course, while nobody has been accepted on it yet.

    A proposal gets back the visibility it had before the course took it on, loses its audience list and
    its date window; an adopted project was never changed. The link is kept as declined (with the reason,
    or `REMOVED_REASON`), so the employer sees what happened and may propose the project again. The
    employer's members are told."""
    _ensure_instructor(course=link.course, by=by)
    reason = reason.strip()[:MAX_REASON_LENGTH]
    with transaction.atomic():
        link, project = _lock(link)
        if link.status != CourseProjectStatus.ACCEPTED:
            raise ValidationError("This project is not part of the course.", code="not_accepted")
        if project.accepted_count > 0:
            raise ValidationError(
                "A student is already accepted on this project, so it stays with the course.",
                code="has_accepted_application",
            )
        if link.origin == CourseProjectOrigin.PROPOSAL:
            changed = ["dates_window_start", "dates_window_end", "updated_at"]
            if project.visibility == Visibility.COURSE:
                project.visibility = link.previous_visibility or Visibility.PUBLIC
                changed.append("visibility")
            project.dates_window_start = project.dates_window_end = None
            project.save(update_fields=changed)
            ProjectAudienceMember.objects.filter(project=project).delete()
        link.status = CourseProjectStatus.DECLINED
        link.decided_by = by
        link.decided_at = timezone.now()
        link.decline_reason = reason or REMOVED_REASON
        link.save(update_fields=["status", "decided_by", "decided_at", "decline_reason", "updated_at"])
        notices.course_project_removed(link=link, by=by)
    return link


# --- The audience follows the enrolment --------------------------------------------------------------------


def course_project_audience_add(
    *, course_ids: Iterable[int], student_ids: Iterable[int] | None = None
) -> None:
    """Add enrolled students to the audience of their courses' accepted course-only projects: every
    enrolled student of `course_ids`, or only those of `student_ids`. Idempotent (conflicts ignored);
    two queries and one insert whatever the numbers. Every place that enrols a student calls it."""
    course_ids = list(course_ids)
    links = list(
        CourseProject.objects.filter(
            course_id__in=course_ids,
            status=CourseProjectStatus.ACCEPTED,
            project__visibility=Visibility.COURSE,
        ).values_list("course_id", "project_id")
    )
    if not links:
        return
    enrolments = Enrolment.objects.filter(course_id__in={course_id for course_id, _ in links})
    if student_ids is not None:
        enrolments = enrolments.filter(student_id__in=list(student_ids))
    students_by_course: dict[int, list[int]] = {}
    for course_id, student_id in enrolments.values_list("course_id", "student_id"):
        students_by_course.setdefault(course_id, []).append(student_id)
    rows = [
        ProjectAudienceMember(project_id=project_id, student_id=student_id)
        for course_id, project_id in links
        for student_id in students_by_course.get(course_id, [])
    ]
    ProjectAudienceMember.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)


def course_project_published(*, project: Project) -> int:
    """Announce a project that went live to the students of the course holding it (an accepted link), if
    any; returns how many were told. Called inside the publishing transaction: the notices commit with it,
    and the notice's key tells nobody twice."""
    link = (
        CourseProject.objects.filter(project=project, status=CourseProjectStatus.ACCEPTED)
        .select_related("course", "project__employer")
        .first()
    )
    if link is None:
        return 0
    return notices.course_project_announced(link=link)
