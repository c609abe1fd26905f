"""Faculty pages (their courses, a course's students, roster upload) and the students' course pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_page
from courses.access import confirmed_faculty_page
from courses.forms import CourseForm, JoinForm, RosterUploadForm
from courses.models import FacultyProfile, RosterImport
from courses.selectors import (
    course_enrolment_rows,
    course_get_for_instructor,
    course_get_for_student,
    course_invites_open,
    course_list_for_faculty,
    course_list_for_student,
    course_progress_for_student,
    faculty_profile_for,
)
from courses.services import (
    course_create,
    course_join,
    course_join_code_regenerate,
    course_update,
    roster_import_confirm,
    roster_upload_stage,
)
from courses.views_credit import faculty_credit_context, student_credit_context
from courses.views_instructors import instructors_context
from courses.views_projects import faculty_projects_context, student_projects_context


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@role_page(Role.FACULTY)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Confirmed faculty: their courses. Unconfirmed: the page saying who confirms them."""
    profile = faculty_profile_for(user=request.user)
    if profile is None or not profile.is_confirmed:
        return render(request, "courses/waiting.html", {"profile": profile})
    courses = list(course_list_for_faculty(user=request.user, faculty=profile))
    return render(request, "courses/dashboard.html", {"faculty": profile, "courses": courses})


@confirmed_faculty_page
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest, *, faculty: FacultyProfile) -> HttpResponse:
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = course_create(by=request.user, **form.service_kwargs())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, f"{course.code} is ready: share its join code with your students.")
            return redirect("courses:detail", public_id=course.public_id)
    return render(request, "courses/course_form.html", {"form": form, "course": None})


@confirmed_faculty_page
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, public_id, *, faculty: FacultyProfile) -> HttpResponse:
    course = course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty)
    form = CourseForm(request.POST or None, initial=CourseForm.initial_for(course))
    if request.method == "POST" and form.is_valid():
        try:
            course_update(course=course, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, "Course saved.")
            return redirect("courses:detail", public_id=course.public_id)
    return render(
        request,
        "courses/course_form.html",
        {"form": form, "course": course, **instructors_context(course=course, faculty=faculty)},
    )


@confirmed_faculty_page
def course_detail(request: HttpRequest, public_id, *, faculty: FacultyProfile) -> HttpResponse:
    course = course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty)
    rows = list(course_enrolment_rows(course=course))
    join_url = request.build_absolute_uri(reverse("courses:join_link", args=[course.join_code]))
    return render(
        request,
        "courses/detail.html",
        {
            "course": course,
            "rows": rows,
            "invites": list(course_invites_open(course=course)),
            "join_url": join_url,
            "roster_form": RosterUploadForm(),
            **faculty_projects_context(request, course),
            **faculty_credit_context(course),
        },
    )


@confirmed_faculty_page
@require_POST
def join_code_regenerate(request: HttpRequest, public_id, *, faculty: FacultyProfile) -> HttpResponse:
    course = course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty)
    course_join_code_regenerate(course=course, by=request.user)
    messages.success(request, f"New join code: {course.join_code}. The old code and link no longer work.")
    return redirect("courses:detail", public_id=course.public_id)


@confirmed_faculty_page
@require_POST
def roster_upload(request: HttpRequest, public_id, *, faculty: FacultyProfile) -> HttpResponse:
    course = course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty)
    form = RosterUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            roster = roster_upload_stage(course=course, by=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("courses:roster_preview", public_id=course.public_id, pk=roster.pk)
    return render(request, "courses/roster_upload.html", {"course": course, "form": form}, status=400)


def _roster_for(request: HttpRequest, public_id, pk: int, faculty: FacultyProfile) -> RosterImport:
    course = course_get_for_instructor(user=request.user, public_id=public_id, faculty=faculty)
    return get_object_or_404(RosterImport.objects.select_related("course"), pk=pk, course=course)


@confirmed_faculty_page
@require_http_methods(["GET", "POST"])
def roster_preview(request: HttpRequest, public_id, pk: int, *, faculty: FacultyProfile) -> HttpResponse:
    roster = _roster_for(request, public_id, pk, faculty)
    if request.method == "POST":
        done = roster_import_confirm(roster=roster, by=request.user)
        messages.success(
            request,
            f"{done['enrolled']} enrolled, {done['invited']} invited: each invitee gets an email asking them "
            "to sign up with their university address.",
        )
        return redirect("courses:detail", public_id=roster.course.public_id)
    rows = roster.rows
    return render(
        request,
        "courses/roster_preview.html",
        {
            "course": roster.course,
            "roster": roster,
            "rows": rows,
            "kept": sum(1 for row in rows if not row["problem"]),
            "refused": sum(1 for row in rows if row["problem"]),
        },
    )


# --- Students --------------------------------------------------------------------------------------------


@role_page(Role.STUDENT)
def my_courses(request: HttpRequest) -> HttpResponse:
    courses = list(course_list_for_student(user=request.user))
    progress = course_progress_for_student(user=request.user, courses=courses)
    return render(request, "courses/my_courses.html", {"progress": progress, "join_form": JoinForm()})


@role_page(Role.STUDENT)
def student_course(request: HttpRequest, public_id) -> HttpResponse:
    course = course_get_for_student(user=request.user, public_id=public_id)
    [progress] = course_progress_for_student(user=request.user, courses=[course])
    return render(
        request,
        "courses/student_course.html",
        {
            "course": course,
            "progress": progress,
            **student_projects_context(course),
            **student_credit_context(request, course),
        },
    )


@role_page(Role.STUDENT)
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, code: str = "") -> HttpResponse:
    """Join by code: the form (POST), or the link with the code in it, which asks before joining (GET)."""
    form = JoinForm(request.POST or None, initial={"code": code})
    if request.method == "POST" and form.is_valid():
        try:
            course, created = course_join(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if created:
                messages.success(request, f"You joined {course.code} {course.title}.")
            else:
                messages.info(request, f"You are already in {course.code} {course.title}.")
            return redirect("courses:student_course", public_id=course.public_id)
    status = 400 if form.is_bound else 200
    return render(request, "courses/join.html", {"form": form}, status=status)
