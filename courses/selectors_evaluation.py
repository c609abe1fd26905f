"""Reads for the competency evaluation and the reflection: what each side still owes.

Who may reach a credit request is decided once, in `courses.selectors_credit.credit_request_get_for_user`.
The evaluation is private to the student, the course's faculty and the organisation that wrote it: it never
appears on the public portfolio or with the public reviews.
"""

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from accounts.models import Role, User
from courses.models import CreditRequest, CreditStatus
from employers.models import EmployerMember
from engagements.models import EngagementStatus


def _awaiting_writing() -> Q:
    """Approved credit on completed work: the evaluation and the reflection are open."""
    return Q(status=CreditStatus.APPROVED, engagement__status=EngagementStatus.COMPLETED)


def evaluation_list_for_employer(*, user: User) -> QuerySet[CreditRequest]:
    """The approved credit requests on completed engagements of `user`'s organisations: the evaluations they
    owe and those they sent and may still change (until sign-off); owed first, oldest completion first.
    Annotated `has_evaluation`. One query."""
    if not user.is_authenticated or user.role != Role.EMPLOYER:
        return CreditRequest.objects.none()
    return (
        CreditRequest.objects.filter(
            _awaiting_writing(),
            engagement__employer__in=EmployerMember.objects.filter(user=user).values("employer"),
        )
        .select_related(
            "course", "engagement__project", "engagement__employer", "student__user", "evaluation"
        )
        .annotate(has_evaluation=ExpressionWrapper(Q(evaluation__isnull=False), output_field=BooleanField()))
        .order_by("has_evaluation", "engagement__completed_at", "id")
    )
