"""Who hears of a faculty member's sign-up and confirmation: one function per event.

The career staff of the faculty member's university hear of the sign-up, with a link to the admin page where
they confirm them; the faculty member hears once they are confirmed, and when a colleague makes them a
co-instructor (all of the FACULTY kind). Call these inside the service's transaction, after
the state change: the notices commit with it, their emails leave after. A key names each event per profile,
so a repeated call tells nobody twice.
"""

from django.urls import reverse

from accounts.models import User
from courses.models import Course, FacultyProfile
from notifications.models import NotificationKind
from notifications.services import Notice, notify, notify_others
from universities.notices import career_staff_ids


def faculty_signed_up(*, profile: FacultyProfile) -> int:
    """The university's career staff learn that someone signed up as its faculty and waits for them."""
    user, university = profile.user, profile.university
    department = f" ({profile.department})" if profile.department else ""
    return notify_others(
        user_ids=career_staff_ids(university_id=profile.university_id),
        actor_id=user.pk,
        notice=Notice(
            kind=NotificationKind.FACULTY,
            key=f"faculty:{profile.pk}:signed_up",
            title=f"{user.get_full_name()} signed up as faculty of {university.name}",
            body=(
                f"{user.get_full_name()} <{user.email}>{department} waits for your confirmation before they "
                "can create courses. Confirm them in the admin if they teach at your university."
            ),
            url=reverse("admin:courses_facultyprofile_change", args=[profile.pk]),
        ),
    )


def faculty_confirmed(*, profile: FacultyProfile, by: User) -> int:
    """The faculty member learns that their career office confirmed them: their courses are open to them."""
    return notify(
        user_ids=[profile.user_id] if profile.user_id != by.pk else [],
        notice=Notice(
            kind=NotificationKind.FACULTY,
            key=f"faculty:{profile.pk}:confirmed",
            title=f"{profile.university.name} confirmed you as faculty",
            body=(
                "You can now create courses, share their join codes, upload rosters and follow your "
                "students' project work."
            ),
            url=reverse("courses:dashboard"),
        ),
    )


def co_instructor_added(*, course: Course, profile: FacultyProfile, by: User) -> int:
    """A faculty member learns that a colleague made them an instructor of `course`."""
    return notify_others(
        user_ids=[profile.user_id],
        actor_id=by.pk,
        notice=Notice(
            kind=NotificationKind.FACULTY,
            key=f"course:{course.pk}:instructor:{profile.pk}",
            title=f"{by.get_full_name()} made you an instructor of {course.code} {course.title}",
            body="You now see its students, their project work and credit requests, and can act on them.",
            url=reverse("courses:detail", args=[course.public_id]),
        ),
    )
