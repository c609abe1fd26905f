"""Cancelling a project: the one change to a posting that reaches past projects. It is refused while work is
under way (engagements) and turns down every applicant still waiting (applications), so it lives here, at the
top of what it touches, and ends with projects' own `project_mark_cancelled`; projects import neither app.

It takes the project row lock first, as every application transition does.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from applications.services.applications import application_reject_pending_for_project
from engagements.models import OPEN_ENGAGEMENT_STATUSES, Engagement
from projects.models import Project, ProjectStatus
from projects.selectors import project_ensure_member
from projects.services import project_mark_cancelled

CANCELLATION_NOTE = (
    "Thank you for applying. The employer has cancelled this project, so it will not go ahead. "
    "This says nothing about your application: please keep applying."
)


def project_cancel(*, project: Project, user, note: str = "") -> Project:
    """Call the project off before any work is under way.

    Refused once an engagement is in kickoff or active (cancel the engagements first: the student may be
    owed for approved milestones) and for completed projects. Applicants still waiting are turned down with
    a kind note (the employer's `note`, or a default), so nobody is left without an answer. Cancelling a
    cancelled project returns it unchanged.
    """
    project_ensure_member(user=user, project=project)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if project.status == ProjectStatus.CANCELLED:
            return project
        if project.status == ProjectStatus.COMPLETED:
            raise ValidationError("This project is completed; it cannot be cancelled.", code="completed")
        if Engagement.objects.filter(project=project, status__in=OPEN_ENGAGEMENT_STATUSES).exists():
            raise ValidationError(
                "Work on this project is under way; cancel its engagements first.",
                code="active_engagement",
            )
        application_reject_pending_for_project(project=project, by=user, note=note or CANCELLATION_NOTE)
        return project_mark_cancelled(project=project)
