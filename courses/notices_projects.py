"""Who hears of a course-linked project's moves: one function per event.

A proposal reaches the course's confirmed instructors; the faculty's answers (accepted, declined, removed)
and an adoption reach the members of the project's organisation; a project the course takes on while it is
open reaches the course's enrolled students. Nobody hears of what they did themselves. Call these inside the
service's transaction after the state change; a key names each event per link, so a repeated call tells
nobody twice.
"""

from django.urls import reverse

from accounts.models import User
from courses.models import CourseProject, CourseProjectStatus
from courses.selectors import course_instructor_user_ids
from courses.selectors_projects import course_enrolled_user_ids
from employers.selectors import employer_member_ids
from notifications.models import NotificationKind
from notifications.services import Notice, notify_others
from notifications.text import excerpt, quoted


def _course_name(link: CourseProject) -> str:
    return f"{link.course.code} {link.course.title}"


def _proposals_url() -> str:
    return reverse("courses:proposals")


def course_project_proposed(*, link: CourseProject) -> int:
    """The course's instructors learn of an employer's proposal, with its message."""
    project = link.project
    body = (
        f"{project.employer.name} proposes {quoted(project.title)} for your students. Accept or decline it "
        "on the course page."
    )
    if link.message:
        body += f"\n\nTheir message: {excerpt(link.message)}"
    return notify_others(
        user_ids=course_instructor_user_ids(course=link.course),
        actor_id=link.proposed_by_id,
        notice=Notice(
            kind=NotificationKind.COURSE_PROJECT,
            key=f"course_project:{link.pk}:proposed",
            title=f"A project proposed for {_course_name(link)}",
            body=body,
            url=reverse("courses:detail", args=[link.course.public_id]) + "#projects",
        ),
    )


def course_project_decided(*, link: CourseProject, by: User) -> int:
    """The organisation's members learn that the faculty accepted or declined their proposal."""
    project = link.project
    if link.status == CourseProjectStatus.ACCEPTED:
        title = f"{_course_name(link)} took on {quoted(project.title)}"
        body = (
            "Only the course's students see the project and may apply; its deadline and due date stay "
            f"within the term ({link.course.term_start:%d %b %Y} to {link.course.term_end:%d %b %Y})."
        )
    else:
        title = f"{_course_name(link)} declined {quoted(project.title)}"
        body = f"Their reason: {excerpt(link.decline_reason)}"
    return notify_others(
        user_ids=employer_member_ids(employer_id=project.employer_id),
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.COURSE_PROJECT,
            key=f"course_project:{link.pk}:{link.status}",
            title=title,
            body=body,
            url=_proposals_url(),
        ),
    )


def course_project_adopted(*, link: CourseProject, by: User) -> int:
    """The organisation's members learn that a course listed their open project for its students."""
    project = link.project
    return notify_others(
        user_ids=employer_member_ids(employer_id=project.employer_id),
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.COURSE_PROJECT,
            key=f"course_project:{link.pk}:adopted",
            title=f"{_course_name(link)} adopted {quoted(project.title)}",
            body=(
                f"The faculty of {link.course.university.name} point their students at your project; it "
                "stays open to everyone it was open to."
            ),
            url=_proposals_url(),
        ),
    )


def course_project_removed(*, link: CourseProject, by: User) -> int:
    """The organisation's members learn that the course took their project off."""
    project = link.project
    return notify_others(
        user_ids=employer_member_ids(employer_id=project.employer_id),
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.COURSE_PROJECT,
            key=f"course_project:{link.pk}:removed",
            title=f"{_course_name(link)} removed {quoted(project.title)}",
            body=f"Their reason: {excerpt(link.decline_reason)}",
            url=_proposals_url(),
        ),
    )


def course_project_announced(*, link: CourseProject) -> int:
    """The course's enrolled students learn of a new project for their course, open for applications."""
    project = link.project
    return notify_others(
        user_ids=course_enrolled_user_ids(course=link.course),
        notice=Notice(
            kind=NotificationKind.COURSE_PROJECT,
            key=f"course_project:{link.pk}:announced",
            title=f"A new project for your course {_course_name(link)}",
            body=f"{project.employer.name}: {quoted(project.title)}. Only your course's students may apply.",
            url=reverse("projects:detail", args=[project.public_id]),
        ),
    )
