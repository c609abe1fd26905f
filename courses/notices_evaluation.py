"""What the evaluation and the reflection tell people: the student and the course's instructors when the
employer's evaluation is in, the instructors when the student's reflection is in, and the instructors again
once both are in (the credit is ready to sign off).

Each function decides the recipients (never the person who acted; never anyone outside the credit: the
evaluation is private to the student, the course's faculty and the organisation), the kind, the title, body
and link, and a key naming the event, then calls `notify`. Call them inside the service's transaction,
after the write; a key is told to each user once, so a repeated call tells nobody twice.
"""

from django.urls import reverse

from accounts.models import User
from courses.models import CreditRequest
from courses.notices_credit import credit_url
from courses.selectors import course_instructor_user_ids
from notifications.models import NotificationKind
from notifications.services import Notice, notify_others


def credit_evaluation_url(credit: CreditRequest) -> str:
    return reverse("courses:credit_evaluation", kwargs={"public_id": credit.public_id})


def credit_reflection_url(credit: CreditRequest) -> str:
    return reverse("courses:credit_reflection", kwargs={"public_id": credit.public_id})


def _instructor_ids(credit: CreditRequest) -> list[int]:
    return course_instructor_user_ids(course=credit.course)


def _what(credit: CreditRequest) -> str:
    return f"{credit.student.user.get_full_name()}'s work on “{credit.engagement.project.title}”"


def evaluation_submitted(*, credit: CreditRequest, by: User) -> int:
    """The employer's evaluation is in: the student and the course's instructors may read it."""
    employer = credit.engagement.employer.name
    return notify_others(
        user_ids=[credit.student.user_id, *_instructor_ids(credit)],
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.ACADEMIC_CREDIT,
            key=f"credit:{credit.public_id}:evaluation",
            title=f"{employer} sent the competency evaluation for {credit.course.code}",
            body=f"{employer} rated the competencies shown in {_what(credit)}, for credit in "
            f"{credit.course.code} {credit.course.title}. Only the student and the course's faculty see it.",
            url=credit_evaluation_url(credit),
        ),
    )


def reflection_submitted(*, credit: CreditRequest, by: User) -> int:
    """The student's reflection is in: the course's instructors may read it."""
    return notify_others(
        user_ids=_instructor_ids(credit),
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.ACADEMIC_CREDIT,
            key=f"credit:{credit.public_id}:reflection",
            title=f"{credit.student.user.get_full_name()} wrote their reflection for {credit.course.code}",
            body=f"The reflection on {_what(credit)} is in, with an answer for each outcome you asked for.",
            url=credit_reflection_url(credit),
        ),
    )


def credit_ready_for_sign_off(*, credit: CreditRequest) -> int:
    """Both the evaluation and the reflection are in: the instructors may sign the credit off."""
    return notify_others(
        user_ids=_instructor_ids(credit),
        notice=Notice(
            kind=NotificationKind.ACADEMIC_CREDIT,
            key=f"credit:{credit.public_id}:ready-to-sign-off",
            title=f"Ready to sign off: {credit.student.user.get_full_name()} in {credit.course.code}",
            body=f"The employer's evaluation and the student's reflection on {_what(credit)} are both in. "
            "Sign the credit off with pass, fail or a grade.",
            url=credit_url(credit),
        ),
    )
