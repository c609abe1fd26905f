"""Hiring: accepting an applicant creates their engagement.

It lives here, not in `applications`, so that applications never depend on engagements. It takes the same
locks as every other application transition (the project row, then the application row).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from applications.models import PENDING_APPLICATION_STATUSES, Application, ApplicationStatus
from applications.services.applications import (
    application_event_record,
    application_lock,
    application_transition_refusal,
)
from engagements import notices
from engagements.services.lifecycle import engagement_create_for_application
from projects.models import CloseReason, ProjectStatus
from projects.selectors import project_ensure_member


def application_accept(*, application: Application, by) -> Application:
    """A member of the project's organisation accepts an applicant, which creates their engagement.

    Refused unless the application is submitted or shortlisted and the project is open or in progress
    with an opening left. The project row lock serialises every acceptance of one project, so concurrent
    clicks never accept more applicants than openings. The acceptance that fills the last opening closes
    an open project to new applications (in progress, closed because filled).
    """
    project_ensure_member(user=by, project=application.project)
    with transaction.atomic():
        project, application = application_lock(application)
        if application.status == ApplicationStatus.ACCEPTED:
            return application
        if application.status not in PENDING_APPLICATION_STATUSES:
            raise application_transition_refusal(application, "accepted")
        if project.status not in (ProjectStatus.OPEN, ProjectStatus.IN_PROGRESS):
            raise ValidationError(
                f"This project is {project.status_phrase}; it cannot take on applicants.",
                code="project_not_accepting",
            )
        if project.accepted_count >= project.openings:
            raise ValidationError("All openings are filled.", code="openings_filled")
        now = timezone.now()
        application.status = ApplicationStatus.ACCEPTED
        application.decided_at = now
        application.decided_by = by
        application.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
        application_event_record(application=application, actor=by)
        project.accepted_count += 1
        update_fields = ["accepted_count", "updated_at"]
        if project.accepted_count >= project.openings and project.status == ProjectStatus.OPEN:
            project.status = ProjectStatus.IN_PROGRESS
            project.close_reason = CloseReason.FILLED
            project.closed_at = now
            update_fields += ["status", "close_reason", "closed_at"]
        project.save(update_fields=update_fields)
        engagement_create_for_application(application=application)
        notices.application_accepted(application=application, by=by)
    return application
