"""The life of an application: submitted → shortlisted → accepted | rejected, or withdrawn by the student.

Every transition locks the project row, then the application row (always in that order, so two transitions
cannot deadlock), refuses what the current status does not allow, returns the application unchanged when it
is already in the target status, and records an `ApplicationEvent`.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications import notices
from applications.models import (
    PENDING_APPLICATION_STATUSES,
    Application,
    ApplicationEvent,
    ApplicationStatus,
)
from applications.selectors import application_refusal, application_weekly_budget
from projects.models import Project
from projects.selectors import project_ensure_member
from students.models import StudentProfile
from students.services import student_resume_set

DEFAULT_REJECTION_NOTE = (
    "Thank you for applying. The employer has chosen to go ahead with other applicants this time. "
    "Please keep applying: every application helps you find the right project."
)
UNANSWERED_CLOSE_NOTE = (
    "Thank you for applying. %(employer)s did not answer within %(days)s days, so we have closed this "
    "application rather than leave you waiting. This says nothing about the quality of your application. "
    "Please keep applying: every application helps you find the right project."
)


def application_event_record(*, application: Application, actor, note: str = "") -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application, status=application.status, actor=actor, note=note
    )


def application_lock(application: Application) -> tuple[Project, Application]:
    """Lock the project row, then the application row. Call inside `transaction.atomic()`."""
    project = Project.objects.select_for_update().get(pk=application.project_id)
    locked = Application.objects.select_for_update().get(pk=application.pk)
    locked.project = project
    return project, locked


def application_transition_refusal(application: Application, action: str) -> ValidationError:
    return ValidationError(
        f"This application is {application.get_status_display().lower()}; it cannot be {action}.",
        code="invalid_transition",
    )


def application_submit(
    *,
    student: StudentProfile,
    project: Project,
    cover_note: str = "",
    answers: Sequence[str] | None = None,
    resume: UploadedFile | None = None,
) -> Application:
    """Apply `student` to `project`, with `resume` (when given) replacing the résumé on their profile.

    Refused for the reasons of `application_refusal` (already applied, whatever became of that application;
    not verified; a project they may not see, not open, or past its deadline), or when a screening question
    is left unanswered (`answers` are strings in the order of the questions). When the
    project would take the student past their weekly hours, the application is still made but flagged
    `exceeds_weekly_budget` so both sides see the warning.

    The project row is locked so an application cannot slip in while the project is being cancelled. The
    résumé is stored in the same transaction, after every check: a bad file (ValidationError keyed
    "resume") submits nothing, and a refused application leaves the previous résumé in place.
    """
    answers = [(answer or "").strip() for answer in (answers or [])]
    previous_resume = student.resume.name if student.resume else ""
    try:
        return _submit(
            student=student, project=project, cover_note=cover_note, answers=answers, resume=resume
        )
    except BaseException:
        if resume is not None and student.resume.name != previous_resume:
            # The new file was stored but the transaction pointing the profile at it was rolled back.
            student.resume.storage.delete(student.resume.name)
            student.resume = previous_resume
        raise


def _submit(
    *,
    student: StudentProfile,
    project: Project,
    cover_note: str,
    answers: list[str],
    resume: UploadedFile | None,
) -> Application:
    now = timezone.now()
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        refusal = application_refusal(student=student, project=project, now=now)
        if refusal is not None:
            raise refusal
        questions = project.screening_questions
        if len(answers) != len(questions) or not all(answers):
            raise ValidationError(
                {
                    "answers": ValidationError(
                        f"Answer every screening question ({len(questions)} in all).",
                        code="answers_incomplete",
                    )
                }
            )
        if resume is not None:
            student_resume_set(profile=student, upload=resume)
        budget = application_weekly_budget(student=student, project=project, now=now)
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    project=project,
                    student=student,
                    cover_note=cover_note.strip(),
                    answers=[
                        {"question": question, "answer": answer}
                        for question, answer in zip(questions, answers, strict=True)
                    ],
                    exceeds_weekly_budget=budget.exceeds,
                )
        except IntegrityError as error:
            raise ValidationError(
                "You have already applied to this project.", code="already_applied"
            ) from error
        application_event_record(application=application, actor=student.user)
        notices.application_submitted(application=application)
    return application


def application_withdraw(*, application: Application, student: StudentProfile) -> Application:
    """The student takes back a submitted or shortlisted application.

    An accepted application cannot be withdrawn here: the work has been promised, so it ends through the
    engagement's cancellation. Only the applicant may withdraw (PermissionDenied otherwise).
    """
    if application.student_id != student.pk:
        raise PermissionDenied("Only the applicant may withdraw an application.")
    with transaction.atomic():
        _project, application = application_lock(application)
        if application.status == ApplicationStatus.WITHDRAWN:
            return application
        if application.status == ApplicationStatus.ACCEPTED:
            raise ValidationError(
                "You were accepted for this project; to stop, cancel the engagement instead.",
                code="accepted_cannot_withdraw",
            )
        if application.status not in PENDING_APPLICATION_STATUSES:
            raise application_transition_refusal(application, "withdrawn")
        application.status = ApplicationStatus.WITHDRAWN
        application.withdrawn_at = timezone.now()
        application.save(update_fields=["status", "withdrawn_at", "updated_at"])
        application_event_record(application=application, actor=student.user)
        notices.application_withdrawn(application=application)
    return application


def application_shortlist(*, application: Application, by) -> Application:
    """A member of the project's organisation shortlists a submitted application."""
    project_ensure_member(user=by, project=application.project)
    with transaction.atomic():
        _project, application = application_lock(application)
        if application.status == ApplicationStatus.SHORTLISTED:
            return application
        if application.status != ApplicationStatus.SUBMITTED:
            raise application_transition_refusal(application, "shortlisted")
        application.status = ApplicationStatus.SHORTLISTED
        application.save(update_fields=["status", "updated_at"])
        application_event_record(application=application, actor=by)
        notices.application_shortlisted(application=application, by=by)
    return application


def application_reject(*, application: Application, by, note: str = "") -> Application:
    """A member of the project's organisation turns down a submitted or shortlisted application.

    The student always gets a note: the employer's, or a kind default when they leave it empty. An accepted
    application is not rejected here; its engagement is cancelled instead.
    """
    project_ensure_member(user=by, project=application.project)
    note = note.strip() or DEFAULT_REJECTION_NOTE
    with transaction.atomic():
        _project, application = application_lock(application)
        if application.status == ApplicationStatus.REJECTED:
            return application
        if application.status == ApplicationStatus.ACCEPTED:
            raise ValidationError(
                "This applicant has been accepted; cancel the engagement instead of rejecting them.",
                code="accepted_cannot_reject",
            )
        if application.status not in PENDING_APPLICATION_STATUSES:
            raise application_transition_refusal(application, "rejected")
        application.status = ApplicationStatus.REJECTED
        application.decision_note = note
        application.decided_at = timezone.now()
        application.decided_by = by
        application.save(update_fields=["status", "decision_note", "decided_at", "decided_by", "updated_at"])
        application_event_record(application=application, actor=by, note=note)
        notices.application_rejected(application=application, by=by)
    return application


@dataclass
class RejectManyResult:
    rejected: list[Application] = field(default_factory=list)
    refused: list[tuple[Application, ValidationError]] = field(default_factory=list)


def application_reject_many(*, applications: Iterable[Application], by, note: str = "") -> RejectManyResult:
    """Reject several applications with one note, each in its own transaction.

    One refusal (say, an applicant accepted meanwhile) does not undo the others: it is reported in
    `refused`. `by` must be a member of every project concerned, checked before anything changes.
    """
    applications = list(applications)
    checked: set[int] = set()
    for application in applications:
        if application.project_id not in checked:
            project_ensure_member(user=by, project=application.project)
            checked.add(application.project_id)
    result = RejectManyResult()
    for application in applications:
        try:
            result.rejected.append(application_reject(application=application, by=by, note=note))
        except ValidationError as error:
            result.refused.append((application, error))
    return result


def application_reject_pending_for_project(*, project: Project, by, note: str = "") -> int:
    """Reject every submitted or shortlisted application of `project` with one note; return how many.

    Precondition: call inside a transaction holding the project row lock (as `project_cancel` does), so no
    application can be submitted or accepted meanwhile.
    """
    assert transaction.get_connection().in_atomic_block, "call inside a transaction holding the project lock"
    note = note.strip() or DEFAULT_REJECTION_NOTE
    now = timezone.now()
    pending = list(
        Application.objects.select_for_update()
        .filter(project=project, status__in=PENDING_APPLICATION_STATUSES)
        .order_by("pk")
    )
    if not pending:
        return 0
    Application.objects.filter(pk__in=[application.pk for application in pending]).update(
        status=ApplicationStatus.REJECTED, decision_note=note, decided_at=now, decided_by=by, updated_at=now
    )
    ApplicationEvent.objects.bulk_create(
        ApplicationEvent(application=application, status=ApplicationStatus.REJECTED, actor=by, note=note)
        for application in pending
    )
    for application in pending:
        application.project, application.decision_note = project, note
        notices.application_rejected(application=application, by=by)
    return len(pending)


def application_close_unanswered(*, application: Application, now: dt.datetime) -> bool:
    """Close an application its employer left unanswered for APPLICATION_AUTO_CLOSE_DAYS (submitted or
    shortlisted, counted from when it was made, as the employer dashboard counts the wait), and tell the
    student kindly: nobody is ghosted.

    Re-checked under the project and application row locks: a decision the employer makes at the same
    moment wins (the application is no longer pending and is left as it is), and two scans closing the same
    application close it once. The platform closes it, so the event has no actor and the application no
    `decided_by`. Returns whether this call closed it (False: answered, closed already, or not yet due), so
    a scan counts only its own work.
    """
    days = settings.MARKETPLACE["APPLICATION_AUTO_CLOSE_DAYS"]
    with transaction.atomic():
        project, application = application_lock(application)
        if application.status not in PENDING_APPLICATION_STATUSES:
            return False
        if application.created_at > now - dt.timedelta(days=days):
            return False
        note = UNANSWERED_CLOSE_NOTE % {"employer": project.employer.name, "days": days}
        application.status = ApplicationStatus.CLOSED
        application.decision_note = note
        application.decided_at = now
        application.decided_by = None
        application.save(update_fields=["status", "decision_note", "decided_at", "decided_by", "updated_at"])
        application_event_record(application=application, actor=None, note=note)
        notices.application_closed_unanswered(application=application)
    return True
