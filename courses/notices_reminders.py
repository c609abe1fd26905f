"""What the credit reminders say (`courses.reminders`): the employer's members that the competency evaluation
is owed, the student that the reflection is, the course's instructors that the credit waits for sign-off.

Each links to the credit record page, which shows each of them what is theirs to do (the employer's members
see only their own evaluation there). Keys name the credit and the reminder: each goes once per user even if
a scan claimed the row twice. Called inside the scan's transaction, after the row's reminder stamp is set.
"""

from collections.abc import Sequence

from courses.models import CreditRequest
from courses.notices_credit import credit_url
from notifications.models import NotificationKind
from notifications.services import Notice, notify
from notifications.text import quoted


def _key(credit: CreditRequest, reminder: str) -> str:
    return f"credit:{credit.public_id}:{reminder}-reminder"


def _student(credit: CreditRequest) -> str:
    return credit.student.user.get_full_name()


def evaluation_owed(*, credit: CreditRequest, member_ids: Sequence[int]) -> int:
    """The employer's members: the student's work counts for a course, and the course needs their
    evaluation of it."""
    project = quoted(credit.engagement.project.title)
    return notify(
        user_ids=member_ids,
        notice=Notice(
            kind=NotificationKind.ACADEMIC_CREDIT,
            key=_key(credit, "evaluation"),
            title=f"{_student(credit)}'s competency evaluation is still to write",
            body=f"The work on {project} is complete and counts for {credit.student.user.get_short_name()}'s "
            f"course {credit.course.code}. Their instructor needs your evaluation of the skills they showed "
            f"(a few ratings on a described scale, each with an optional comment) before they can grant the "
            f"credit. It is seen only by the student and the course's faculty, not published.",
            url=credit_url(credit),
        ),
    )


def reflection_owed(*, credit: CreditRequest) -> int:
    """The student: their reflection on the work is owed before the credit can be granted."""
    project = quoted(credit.engagement.project.title)
    return notify(
        user_ids=[credit.student.user_id],
        notice=Notice(
            kind=NotificationKind.ACADEMIC_CREDIT,
            key=_key(credit, "reflection"),
            title=f"Your reflection for {credit.course.code} is still to write",
            body=f"Your work on {project} is complete. Write your reflection (what you did, and what you "
            f"learned against each outcome your instructor named) so {credit.course.code} can grant the "
            f"credit.",
            url=credit_url(credit),
        ),
    )


def sign_off_owed(*, credit: CreditRequest, instructor_ids: Sequence[int]) -> int:
    """The course's instructors: the evaluation and the reflection are in, the credit waits for them."""
    project = quoted(credit.engagement.project.title)
    return notify(
        user_ids=instructor_ids,
        notice=Notice(
            kind=NotificationKind.ACADEMIC_CREDIT,
            key=_key(credit, "sign-off"),
            title=f"{_student(credit)}'s credit in {credit.course.code} waits for your sign-off",
            body=f"The employer's evaluation and {_student(credit)}'s reflection on {project} have been in "
            f"for a week. Sign the credit off with pass, fail or a grade, and a note.",
            url=credit_url(credit),
        ),
    )
