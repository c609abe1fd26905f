"""A course's instructors on its edit page: add a colleague as co-instructor by email, remove one. The rules
are the services' (`courses.services.instructors`); outsiders get the faculty pages' 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from courses.access import confirmed_faculty_page
from courses.forms import CourseForm, InstructorAddForm
from courses.models import Course, FacultyProfile
from courses.selectors import course_get_for_instructor, course_instructors
from courses.services import (
    course_instructor_add,
    course_instructor_removal_refusal,
    course_instructor_remove,
)


def instructors_context(
    *, course: Course, faculty: FacultyProfile, form: InstructorAddForm | None = None
) -> dict:
    """The edit page's instructors section: each instructor with whether the viewer may remove them."""
    instructors = list(course_instructors(course=course))
    rows = [
        {
            "profile": profile,
            "removable": course_instructor_removal_refusal(
                course=course, instructor_count=len(instructors), target=profile, by=faculty.user
            )
            is None,
        }
        for profile in instructors
    ]
    return {"instructor_rows": rows, "instructor_form": form or InstructorAddForm()}


def _edit_url(course: Course) -> str:
    return reverse("courses:edit", args=[course.public_id]) + "#instructors"


@confirmed_faculty_page
@require_POST
def instructor_add(request: HttpRequest, public_id, *, faculty: FacultyProfile) -> HttpResponse:
    course = course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty)
    form = InstructorAddForm(request.POST)
    if form.is_valid():
        try:
            email = form.cleaned_data["email"]
            profile, added = course_instructor_add(course=course, by=request.user, email=email)
        except ValidationError as error:
            form.add_error("email", error.message_dict.get("email", error.messages))
        else:
            name = profile.user.get_full_name()
            if added:
                messages.success(request, f"{name} now teaches {course.code} with you.")
            else:
                messages.info(request, f"{name} already teaches {course.code}.")
            return redirect(_edit_url(course))
    context = {
        "form": CourseForm(initial=CourseForm.initial_for(course)),
        "course": course,
        **instructors_context(course=course, faculty=faculty, form=form),
    }
    return render(request, "courses/course_form.html", context, status=400)


@confirmed_faculty_page
@require_POST
def instructor_remove(
    request: HttpRequest, public_id, faculty_id: int, *, faculty: FacultyProfile
) -> HttpResponse:
    course = course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty)
    try:
        removed = course_instructor_remove(course=course, by=request.user, faculty_id=faculty_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_edit_url(course))
    if removed.pk == faculty.pk:
        messages.success(request, f"You no longer teach {course.code} {course.title}.")
        return redirect("courses:dashboard")
    messages.success(request, f"{removed.user.get_full_name()} no longer teaches {course.code}.")
    return redirect(_edit_url(course))
