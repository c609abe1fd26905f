"""The hours a week a student's ongoing engagements take: the engagements' part of the student's weekly load.

Applications weigh that load without importing engagements: `EngagementsConfig.ready` registers
`engagement_weekly_load` with `applications.commitments`, whose `student_weekly_load` adds it up. Matching,
above both, ranks with the SQL twin directly.
"""

import datetime as dt

from django.db.models import Expression, F, FloatField, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from applications.commitments import weekly_hours, weekly_hours_expression
from engagements.models import OPEN_ENGAGEMENT_STATUSES, Engagement
from students.models import StudentProfile


def engagement_weekly_load(*, student: StudentProfile, today: dt.date) -> float:
    """The hours a week `student`'s kickoff and active engagements take, each spread evenly until its due
    date (`weekly_hours`); finished and cancelled ones take none."""
    rows = Engagement.objects.filter(student=student, status__in=OPEN_ENGAGEMENT_STATUSES).values_list(
        "estimated_hours", "due_date"
    )
    return sum(
        (weekly_hours(estimated_hours=hours, due_date=due, today=today) for hours, due in rows),
        start=0.0,
    )


def engagement_weekly_load_expression(*, student_id: Expression | int, today: dt.date) -> Coalesce:
    """`engagement_weekly_load` in SQL, for the student whose id `student_id` gives (OuterRef or value)."""
    load = (
        Engagement.objects.filter(student_id=student_id, status__in=OPEN_ENGAGEMENT_STATUSES)
        .order_by()
        .values("student_id")
        .annotate(
            total=Sum(
                weekly_hours_expression(
                    estimated_hours=F("estimated_hours"), due_date=F("due_date"), today=today
                )
            )
        )
        .values("total")
    )
    return Coalesce(Subquery(load, output_field=FloatField()), Value(0.0), output_field=FloatField())
