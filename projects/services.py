"""Writes for projects: draft → open → in_progress → completed, or cancelled; saving and reporting postings.

Every change by an employer checks first that the acting user is a member of the project's organisation
(PermissionDenied otherwise), then locks the project row.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from employers.models import Employer, EmployerMember
from projects.models import (
    CloseReason,
    LocationType,
    Project,
    ProjectStatus,
    Report,
    ReportReason,
    SavedProject,
    Skill,
    SkillCategory,
    Visibility,
)
from projects.selectors import (
    EDITABLE_PROJECT_STATUSES,
    PublishProblem,
    project_ensure_member,
    project_publish_checks,
    project_user_is_member,
    project_visible_to_student_q,
    project_window_checks,
)
from projects.signals import project_published
from students.models import StudentProfile

EDITABLE_FIELDS = frozenset(
    {
        "title",
        "summary",
        "description",
        "deliverables",
        "field",
        "estimated_hours",
        "fee",
        "currency",
        "location_type",
        "location",
        "application_deadline",
        "due_date",
        "openings",
        "screening_questions",
        "visibility",
    }
)
SKILL_FIELDS = frozenset({"required_skills", "nice_to_have_skills"})
COPIED_FIELDS = EDITABLE_FIELDS - {"title"}

# Bounds on a project's lists: each deliverable becomes a milestone, each question is answered by every
# applicant, and a micro-internship needs no more. The forms and the API show and check the same numbers.
MAX_DELIVERABLES = 20
MAX_SCREENING_QUESTIONS = 10
MAX_SKILLS = 25
_LIST_BOUNDS = {
    "deliverables": (MAX_DELIVERABLES, "deliverables"),
    "screening_questions": (MAX_SCREENING_QUESTIONS, "screening questions"),
    "required_skills": (MAX_SKILLS, "required skills"),
    "nice_to_have_skills": (MAX_SKILLS, "nice-to-have skills"),
}


def _check_list_bounds(lists: Mapping[str, Iterable[Any]]) -> None:
    """Raise a ValidationError on each list of `lists` (field name → items) longer than its bound."""
    errors = {}
    for name, items in lists.items():
        limit, what = _LIST_BOUNDS[name]
        count = len(list(items))
        if count > limit:
            errors[name] = ValidationError(
                f"A project has at most {limit} {what}; this one has {count}.", code="too_many_items"
            )
    if errors:
        raise ValidationError(errors)


def _clean(project: Project) -> None:
    """Validate field values (lengths, choices, non-negative fee, openings) before they reach the database."""
    errors: dict[str, list[ValidationError]] = {}
    if not project.title.strip():
        errors.setdefault("title", []).append(ValidationError("Give the project a title.", code="required"))
    if project.openings < 1:
        errors.setdefault("openings", []).append(
            ValidationError("A project has at least one opening.", code="openings_too_few")
        )
    elif project.openings < project.accepted_count:
        errors.setdefault("openings", []).append(
            ValidationError(
                f"{project.accepted_count} applicants are already accepted; openings cannot be fewer.",
                code="openings_below_accepted",
            )
        )
    if project.fee < 0:
        errors.setdefault("fee", []).append(
            ValidationError("The fee cannot be negative.", code="fee_negative")
        )
    try:
        _check_list_bounds(
            {"deliverables": project.deliverables, "screening_questions": project.screening_questions}
        )
    except ValidationError as error:
        for name, messages in error.error_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    project.full_clean(exclude=["employer", "created_by"], validate_unique=False, validate_constraints=False)


def _check_visibility_change(*, old: str | None, new: str) -> None:
    """Course-only visibility is the course's to give and take back (`courses.services`), never the
    employer's: a project neither becomes nor stops being course-only by an edit."""
    if new != old and Visibility.COURSE in (old, new):
        message = (
            "This project is offered to one course's students; the course decides who sees it."
            if old == Visibility.COURSE
            else "Propose the project to a course instead: the course makes it visible to its students."
        )
        raise ValidationError({"visibility": ValidationError(message, code="course_visibility")})


def project_create(
    *,
    user,
    employer: Employer,
    title: str,
    summary: str = "",
    description: str = "",
    deliverables: Iterable[str] = (),
    field: str = SkillCategory.OTHER,
    estimated_hours: int = 10,
    fee: Decimal = Decimal("0"),
    currency: str | None = None,
    location_type: str = LocationType.REMOTE,
    location: str = "",
    application_deadline: dt.datetime | None = None,
    due_date: dt.date | None = None,
    openings: int = 1,
    screening_questions: Iterable[str] = (),
    visibility: str = Visibility.PUBLIC,
    required_skills: Iterable[Skill] = (),
    nice_to_have_skills: Iterable[Skill] = (),
) -> Project:
    """A new draft posted by `user` for `employer`, which they must be a member of.

    A draft may be incomplete; the scoping checks run when it is published.
    """
    if not EmployerMember.objects.filter(employer=employer, user=user).exists():
        raise PermissionDenied("Only members of an organisation may post projects for it.")
    _check_visibility_change(old=None, new=visibility)
    required_skills, nice_to_have_skills = list(required_skills), list(nice_to_have_skills)
    _check_list_bounds({"required_skills": required_skills, "nice_to_have_skills": nice_to_have_skills})
    project = Project(
        employer=employer,
        created_by=user,
        title=title.strip(),
        summary=summary,
        description=description,
        deliverables=[item.strip() for item in deliverables if item.strip()],
        field=field,
        estimated_hours=estimated_hours,
        fee=fee,
        currency=currency or settings.MARKETPLACE["DEFAULT_CURRENCY"],
        location_type=location_type,
        location=location,
        application_deadline=application_deadline,
        due_date=due_date,
        openings=openings,
        screening_questions=[item.strip() for item in screening_questions if item.strip()],
        visibility=visibility,
        status=ProjectStatus.DRAFT,
    )
    _clean(project)
    with transaction.atomic():
        project.save()
        project.required_skills.set(required_skills)
        project.nice_to_have_skills.set(nice_to_have_skills)
    return project


def project_update(*, project: Project, user, data: Mapping[str, Any]) -> Project:
    """Change the fields named in `data` (those `project_create` takes) of a draft or open project.

    Openings never drop below the applicants already accepted. An open project must stay well scoped, so
    the publishing checks run again; and when its openings come down to those already accepted, it closes
    as filled. Projects past `open` are not edited: applicants and engagements rely on what they accepted.
    """
    project_ensure_member(user=user, project=project)
    unknown = set(data) - EDITABLE_FIELDS - SKILL_FIELDS
    if unknown:
        raise ValidationError(
            {name: ValidationError("This field cannot be changed.", code="not_editable") for name in unknown}
        )
    skill_lists = {name: list(data[name]) for name in SKILL_FIELDS & set(data)}
    _check_list_bounds(skill_lists)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if project.status not in EDITABLE_PROJECT_STATUSES:
            raise ValidationError(
                f"This project is {project.status_phrase}; only drafts and open projects can be edited.",
                code="not_editable",
            )
        changed = []
        for name in EDITABLE_FIELDS & set(data):
            value = data[name]
            if name in ("deliverables", "screening_questions"):
                value = [item.strip() for item in value if item.strip()]
            elif name == "title":
                value = value.strip()
            if name == "visibility":
                _check_visibility_change(old=project.visibility, new=value)
            if getattr(project, name) != value:
                setattr(project, name, value)
                changed.append(name)
        _clean(project)
        if {"application_deadline", "due_date"} & set(changed):
            _raise_problems(project_window_checks(project=project))
        if project.status == ProjectStatus.OPEN:
            _raise_publish_problems(project)
            if project.accepted_count >= project.openings:
                project.status = ProjectStatus.IN_PROGRESS
                project.close_reason = CloseReason.FILLED
                project.closed_at = timezone.now()
                changed += ["status", "close_reason", "closed_at"]
        if changed:
            project.save(update_fields=[*changed, "updated_at"])
        for name, skills in skill_lists.items():
            getattr(project, name).set(skills)
    return project


def _raise_publish_problems(project: Project) -> None:
    _raise_problems(project_publish_checks(project=project))


def _raise_problems(problems: list[PublishProblem]) -> None:
    if problems:
        errors: dict[str, list[ValidationError]] = {}
        for problem in problems:
            errors.setdefault(problem.field, []).append(ValidationError(problem.message, code=problem.code))
        raise ValidationError(errors)


def project_publish(*, project: Project, user) -> Project:
    """Open a draft for applications once it passes every scoping check.

    A refusal lists all the failed checks at once, keyed by field, so the employer fixes them in one go.
    It announces itself with `project_published` (projects/signals.py): once it commits, matching tells the
    students it matches (matching/receivers.py); publishing again announces nothing.
    """
    project_ensure_member(user=user, project=project)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if project.status == ProjectStatus.OPEN:
            return project
        if project.status != ProjectStatus.DRAFT:
            raise ValidationError(
                f"This project is {project.status_phrase}; only a draft can be published.",
                code="not_draft",
            )
        _raise_publish_problems(project)
        project.status = ProjectStatus.OPEN
        project.published_at = timezone.now()
        project.save(update_fields=["status", "published_at", "updated_at"])
        project_published.send(sender=Project, project=project)
    return project


def project_close(*, project: Project, user) -> Project:
    """The employer stops taking applications: open → in progress. Applicants already in may still be
    accepted while openings remain."""
    project_ensure_member(user=user, project=project)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if project.status == ProjectStatus.IN_PROGRESS:
            return project
        if project.status != ProjectStatus.OPEN:
            raise ValidationError(
                f"This project is {project.status_phrase}; only open projects can be closed.",
                code="not_open",
            )
        project.status = ProjectStatus.IN_PROGRESS
        project.close_reason = CloseReason.EMPLOYER
        project.closed_at = timezone.now()
        project.save(update_fields=["status", "close_reason", "closed_at", "updated_at"])
    return project


def project_close_expired(*, now: dt.datetime | None = None) -> int:
    """Close every open project whose application deadline has passed; return how many were closed.

    One conditional UPDATE: a project filled or closed meanwhile no longer matches `status = open` (Postgres
    re-checks the condition after waiting for a row lock), so running it twice or on several workers at
    once closes each project once.
    """
    now = now or timezone.now()
    return Project.objects.filter(status=ProjectStatus.OPEN, application_deadline__lte=now).update(
        status=ProjectStatus.IN_PROGRESS, close_reason=CloseReason.DEADLINE, closed_at=now, updated_at=now
    )


def project_mark_cancelled(*, project: Project) -> Project:
    """Projects' own part of cancelling: the project is called off, now.

    Not the service to call: `engagements.services.project_cancel` is. Cancelling reaches past projects (it
    is refused while an engagement is under way, and answers the applicants still waiting), so it lives at
    the top of what it touches and ends here. Precondition: inside its transaction, holding the project row
    lock, the project neither cancelled nor completed.
    """
    assert transaction.get_connection().in_atomic_block, "call inside a transaction holding the project lock"
    project.status = ProjectStatus.CANCELLED
    project.cancelled_at = timezone.now()
    project.save(update_fields=["status", "cancelled_at", "updated_at"])
    return project


def project_duplicate(*, project: Project, user) -> Project:
    """A new draft copying `project`'s posting (not its status, dates of publishing, or applicants).

    The deadline and due date are copied too; publishing the copy asks for fresh ones if they have passed.
    Each call makes a new copy.
    """
    project_ensure_member(user=user, project=project)
    copy = Project(
        employer_id=project.employer_id,
        created_by=user,
        title=f"{project.title} (copy)"[: Project._meta.get_field("title").max_length],
        status=ProjectStatus.DRAFT,
        **{name: getattr(project, name) for name in COPIED_FIELDS},
    )
    with transaction.atomic():
        copy.save()
        copy.required_skills.set(project.required_skills.all())
        copy.nice_to_have_skills.set(project.nice_to_have_skills.all())
    return copy


def _ensure_visible(*, student: StudentProfile, project: Project) -> None:
    if not Project.objects.filter(project_visible_to_student_q(student=student), pk=project.pk).exists():
        raise ValidationError("This project is not available to you.", code="not_visible")


def project_save(*, student: StudentProfile, project: Project) -> SavedProject:
    """Bookmark a project the student can see; saving it again returns the same bookmark."""
    _ensure_visible(student=student, project=project)
    saved, _created = SavedProject.objects.get_or_create(student=student, project=project)
    return saved


def project_unsave(*, student: StudentProfile, project: Project) -> None:
    """Remove the bookmark, if there is one."""
    SavedProject.objects.filter(student=student, project=project).delete()


def project_report(*, user, project: Project, reason: str, details: str = "") -> Report:
    """Flag a posting for site staff. One report per user per project: reporting again returns the first
    report unchanged. Members cannot report their own organisation's project, nor anyone a draft."""
    if reason not in ReportReason.values:
        raise ValidationError(
            {"reason": ValidationError("Choose a reason for the report.", code="invalid_reason")}
        )
    if project.status == ProjectStatus.DRAFT:
        raise ValidationError("This project is not published.", code="not_visible")
    student = getattr(user, "student_profile", None) if user.is_student else None
    if student is not None:
        _ensure_visible(student=student, project=project)
    if project_user_is_member(user=user, project=project):
        raise ValidationError("You cannot report your own organisation's project.", code="own_project")
    report, _created = Report.objects.get_or_create(
        project=project, reporter=user, defaults={"reason": reason, "details": details.strip()}
    )
    return report
