"""What an organisation's engagements say about it on its public page, in figures students can trust because
they come from what happened on the platform: the students' ratings and the payments made on time.

The page's other parts live with what they read: the organisation (`employers.selectors.employer_get_public`),
its open projects (`projects.selectors.employer_open_projects_for_viewer`) and its answer times
(`applications.selectors.employer_answer_time`); `employer_public_page` puts them together once, for the
page and the API.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, DateTimeField, ExpressionWrapper, F, FloatField, Q, QuerySet
from django.db.models.functions import Coalesce

from accounts.models import User
from applications.selectors import ANSWER_PERIOD_DAYS, AnswerTime, employer_answer_time
from employers.models import Employer
from employers.selectors import employer_get_public
from employers.text import duration_words
from engagements.models import Payment, PaymentStatus, Review, ReviewSide
from engagements.selectors import reviews_unblinded_q
from projects.models import Project
from projects.selectors import OPEN_PROJECTS_SHOWN, employer_open_projects_for_viewer


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
class PaymentRecord:
    due: int
    on_time: int

    @property
    def rate(self) -> int | None:
        """The share paid on time, in whole percent (None when no payment has come due)."""
        return round(100 * self.on_time / self.due) if self.due else None


def payment_record(
    payments: QuerySet[Payment],
    *,
    now: dt.datetime,
    due_from: dt.datetime | None = None,
    due_before: dt.datetime | None = None,
) -> PaymentRecord:
    """The on-time rule, the one place it is written (the organisation's page and the career office's
    Outcomes report both count with it): of `payments`, those that have come due (or were paid already)
    against those paid on or before their due date. One query.

    A payment of no amount is left out; one still pending past its due date counts as late; one not yet due
    and unpaid is left out. A payment recorded without a due date (older rows) is due after the payment
    terms. `due_from` / `due_before` keep the payments whose due date (so filled) falls in that range.
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
    payments = payments.filter(amount__gt=0).annotate(due_by=due_at).filter(paid | Q(due_by__lte=now))
    if due_from is not None:
        payments = payments.filter(due_by__gte=due_from)
    if due_before is not None:
        payments = payments.filter(due_by__lt=due_before)
    result = payments.aggregate(
        due=Count("pk"), on_time=Count("pk", filter=paid & Q(paid_at__lte=F("due_by")))
    )
    return PaymentRecord(due=result["due"], on_time=result["on_time"])


def employer_payment_record(*, employer: Employer, now: dt.datetime) -> PaymentRecord:
    """The organisation's payments by `payment_record`'s rule. One query."""
    return payment_record(Payment.objects.filter(engagement__employer=employer), now=now)


@dataclass(frozen=True)
class EmployerPublicPage:
    """Everything an organisation's public page shows, for the page and the API alike."""

    employer: Employer
    projects: list[Project]
    more_projects: bool
    rating: Rating
    answer_time: AnswerTime
    answer_time_words: str
    answer_period_days: int
    payments: PaymentRecord


def employer_public_page(*, slug: str, viewer: User | AnonymousUser, now: dt.datetime) -> EmployerPublicPage:
    """The public page of the organisation `slug` (404 when there is none) as `viewer` sees it: the open
    projects follow the viewer's visibility rules, the figures are the same for everyone."""
    employer = employer_get_public(slug=slug)
    shown = list(
        employer_open_projects_for_viewer(employer=employer, viewer=viewer, now=now)[
            : OPEN_PROJECTS_SHOWN + 1
        ]
    )
    answer_time = employer_answer_time(employer=employer, now=now)
    return EmployerPublicPage(
        employer=employer,
        projects=shown[:OPEN_PROJECTS_SHOWN],
        more_projects=len(shown) > OPEN_PROJECTS_SHOWN,
        rating=employer_rating(employer=employer, now=now),
        answer_time=answer_time,
        answer_time_words=duration_words(answer_time.median) if answer_time.median is not None else "",
        answer_period_days=ANSWER_PERIOD_DAYS,
        payments=employer_payment_record(employer=employer, now=now),
    )
