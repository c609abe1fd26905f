"""What the people on each side of an application are told when it moves: one function per event.

Each function decides the recipients (never the person who acted, never anyone outside the two sides), the
kind (which decides the user's email preference), the title, body and link, and a key naming the event, then
calls `notify`. Call them inside the service's transaction, after the state change: the notices commit with
it (or not at all), and their emails are queued only once it has committed. Calling one twice for the same
event tells nobody twice, since the key is unique per user.

Links go to each side's own page: the student's application page or the employer's applicant page. Accepting
an applicant is hiring, so its notice lives with the engagement it starts (`engagements.notices`).
"""

from django.urls import reverse

from accounts.models import User
from applications.models import Application
from employers.selectors import employer_member_ids
from notifications.models import NotificationKind
from notifications.services import Notice, notify_others
from notifications.text import quoted


def student_application_url(application: Application) -> str:
    """The student's own page of their application."""
    return reverse("applications:detail", kwargs={"public_id": application.public_id})


def _applicant_url(application: Application) -> str:
    return reverse("manage:applicant", kwargs={"public_id": application.public_id})


def _actor_id(by: User | None) -> int | None:
    return by.pk if by is not None else None


def application_submitted(*, application: Application) -> int:
    """Every member of the employer learns of a new applicant."""
    project = application.project
    student_name = application.student.user.get_full_name()
    return notify_others(
        user_ids=employer_member_ids(employer_id=project.employer_id),
        actor_id=application.student.user_id,
        notice=Notice(
            kind=NotificationKind.APPLICATION_RECEIVED,
            key=f"application:{application.public_id}:received",
            title=f"New application to {quoted(project.title)}",
            body=f"{student_name} applied to {quoted(project.title)}. Every applicant gets an answer: "
            f"shortlist, accept or decline them from the applicant page.",
            url=_applicant_url(application),
        ),
    )


def application_withdrawn(*, application: Application) -> int:
    """The employer's members learn that an applicant withdrew (the kind of notices about applicants)."""
    project = application.project
    return notify_others(
        user_ids=employer_member_ids(employer_id=project.employer_id),
        actor_id=application.student.user_id,
        notice=Notice(
            kind=NotificationKind.APPLICATION_RECEIVED,
            key=f"application:{application.public_id}:withdrawn",
            title=f"An applicant withdrew from {quoted(project.title)}",
            body=f"{application.student.user.get_full_name()} withdrew their application to "
            f"{quoted(project.title)}.",
            url=_applicant_url(application),
        ),
    )


def application_shortlisted(*, application: Application, by: User | None = None) -> int:
    project = application.project
    return notify_others(
        user_ids=[application.student.user_id],
        actor_id=_actor_id(by),
        notice=Notice(
            kind=NotificationKind.APPLICATION_STATUS,
            key=f"application:{application.public_id}:shortlisted",
            title=f"You are on the shortlist for {quoted(project.title)}",
            body=f"{project.employer.name} would like to consider you further for {quoted(project.title)}. "
            f"They may get in touch before deciding.",
            url=student_application_url(application),
        ),
    )


def application_rejected(*, application: Application, by: User | None = None) -> int:
    """The student gets the employer's note (or the kind default the service put in its place)."""
    project = application.project
    return notify_others(
        user_ids=[application.student.user_id],
        actor_id=_actor_id(by),
        notice=Notice(
            kind=NotificationKind.APPLICATION_STATUS,
            key=f"application:{application.public_id}:rejected",
            title=f"Your application to {quoted(project.title)} was not selected",
            body=f"A message from {project.employer.name}:\n\n{application.decision_note}",
            url=student_application_url(application),
        ),
    )


def application_closed_unanswered(*, application: Application) -> int:
    """The student learns, kindly, that the employer never answered and the application is closed."""
    project = application.project
    return notify_others(
        user_ids=[application.student.user_id],
        notice=Notice(
            kind=NotificationKind.APPLICATION_STATUS,
            key=f"application:{application.public_id}:closed",
            title=f"Your application to {quoted(project.title)} is closed",
            body=application.decision_note,
            url=student_application_url(application),
        ),
    )
