"""What an organisation's engagements say about it on its public page, in figures students can trust because
they come from what happened on the platform: the students' ratings and the payments made on time.

The page's other parts live with what they read: the organisation (`employers.selectors.employer_get_public`),
its open projects (`projects.selectors.employer_open_projects_for_viewer`) and its answer times
(`applications.selectors.employer_answer_time`).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, DateTimeField, ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import Coalesce

from employers.models import Employer
from engagements.models import Payment, PaymentStatus, Review, ReviewSide
from engagements.selectors import reviews_unblinded_q


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
