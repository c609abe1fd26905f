"""A course's instructors: any of them adds a colleague as co-instructor, or removes one.

Who may be added: a confirmed faculty member of the course's university, named by their account's address
(the course's students and work are that university's, so nobody from elsewhere sees them). Who may be
removed: any instructor but the last (a course always has someone to answer for it); the one who created
the course only by themselves, so a colleague they brought in cannot take their course from them. An
instructor may always step down while another remains.

Both changes hold the course row's lock while they count the instructors, so two removals at once never
leave a course with none.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from accounts.models import Role, User
from courses import notices_faculty
from courses.models import Course, FacultyProfile
from courses.selectors import course_get_for_instructor


def course_instructor_add(*, course: Course, by: User, email: str) -> tuple[FacultyProfile, bool]:
    """Make the confirmed faculty member of the course's university whose address is `email` an instructor
    of `course`; returns them and whether they were newly added. `by` must teach the course (404 else).
    Raises ValidationError (on `email`) for an address of nobody who may teach it."""
    course = course_get_for_instructor(user=by, public_id=course.public_id)
    address = " ".join(str(email).split()).lower()
    university = course.university
    profile = (
        FacultyProfile.objects.select_related("user")
        .filter(
            user__email__iexact=address,
            user__role=Role.FACULTY,
            user__is_active=True,
            university_id=course.university_id,
        )
        .first()
    )
    if profile is None:
        raise ValidationError(
            {
                "email": f"No faculty member of {university.name} has signed up with this address. They sign "
                "up as faculty with their university address, then their career office confirms them."
            },
            code="not_faculty",
        )
    if not profile.is_confirmed:
        raise ValidationError(
            {
                "email": f"{profile.user.get_full_name()} has signed up, but {university.name}'s career "
                "office has not confirmed them as faculty yet."
            },
            code="not_confirmed",
        )
    with transaction.atomic():
        Course.objects.select_for_update().filter(pk=course.pk).first()
        if course.instructors.filter(pk=profile.pk).exists():
            return profile, False
        course.instructors.add(profile)
        notices_faculty.co_instructor_added(course=course, profile=profile, by=by)
    return profile, True


def course_instructor_remove(*, course: Course, by: User, faculty_id: int) -> FacultyProfile:
    """Remove the instructor whose faculty profile is `faculty_id` from `course` (see the module's rules);
    returns them. `by` must teach the course and `faculty_id` be one of its instructors (404 else)."""
    course = course_get_for_instructor(user=by, public_id=course.public_id)
    with transaction.atomic():
        Course.objects.select_for_update().filter(pk=course.pk).first()
        instructors = list(course.instructors.select_related("user"))
        target = next((profile for profile in instructors if profile.pk == faculty_id), None)
        if target is None:
            raise Http404("No such instructor.")
        refusal = course_instructor_removal_refusal(
            course=course, instructor_count=len(instructors), target=target, by=by
        )
        if refusal is not None:
            raise refusal
        course.instructors.remove(target)
    return target


def course_instructor_removal_refusal(
    *, course: Course, instructor_count: int, target: FacultyProfile, by: User
) -> ValidationError | None:
    """Why `by` may not remove `target` from `course`'s `instructor_count` instructors, or None when they
    may (the pages offer the button only then)."""
    if instructor_count <= 1:
        return ValidationError(
            "A course keeps at least one instructor: add a colleague before you step down.",
            code="last_instructor",
        )
    if target.pk == course.created_by_id and target.user_id != by.pk:
        return ValidationError(
            f"{target.user.get_full_name()} created this course: only they may remove themselves.",
            code="creator",
        )
    return None
