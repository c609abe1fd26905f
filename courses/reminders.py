"""Reminders about academic credit: periodic scans (run daily by celery beat, see courses/tasks.py) that tell
who still owes their part of an approved credit record.

- evaluation owed: the engagement completed EVALUATION_REMINDER_DAYS ago or more and the employer has not
  evaluated the student: the employer's members hear;
- reflection owed: the same, for the student's reflection: the student hears;
- sign-off owed: the evaluation and the reflection have both been in SIGN_OFF_REMINDER_DAYS or more (counted
  from the later of the two) and the credit is not signed off: the course's confirmed instructors hear.

Each reminder goes once per credit request. A scan claims its rows in bounded batches: it locks them with
FOR UPDATE SKIP LOCKED, sets the row's `*_reminded_at` stamp and records the notices in the same
transaction. A second scan running at the same time skips the rows the first holds, and once the first
commits their stamps are set, so neither a redelivered task nor two beat processes tell anyone twice (and
`notify`'s unique (user, key) would refuse a second notice anyway). Each scan returns how many notices it
recorded.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Greatest

from courses import notices_reminders
from courses.models import CreditRequest, CreditStatus, FacultyProfile
from employers.selectors import employer_member_ids_by_employer
from engagements.models import EngagementStatus

EVALUATION_REMINDER_DAYS = 3
SIGN_OFF_REMINDER_DAYS = 7
BATCH_SIZE = 200


def _completed_before(now: dt.datetime) -> Q:
    return Q(
        status=CreditStatus.APPROVED,
        engagement__status=EngagementStatus.COMPLETED,
        engagement__completed_at__lte=now - dt.timedelta(days=EVALUATION_REMINDER_DAYS),
    )


def _claim(candidates: QuerySet[CreditRequest], stamp: str, now: dt.datetime) -> list[CreditRequest]:
    """Lock up to BATCH_SIZE unstamped rows of `candidates` (skipping rows another scan holds) and stamp
    them. Call inside a transaction: the stamp and the notices commit together."""
    batch = list(
        candidates.filter(**{f"{stamp}__isnull": True})
        .select_related("course", "student__user", "engagement__project", "engagement__employer")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("pk")[:BATCH_SIZE]
    )
    if batch:
        CreditRequest.objects.filter(pk__in=[credit.pk for credit in batch]).update(**{stamp: now})
    return batch


def _scan(
    candidates: QuerySet[CreditRequest],
    stamp: str,
    now: dt.datetime,
    tell: Callable[[list[CreditRequest]], int],
) -> int:
    told = 0
    while True:
        with transaction.atomic():
            batch = _claim(candidates, stamp, now)
            if not batch:
                return told
            told += tell(batch)


def instructor_ids_by_course(*, course_ids: Iterable[int]) -> dict[int, list[int]]:
    """The confirmed, active instructors' user ids of each course, in one query."""
    instructors: dict[int, list[int]] = defaultdict(list)
    rows = (
        FacultyProfile.courses.through.objects.filter(
            course_id__in=set(course_ids),
            facultyprofile__confirmed_at__isnull=False,
            facultyprofile__user__is_active=True,
        )
        .order_by("course_id", "facultyprofile__user_id")
        .values_list("course_id", "facultyprofile__user_id")
    )
    for course_id, user_id in rows:
        instructors[course_id].append(user_id)
    return dict(instructors)


def credit_evaluations_remind(*, now: dt.datetime) -> int:
    """The employer's members of each approved credit whose work completed EVALUATION_REMINDER_DAYS ago
    or more without their competency evaluation."""
    candidates = CreditRequest.objects.filter(_completed_before(now), evaluation__isnull=True)

    def tell(batch: list[CreditRequest]) -> int:
        members = employer_member_ids_by_employer(employer_ids=[c.engagement.employer_id for c in batch])
        return sum(
            notices_reminders.evaluation_owed(
                credit=credit, member_ids=members.get(credit.engagement.employer_id, [])
            )
            for credit in batch
        )

    return _scan(candidates, "evaluation_reminded_at", now, tell)


def credit_reflections_remind(*, now: dt.datetime) -> int:
    """The student of each approved credit whose work completed EVALUATION_REMINDER_DAYS ago or more
    without their reflection."""
    candidates = CreditRequest.objects.filter(_completed_before(now), reflection__isnull=True)

    def tell(batch: list[CreditRequest]) -> int:
        return sum(notices_reminders.reflection_owed(credit=credit) for credit in batch)

    return _scan(candidates, "reflection_reminded_at", now, tell)


def credit_sign_offs_remind(*, now: dt.datetime) -> int:
    """The instructors of each approved credit whose evaluation and reflection have both been in for
    SIGN_OFF_REMINDER_DAYS or more, and which nobody has signed off."""
    candidates = (
        CreditRequest.objects.filter(
            status=CreditStatus.APPROVED, evaluation__isnull=False, reflection__isnull=False
        )
        .alias(both_in_at=Greatest("evaluation__created_at", "reflection__created_at"))
        .filter(both_in_at__lte=now - dt.timedelta(days=SIGN_OFF_REMINDER_DAYS))
    )

    def tell(batch: list[CreditRequest]) -> int:
        instructors = instructor_ids_by_course(course_ids=[credit.course_id for credit in batch])
        return sum(
            notices_reminders.sign_off_owed(
                credit=credit, instructor_ids=instructors.get(credit.course_id, [])
            )
            for credit in batch
        )

    return _scan(candidates, "sign_off_reminded_at", now, tell)
