"""Reads for an organisation's public page: who it is, its open projects, and three figures students can
trust because they come from what happened on the platform (ratings, answer times, payments)."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.models import Role, User
from applications.models import Application, ApplicationEvent, ApplicationStatus
from employers.models import Employer
from engagements.models import Payment, PaymentStatus, Review, ReviewSide
from engagements.selectors import reviews_unblinded_q
from projects.models import Project, ProjectStatus, Visibility
from projects.selectors import project_list_visible_to_student
from students.models import StudentProfile

# Answer times are measured over the applications of the last year: recent behaviour is what students meet.
ANSWER_PERIOD_DAYS = 365
# What counts as an answer to an applicant: the first of these decisions.
ANSWER_STATUSES = [ApplicationStatus.SHORTLISTED, ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED]
OPEN_PROJECTS_SHOWN = 10


class Median(Aggregate):
    """PostgreSQL's exact median (works on numbers and intervals alike)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


def employer_get_public(*, slug: str) -> Employer:
    """Any organisation, by its slug: the public page shows only what it chose to publish."""
    employer = Employer.objects.filter(slug=slug).first()
    if employer is None:
        raise Http404("No such organisation.")
    return employer


@dataclass(frozen=True)
class Rating:
    average: float | None
    count: int


def employer_rating(*, employer: Employer, now: dt.datetime) -> Rating:
    """The average of the students' ratings of the organisation, counting only reviews no longer blind."""
    result = (
        Review.objects.filter(side=ReviewSide.STUDENT, engagement__employer=employer)
        .filter(reviews_unblinded_q(now=now))
        .aggregate(average=Avg("rating", output_field=FloatField()), count=Count("pk"))
    )
    return Rating(average=result["average"], count=result["count"])


@dataclass(frozen=True)
class AnswerTime:
    median: dt.timedelta | None
    answered: int


def employer_answer_time(*, employer: Employer, now: dt.datetime) -> AnswerTime:
    """The median time from an application to the organisation's first decision on it (shortlist, accept
    or reject), over the applications of the last ANSWER_PERIOD_DAYS that got one. One query."""
    first_answer = (
        ApplicationEvent.objects.filter(application=OuterRef("pk"), status__in=ANSWER_STATUSES)
        .order_by()
        .values("application")
        .annotate(first=Min("created_at"))
        .values("first")
    )
    result = (
        Application.objects.filter(
            project__employer=employer, created_at__gte=now - dt.timedelta(days=ANSWER_PERIOD_DAYS)
        )
        .annotate(answered_at=Subquery(first_answer))
        .filter(answered_at__isnull=False)
        .aggregate(
            median=Median(
                ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField()),
                output_field=DurationField(),
            ),
            answered=Count("pk"),
        )
    )
    return AnswerTime(median=result["median"], answered=result["answered"])


@dataclass(frozen=True)
class PaymentRecord:
    due: int
    on_time: int

    @property
    def rate(self) -> int | None:
        """The share paid on time, in whole percent (None when no payment has come due)."""
        return round(100 * self.on_time / self.due) if self.due else None


def employer_payment_record(*, employer: Employer, now: dt.datetime) -> PaymentRecord:
    """Payments that have come due (or were paid already) against those paid on or before their due date.

    A payment still pending past its due date counts as late; one not yet due and unpaid is left out. A
    payment recorded without a due date (older rows) is due after the payment terms. One query.
    """
    due_at = Coalesce(
        F("due_at"),
        ExpressionWrapper(
            F("created_at") + dt.timedelta(days=settings.MARKETPLACE["PAYMENT_TERMS_DAYS"]),
            output_field=DateTimeField(),
        ),
        output_field=DateTimeField(),
    )
    paid = Q(status=PaymentStatus.PAID, paid_at__isnull=False)
    result = (
        Payment.objects.filter(engagement__employer=employer, amount__gt=0)
        .annotate(due_by=due_at)
        .filter(paid | Q(due_by__lte=now))
        .aggregate(due=Count("pk"), on_time=Count("pk", filter=paid & Q(paid_at__lte=F("due_by"))))
    )
    return PaymentRecord(due=result["due"], on_time=result["on_time"])


def employer_open_projects_for_viewer(
    *, employer: Employer, viewer: User, now: dt.datetime
) -> QuerySet[Project]:
    """The organisation's projects open for applications that `viewer` may see, the soonest deadline first:
    a student sees what the project visibility rules let them see; everyone else the public ones only."""
    student = None
    if viewer.is_authenticated and viewer.role == Role.STUDENT:
        student = StudentProfile.objects.filter(user_id=viewer.pk).select_related("university").first()
    if student is not None:
        projects = project_list_visible_to_student(student=student)
    else:
        projects = Project.objects.filter(visibility=Visibility.PUBLIC).prefetch_related("required_skills")
    return (
        projects.filter(employer=employer, status=ProjectStatus.OPEN)
        .filter(Q(application_deadline__isnull=True) | Q(application_deadline__gt=now))
        .order_by(F("application_deadline").asc(nulls_last=True), "-published_at", "-id")
    )
