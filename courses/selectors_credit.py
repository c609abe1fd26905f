"""Reads for academic credit: who may see a credit request, a course's requests for its faculty, a
student's requests, the courses a student may ask credit in for an engagement, and the engagement page's
credit panel.

Who sees what of a credit request:
- its student and the course's confirmed instructors see the whole record (the request, the faculty's
  decision and reasons, the evaluation, the reflection, the sign-off);
- the members of the engagement's employer learn only that the work counts for credit in a course and where
  the request stands (`CreditViewer.EMPLOYER`): not the student's note, the faculty's decline reason, the
  required outcomes' assessment, the reflection, the result, grade or note. They fill the evaluation, which
  is their own, through the evaluation pages;
- anyone else finds nothing (404), so nobody learns which requests exist.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import BooleanField, Exists, ExpressionWrapper, FilteredRelation, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone

from accounts.models import Role, User
from courses.models import Course, CreditRequest, CreditStatus, FacultyProfile
from employers.models import EmployerMember
from engagements.access import EngagementParty
from engagements.models import Engagement, EngagementStatus

# A request may be made until this many days after the course's term has ended (late paperwork happens).
CREDIT_REQUEST_GRACE_DAYS = 30


class CreditViewer(StrEnum):
    STUDENT = "student"
    FACULTY = "faculty"
    EMPLOYER = "employer"


def _related(queryset: QuerySet[CreditRequest]) -> QuerySet[CreditRequest]:
    """What a credit page or list shows of each request, in the same query."""
    return queryset.select_related(
        "course__university",
        "engagement__project",
        "engagement__employer",
        "student__user",
        "decided_by",
        "signed_off_by",
        "evaluation",
        "reflection",
    )


def _confirmed_instructor_courses(user: User) -> QuerySet[Course]:
    return Course.objects.filter(instructors__user=user, instructors__confirmed_at__isnull=False)


def credit_request_list_for_user(*, user: User) -> QuerySet[CreditRequest]:
    """The credit requests `user` sees in full: a student's own, or those of the courses a confirmed faculty
    member teaches; none for anyone else."""
    if not user.is_authenticated:
        return CreditRequest.objects.none()
    if user.role == Role.STUDENT:
        scope = CreditRequest.objects.filter(student__user=user)
    elif user.role == Role.FACULTY:
        scope = CreditRequest.objects.filter(course__in=_confirmed_instructor_courses(user))
    else:
        return CreditRequest.objects.none()
    return _related(scope).order_by("-created_at", "-id")


def credit_request_get_for_user(*, user: User, public_id: uuid.UUID) -> tuple[CreditRequest, CreditViewer]:
    """The request and how `user` sees it (see the module docstring); Http404 for anyone else."""
    credit = credit_request_list_for_user(user=user).filter(public_id=public_id).first()
    if credit is not None:
        return credit, CreditViewer.STUDENT if user.role == Role.STUDENT else CreditViewer.FACULTY
    if user.is_authenticated and user.role == Role.EMPLOYER:
        credit = (
            _related(CreditRequest.objects.filter(public_id=public_id))
            .filter(engagement__employer__in=EmployerMember.objects.filter(user=user).values("employer"))
            .first()
        )
        if credit is not None:
            return credit, CreditViewer.EMPLOYER
    raise Http404("No such credit request.")


def credit_request_get_for_faculty(*, user: User, public_id: uuid.UUID) -> CreditRequest:
    """A request of one of the courses `user` teaches as confirmed faculty; Http404 otherwise."""
    credit = None
    if user.is_authenticated and user.role == Role.FACULTY:
        credit = credit_request_list_for_user(user=user).filter(public_id=public_id).first()
    if credit is None:
        raise Http404("No such credit request.")
    return credit


def credit_request_list_for_student(*, user: User, course: Course | None = None) -> QuerySet[CreditRequest]:
    """The student's own requests, newest first (narrowed to `course` when given)."""
    if not user.is_authenticated or user.role != Role.STUDENT:
        return CreditRequest.objects.none()
    requests = credit_request_list_for_user(user=user)
    return requests.filter(course=course) if course is not None else requests


def credit_live_request_for_engagement(*, engagement: Engagement) -> CreditRequest | None:
    """The engagement's request that is not declined (at most one), if any."""
    return (
        _related(CreditRequest.objects.filter(engagement=engagement))
        .exclude(status=CreditStatus.DECLINED)
        .first()
    )


def engagement_start_date(engagement: Engagement) -> dt.date:
    """When the work began: kickoff's end when the work is under way, else when the student was hired."""
    return timezone.localdate(engagement.started_at or engagement.created_at)


def credit_course_refusal(*, course: Course, engagement: Engagement, today: dt.date | None = None) -> str:
    """Why this engagement cannot count in `course` because of the course's dates ("" when it can)."""
    today = today or timezone.localdate()
    if engagement_start_date(engagement) > course.term_end:
        return f"This work started after {course.code}'s term ended ({course.term_end:%d %b %Y})."
    if today > course.term_end + dt.timedelta(days=CREDIT_REQUEST_GRACE_DAYS):
        return (
            f"{course.code}'s term ended more than {CREDIT_REQUEST_GRACE_DAYS} days ago: "
            f"ask the course's faculty directly."
        )
    return ""


def _courses_open_for(engagement: Engagement, today: dt.date | None) -> QuerySet[Course]:
    """The courses the engagement's student is enrolled in whose dates let this work count."""
    today = today or timezone.localdate()
    earliest_end = max(
        engagement_start_date(engagement), today - dt.timedelta(days=CREDIT_REQUEST_GRACE_DAYS)
    )
    return Course.objects.filter(enrolments__student_id=engagement.student_id, term_end__gte=earliest_end)


def credit_courses_for_engagement(*, engagement: Engagement, today: dt.date | None = None) -> list[Course]:
    """The courses the engagement's student is enrolled in whose dates let this work count (one query).

    Courses where the engagement was already declined are still offered: the student may ask again."""
    courses = _courses_open_for(engagement, today).select_related("university")
    return list(courses.order_by("term_end", "code"))


# --- The "Academic credit" panel of the engagement page -----------------------------------------------------


@dataclass(frozen=True)
class EngagementCreditPanel:
    """What the engagement page tells one side about the work's academic credit.

    `live` is the request that is not declined (at most one, a database constraint), with its course and
    university; `has_evaluation` and `has_reflection` say whether the employer's evaluation and the student's
    reflection are in. The student also gets their `declined` requests and whether they `may_ask` (they are
    in a course this work can still count for); the employer never sees a declined request."""

    party: EngagementParty
    engagement: Engagement
    live: CreditRequest | None = None
    declined: list[CreditRequest] = field(default_factory=list)
    may_ask: bool = False
    has_evaluation: bool = False
    has_reflection: bool = False

    @property
    def writing_open(self) -> bool:
        """Approved credit on completed work: the evaluation and reflection are owed, then the sign-off."""
        return (
            self.live is not None
            and self.live.status == CreditStatus.APPROVED
            and self.engagement.status == EngagementStatus.COMPLETED
        )

    @property
    def show(self) -> bool:
        return bool(self.live or self.declined or self.may_ask)


def credit_panel_for_engagement(
    *, engagement: Engagement, party: EngagementParty, today: dt.date | None = None
) -> EngagementCreditPanel:
    """The engagement page's credit panel for `party`, whose access the page has already checked.

    One query whatever the state: the engagement's row left-joined to each of its requests (the filtered
    relation is what lets `select_related` follow the reverse foreign key), each with its course, university
    and whether its evaluation and reflection exist; for the student, whether a course is open to this work
    rides along as an EXISTS. The engagement's columns are fetched again only to carry the join."""
    live_only = Q() if party == "student" else ~Q(credit_requests__status=CreditStatus.DECLINED)
    query = (
        Engagement.objects.filter(pk=engagement.pk)
        .annotate(
            credit=FilteredRelation("credit_requests", condition=live_only),
            credit_has_evaluation=ExpressionWrapper(
                Q(credit__evaluation__isnull=False), output_field=BooleanField()
            ),
            credit_has_reflection=ExpressionWrapper(
                Q(credit__reflection__isnull=False), output_field=BooleanField()
            ),
            may_ask=Exists(_courses_open_for(engagement, today))
            if party == "student" and engagement.status != EngagementStatus.CANCELLED
            else Value(False),
        )
        .select_related("credit__course__university")
        .order_by("-credit__created_at", "-credit__id")
    )
    rows = list(query)
    # A row without `credit` is the engagement alone: it has no request (for this side).
    credits = [(row.credit, row) for row in rows if getattr(row, "credit", None) is not None]
    live_row = next((row for credit, row in credits if credit.status != CreditStatus.DECLINED), None)
    return EngagementCreditPanel(
        party=party,
        engagement=engagement,
        live=live_row.credit if live_row else None,
        declined=[credit for credit, _ in credits if credit.status == CreditStatus.DECLINED],
        may_ask=live_row is None and bool(rows) and rows[0].may_ask,
        has_evaluation=bool(live_row and live_row.credit_has_evaluation),
        has_reflection=bool(live_row and live_row.credit_has_reflection),
    )


def is_course_instructor(*, course: Course, user: User) -> bool:
    return (
        user.is_authenticated
        and FacultyProfile.objects.filter(courses=course, user=user, confirmed_at__isnull=False).exists()
    )


# --- A course's requests for its faculty -------------------------------------------------------------------


@dataclass
class CourseCreditBoard:
    """A course's credit requests by what they wait for. `approved` are under way (each says what is still
    owed: `credit.owes`), `to_sign_off` have everything in and wait for the faculty."""

    to_decide: list[CreditRequest] = field(default_factory=list)
    approved: list[CreditRequest] = field(default_factory=list)
    to_sign_off: list[CreditRequest] = field(default_factory=list)
    signed_off: list[CreditRequest] = field(default_factory=list)
    declined: list[CreditRequest] = field(default_factory=list)

    @property
    def waiting_count(self) -> int:
        """What waits for the faculty: decisions and sign-offs."""
        return len(self.to_decide) + len(self.to_sign_off)

    @property
    def total(self) -> int:
        return sum(
            len(group)
            for group in (self.to_decide, self.approved, self.to_sign_off, self.signed_off, self.declined)
        )


def credit_owes(credit: CreditRequest) -> list[str]:
    """What an approved request still lacks before sign-off (reads the joined evaluation and reflection)."""
    owes = []
    if credit.engagement.status != EngagementStatus.COMPLETED:
        owes.append("the work to be completed")
    if not _has(credit, "evaluation"):
        owes.append("the employer's evaluation")
    if not _has(credit, "reflection"):
        owes.append("the student's reflection")
    return owes


def _has(credit: CreditRequest, relation: str) -> bool:
    try:
        getattr(credit, relation)
    except CreditRequest._meta.get_field(relation).related_model.DoesNotExist:
        return False
    return True


def credit_evaluation_of(credit: CreditRequest):
    """The request's competency evaluation, or None."""
    return credit.evaluation if _has(credit, "evaluation") else None


def credit_reflection_of(credit: CreditRequest):
    """The request's reflection, or None."""
    return credit.reflection if _has(credit, "reflection") else None


def credit_board_for_course(*, course: Course) -> CourseCreditBoard:
    """The course's requests grouped by what they wait for: one query whatever their number."""
    board = CourseCreditBoard()
    requests = _related(CreditRequest.objects.filter(course=course)).order_by(
        "student__user__full_name", "created_at"
    )
    for credit in requests:
        if credit.status == CreditStatus.REQUESTED:
            board.to_decide.append(credit)
        elif credit.status == CreditStatus.APPROVED:
            credit.owes = credit_owes(credit)
            (board.approved if credit.owes else board.to_sign_off).append(credit)
        elif credit.status == CreditStatus.SIGNED_OFF:
            board.signed_off.append(credit)
        else:
            board.declined.append(credit)
    return board


def credit_request_filter(
    requests: QuerySet[CreditRequest], *, course: uuid.UUID | None = None, status: str | None = None
) -> QuerySet[CreditRequest]:
    """Narrow a scoped list by course (public id) and status, for the API's filters."""
    conditions = Q()
    if course is not None:
        conditions &= Q(course__public_id=course)
    if status:
        conditions &= Q(status=status)
    return requests.filter(conditions)
