"""Writes of career exploration: an employer member marks a student as a future hire after a completed
engagement, the student shows the mark on their portfolio or not, and the organisation invites a student it
marked to apply to one of its open projects, which the student accepts or declines.

Every service checks who acts first (a member of the engagement's organisation; the mark's or the
invitation's student) and is idempotent; the database's constraints back the rules (one mark per
organisation and student, one open invitation per organisation and student)."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from employers.models import Employer
from employers.selectors import employer_member_role
from engagements.access import engagement_get_for_party
from engagements.models import EngagementStatus
from exploration.models import FutureHire, InvitationStatus, TalentInvitation
from exploration.selectors import employer_open_projects
from notifications.models import NotificationKind
from notifications.services import Notice, notify
from projects.models import Project


def future_hire_mark(*, engagement_public_id: object, by: User) -> tuple[FutureHire, bool]:
    """Mark the engagement's student as someone the organisation would hire again; (mark, created).

    404 to anyone who is not a party (the engagement is not revealed), 403 to its student, 400 while the
    engagement is not completed. Marking again keeps the first mark."""
    engagement, party = engagement_get_for_party(user=by, public_id=engagement_public_id)
    if party != "employer":
        raise PermissionDenied("Only the organisation's members can mark a future hire.")
    if engagement.status != EngagementStatus.COMPLETED:
        raise ValidationError("You can mark a student as a future hire once the engagement is completed.")
    mark, created = FutureHire.objects.get_or_create(
        employer_id=engagement.employer_id,
        student_id=engagement.student_id,
        defaults={"engagement": engagement, "marked_by": by},
    )
    return mark, created


def future_hire_set_shown(*, mark: FutureHire, shown: bool) -> FutureHire:
    """Show the mark on the student's public portfolio, or hide it. Call with the student's own mark
    (`future_hire_get_for_student`)."""
    if mark.shown_on_portfolio != shown:
        FutureHire.objects.filter(pk=mark.pk).update(shown_on_portfolio=shown, updated_at=timezone.now())
        mark.shown_on_portfolio = shown
    return mark


def talent_invite(
    *, employer: Employer, student_id: int, project: Project, by: User, message: str = "",
    now: dt.datetime | None = None,
) -> TalentInvitation:  # fmt: skip
    """Invite a student the organisation marked to apply to one of its open projects, and tell them.

    403 unless `by` is a member; 400 when the student was not marked by this organisation, when the project
    is not one of its open projects, or when an invitation to them is still open (one at a time: the
    partial unique constraint `talent_invitation_one_open` settles a race)."""
    if employer_member_role(employer=employer, user=by) is None:
        raise PermissionDenied("Only the organisation's members can invite students.")
    # The mark's student's account, read with the mark: whom the notice goes to.
    student_user_id = (
        FutureHire.objects.filter(employer=employer, student_id=student_id)
        .values_list("student__user_id", flat=True)
        .first()
    )
    if student_user_id is None:
        raise ValidationError(
            {"student": "You can only invite students your organisation marked as a future hire."}
        )
    if not employer_open_projects(employer=employer, now=now).filter(pk=project.pk).exists():
        raise ValidationError({"project": "Choose one of your organisation's open projects."})
    if len(message) > 1000:
        raise ValidationError({"message": "Keep the message under 1,000 characters."})
    try:
        with transaction.atomic():
            invitation = TalentInvitation.objects.create(
                employer=employer, student_id=student_id, project=project, invited_by=by, message=message
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"student": "This student already has an open invitation from your organisation."}
        ) from exc
    notify(
        user_ids=[student_user_id],
        notice=Notice(
            kind=NotificationKind.TALENT_INVITATION,
            key=f"talent-invitation:{invitation.public_id}",
            title=f"{employer.name} invites you to apply to {project.title}",
            body=message,
            url=reverse("exploration:page") + "#invitations",
        ),
    )
    return invitation


def invitation_respond(*, invitation: TalentInvitation, accept: bool, now: dt.datetime | None = None) -> str:
    """Accept or decline the student's own invitation (`invitation_get_for_student`); returns where to go
    next (accepting leads to the project's apply page). Answering twice the same way changes nothing;
    answering an invitation already answered the other way is a 400."""
    target = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    updated = TalentInvitation.objects.filter(pk=invitation.pk, status=InvitationStatus.OPEN).update(
        status=target, responded_at=now or timezone.now()
    )
    if not updated:
        invitation.refresh_from_db(fields=["status", "responded_at"])
        if invitation.status != target:
            raise ValidationError("You have already answered this invitation.")
    invitation.status = target
    if accept:
        return reverse("projects:apply", args=[invitation.project.public_id])
    return reverse("exploration:page") + "#invitations"
