"""What each side of academic credit is told, one function per event: a request reaches the course's
instructors; the decision and the sign-off reach the student; an approval also reaches the employer's
members, who will be asked for a competency evaluation when the work completes.

Called inside the service's transaction after the state change (the notices commit with it). Keys name the
event, so a repeated call tells nobody twice; nobody hears of what they did themselves (`notify_others`).
The employer's notice says only that the work counts for credit: the faculty's reasons are not theirs.
"""

from django.urls import reverse

from accounts.models import User
from courses.models import CreditRequest, CreditResult
from courses.selectors import course_instructor_user_ids
from employers.selectors import employer_member_ids
from notifications.models import NotificationKind
from notifications.services import Notice, notify_others
from notifications.text import excerpt, quoted


def credit_url(credit: CreditRequest) -> str:
    """The credit record page the student and the faculty share."""
    return reverse("courses:credit_detail", kwargs={"public_id": credit.public_id})


def _key(credit: CreditRequest, event: str) -> str:
    return f"credit:{credit.public_id}:{event}"


def credit_requested(*, credit: CreditRequest, by: User) -> int:
    """The course's instructors learn a student asks credit for their work."""
    student = credit.student.user.get_full_name()
    project = credit.engagement.project
    note = f"\n\nTheir note:\n\n{excerpt(credit.student_note)}" if credit.student_note else ""
    return notify_others(
        user_ids=course_instructor_user_ids(course=credit.course),
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.ACADEMIC_CREDIT,
            key=_key(credit, "requested"),
            title=f"{student} asks for credit in {credit.course.code}",
            body=f"{student} asks that their work on {quoted(project.title)} for "
            f"{credit.engagement.employer.name} count for {credit.course.code} {credit.course.title}. "
            f"Approve it with the outcomes the work must show, or decline it with a reason.{note}",
            url=reverse("courses:credit_decide", kwargs={"public_id": credit.public_id}),
        ),
    )


def credit_approved(*, credit: CreditRequest, by: User) -> int:
    """The student learns the work counts; the employer's members learn they will be asked to evaluate."""
    course = credit.course
    project = credit.engagement.project
    outcomes = "".join(f"\n- {outcome}" for outcome in credit.required_outcomes)
    told = notify_others(
        user_ids=[credit.student.user_id],
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.ACADEMIC_CREDIT,
            key=_key(credit, "approved"),
            title=f"Credit approved: {quoted(project.title)} counts for {course.code}",
            body=f"{by.get_full_name()} approved your request."
            + (f" The work must show:{outcomes}" if outcomes else "")
            + "\n\nWhen the work is completed, write your reflection; the employer fills an evaluation.",
            url=credit_url(credit),
        ),
    )
    told += notify_others(
        user_ids=employer_member_ids(employer_id=credit.engagement.employer_id),
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.ACADEMIC_CREDIT,
            key=_key(credit, "approved-employer"),
            title=f"{quoted(project.title)} counts for academic credit",
            body=f"{credit.student.user.get_full_name()}'s work on {quoted(project.title)} counts for "
            f"{course.code} {course.title} at {course.university.name}. When the work is completed you will "
            f"be asked for a short competency evaluation, seen only by the student and their faculty.",
            url=reverse("engagements:detail", kwargs={"public_id": credit.engagement.public_id}),
        ),
    )
    return told


def credit_declined(*, credit: CreditRequest, by: User) -> int:
    """The student learns why, and that they may ask again (for another course)."""
    return notify_others(
        user_ids=[credit.student.user_id],
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.ACADEMIC_CREDIT,
            key=_key(credit, "declined"),
            title=f"Credit declined for {credit.course.code}",
            body=f"{by.get_full_name()} declined your request for credit in {credit.course.code}, saying:\n\n"
            f"{excerpt(credit.decline_reason)}\n\nYou may ask again, for instance in another of your "
            f"courses.",
            url=credit_url(credit),
        ),
    )


def credit_signed_off(*, credit: CreditRequest, by: User) -> int:
    """The student learns the result of their credit."""
    result = credit.grade if credit.result == CreditResult.GRADE else credit.get_result_display()
    return notify_others(
        user_ids=[credit.student.user_id],
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.ACADEMIC_CREDIT,
            key=_key(credit, "signed-off"),
            title=f"Credit signed off in {credit.course.code}: {result}",
            body=f"{by.get_full_name()} signed off your credit for {quoted(credit.engagement.project.title)} "
            f"in {credit.course.code}: {result}."
            + (f"\n\n{excerpt(credit.sign_off_note)}" if credit.sign_off_note else ""),
            url=credit_url(credit),
        ),
    )
