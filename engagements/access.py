"""Who may reach an engagement, and in which state it may change: the one access module of the area.

The pages and the API reach every engagement through `engagement_get_for_party` (404 to anyone who is not
its student or a member of its employer, so someone else's engagement is not revealed), and the services
check the acting user and the state with the `require_*` guards before they change anything, taking the
row with `lock_engagement`. Career staff are not a party: the pages answer them 404 and the API 403, for
the whole area (`PARTY_ROLES`).
"""

import uuid
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import Role, User
from applications.models import Application
from employers.models import EmployerMember
from engagements.models import Engagement, EngagementStatus
from students.models import StudentProfile

EngagementParty = Literal["student", "employer"]

# The roles that can be a party to an engagement; the engagement pages and API are theirs only.
PARTY_ROLES = (Role.STUDENT, Role.EMPLOYER)


def engagement_party(*, engagement: Engagement, user: User | None) -> EngagementParty | None:
    """Which side of the engagement `user` is on: its student, a member of its employer, or neither (None)."""
    if user is None or not user.is_authenticated:
        return None
    if StudentProfile.objects.filter(pk=engagement.student_id, user_id=user.pk).exists():
        return "student"
    if EmployerMember.objects.filter(employer_id=engagement.employer_id, user_id=user.pk).exists():
        return "employer"
    return None


def engagement_list_for_party(*, user: User) -> QuerySet[Engagement]:
    """Every engagement `user` is a party to (none for the anonymous): the scope every read starts from."""
    if not user.is_authenticated:
        return Engagement.objects.none()
    return Engagement.objects.filter(
        Q(student__user=user) | Q(employer__in=EmployerMember.objects.filter(user=user).values("employer"))
    )


def engagement_get_for_party(*, user: User, public_id: uuid.UUID | str) -> tuple[Engagement, EngagementParty]:
    """The engagement and the side `user` is on, if they are its student or a member of its employer;
    otherwise Http404, so that the existence of someone else's engagement is not revealed.

    One query: what the engagement's pages show of it (project, employer, student and their university,
    the member who accepted the student) is joined, and the side is read from the joined student.
    """
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404("No such engagement.") from exc
    engagement = (
        engagement_list_for_party(user=user)
        .select_related(
            "project", "employer", "student__user", "student__university", "application__decided_by"
        )
        .filter(public_id=public_id)
        .first()
    )
    if engagement is None:
        raise Http404("No such engagement.")
    party: EngagementParty = "student" if engagement.student.user_id == user.pk else "employer"
    return engagement, party


# The services' guards ------------------------------------------------------------------------------


def require_party(*, engagement: Engagement, user: User) -> EngagementParty:
    """The side `user` acts for; PermissionDenied (403) when they are on neither."""
    party = engagement_party(engagement=engagement, user=user)
    if party is None:
        raise PermissionDenied("You are not a party to this engagement.")
    return party


def require_employer(*, engagement: Engagement, user: User, action: str) -> None:
    """PermissionDenied unless `user` is a member of the engagement's employer ("Only the employer can …")."""
    if require_party(engagement=engagement, user=user) != "employer":
        raise PermissionDenied(f"Only the employer can {action}.")


def require_student(*, engagement: Engagement, user: User, action: str) -> None:
    """PermissionDenied unless `user` is the engagement's student ("Only the student can …")."""
    if require_party(engagement=engagement, user=user) != "student":
        raise PermissionDenied(f"Only the student can {action}.")


def lock_engagement(*, engagement_id: int) -> Engagement:
    """The engagement row, locked until the transaction ends: the first lock of every state change (then
    the milestone's, then the submission's). Call inside `transaction.atomic()`."""
    return Engagement.objects.select_for_update().get(pk=engagement_id)


def require_status(*, engagement: Engagement, allowed: list[EngagementStatus], code: str, doing: str) -> None:
    """ValidationError `code` ("You cannot <doing>: this engagement is <status>.") unless the engagement is in
    one of the `allowed` statuses. Check it on the locked row."""
    if engagement.status not in allowed:
        raise ValidationError(
            "You cannot %(doing)s: this engagement is %(status)s.",
            code=code,
            params={"doing": doing, "status": engagement.get_status_display().lower()},
        )


# Before the decision: an application's message thread ----------------------------------------------------

ApplicationSide = Literal["student", "employer"]


def application_side(*, application: Application, user: User | None) -> ApplicationSide | None:
    """Which side of the application `user` is on: its student, a member of the project's organisation,
    or neither (None)."""
    if user is None or not user.is_authenticated:
        return None
    if StudentProfile.objects.filter(pk=application.student_id, user_id=user.pk).exists():
        return "student"
    if EmployerMember.objects.filter(employer_id=application.project.employer_id, user_id=user.pk).exists():
        return "employer"
    return None


def application_get_for_party(
    *, user: User, public_id: uuid.UUID | str
) -> tuple[Application, ApplicationSide]:
    """The application and the side `user` is on; Http404 to anyone else (career staff included), so the
    existence of someone else's application is not revealed. One query."""
    if not getattr(user, "is_authenticated", False) or user.role not in PARTY_ROLES:
        raise Http404("No such application.")
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404("No such application.") from exc
    application = (
        Application.objects.filter(
            Q(student__user=user)
            | Q(project__employer__in=EmployerMember.objects.filter(user=user).values("employer")),
            public_id=public_id,
        )
        .select_related("project__employer", "student__user", "engagement")
        .first()
    )
    if application is None:
        raise Http404("No such application.")
    side: ApplicationSide = "student" if application.student.user_id == user.pk else "employer"
    return application, side
