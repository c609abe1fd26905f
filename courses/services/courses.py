"""Courses: faculty create and edit them; students join by code."""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from courses.models import (
    MAX_LEARNING_OUTCOMES,
    Course,
    Enrolment,
    EnrolmentSource,
    SoftSkill,
    new_join_code,
)
from courses.selectors import faculty_confirmed_profile
from courses.services.course_projects import course_project_audience_add
from projects.models import Skill
from students.models import StudentProfile

COURSE_FIELDS = (
    "code",
    "title",
    "term_start",
    "term_end",
    "credits",
    "expected_hours",
    "learning_outcomes",
    "soft_skills",
)


def _clean_outcomes(outcomes: Iterable[str]) -> list[str]:
    cleaned = [" ".join(outcome.split()) for outcome in outcomes]
    cleaned = [outcome for outcome in cleaned if outcome]
    if len(cleaned) > MAX_LEARNING_OUTCOMES:
        raise ValidationError(
            {"learning_outcomes": f"Name at most {MAX_LEARNING_OUTCOMES} learning outcomes."}, code="too_many"
        )
    if any(len(outcome) > 300 for outcome in cleaned):
        raise ValidationError(
            {"learning_outcomes": "Keep each outcome under 300 characters."}, code="too_long"
        )
    return cleaned


def _check(values: dict) -> dict:
    values = dict(values)
    values["code"] = " ".join(str(values["code"]).split()).upper()
    values["title"] = " ".join(str(values["title"]).split())
    if not values["code"] or not values["title"]:
        raise ValidationError({"code": "A course needs a code and a title."}, code="required")
    if values["term_end"] < values["term_start"]:
        raise ValidationError({"term_end": "The term must end after it starts."}, code="term_order")
    values["learning_outcomes"] = _clean_outcomes(values.get("learning_outcomes") or [])
    unknown = set(values.get("soft_skills") or []) - set(SoftSkill.values)
    if unknown:
        raise ValidationError(
            {"soft_skills": f"Unknown skills: {', '.join(sorted(unknown))}."}, code="invalid"
        )
    values["soft_skills"] = [
        value for value in SoftSkill.values if value in set(values.get("soft_skills") or [])
    ]
    return values


def _save(course: Course, values: dict) -> Course:
    try:
        with transaction.atomic():
            course.save()
    except IntegrityError:
        raise ValidationError(
            {"code": f"{values['code']} already exists for a term starting {values['term_start']:%d %b %Y}."},
            code="duplicate",
        ) from None
    return course


@transaction.atomic
def course_create(
    *,
    by: User,
    code: str,
    title: str,
    term_start: dt.date,
    term_end: dt.date,
    credits: Decimal,
    expected_hours: int,
    learning_outcomes: Iterable[str] = (),
    soft_skills: Iterable[str] = (),
    skills: Iterable[Skill] = (),
) -> Course:
    """A new course of `by`'s university with `by` its instructor. Only confirmed faculty may create one."""
    faculty = faculty_confirmed_profile(user=by)
    values = _check(
        {
            "code": code,
            "title": title,
            "term_start": term_start,
            "term_end": term_end,
            "credits": credits,
            "expected_hours": expected_hours,
            "learning_outcomes": list(learning_outcomes),
            "soft_skills": list(soft_skills),
        }
    )
    course = _save(Course(university_id=faculty.university_id, created_by=faculty, **values), values)
    course.instructors.add(faculty)
    course.skills.set(list(skills))
    return course


@transaction.atomic
def course_update(*, course: Course, by: User, skills: Iterable[Skill] | None = None, **changes) -> Course:
    """Change a course's fields (any of COURSE_FIELDS); `by` must be one of its confirmed instructors."""
    faculty = faculty_confirmed_profile(user=by)
    if not course.instructors.filter(pk=faculty.pk).exists():
        raise ValidationError("Only the course's instructors may change it.", code="not_instructor")
    unknown = set(changes) - set(COURSE_FIELDS)
    if unknown:
        raise ValueError(f"Not course fields: {sorted(unknown)}")
    values = _check({name: changes.get(name, getattr(course, name)) for name in COURSE_FIELDS})
    for name, value in values.items():
        setattr(course, name, value)
    _save(course, values)
    if skills is not None:
        course.skills.set(list(skills))
    return course


def course_join_code_regenerate(*, course: Course, by: User) -> Course:
    """A new join code: the old code and link stop working (students already enrolled stay)."""
    faculty = faculty_confirmed_profile(user=by)
    if not course.instructors.filter(pk=faculty.pk).exists():
        raise ValidationError(
            "Only the course's instructors may change its join code.", code="not_instructor"
        )
    for _attempt in range(5):
        code = new_join_code()
        try:
            with transaction.atomic():
                Course.objects.filter(pk=course.pk).update(join_code=code)
        except IntegrityError:
            continue
        course.join_code = code
        return course
    raise ValidationError("Could not make a new code; try again.", code="code_collision")


def enrolment_add(
    *, course: Course, student: StudentProfile, source: EnrolmentSource
) -> tuple[Enrolment, bool]:
    """Enrol `student` (idempotent: a second call returns the existing enrolment and False), who joins the
    audience of the course's course-only projects."""
    with transaction.atomic():
        enrolment, created = Enrolment.objects.get_or_create(
            course=course, student=student, defaults={"source": source}
        )
        if created:
            course_project_audience_add(course_ids=[course.pk], student_ids=[student.pk])
    return enrolment, created


def course_join(*, user: User, code: str) -> tuple[Course, bool]:
    """The student `user` joins the course whose join code is `code` (case and spaces ignored). Returns the
    course and whether they were newly enrolled. Raises ValidationError for a wrong code or a non-student."""
    profile = StudentProfile.objects.filter(user=user).first()
    if profile is None or not user.is_student:
        raise ValidationError({"code": "Only student accounts can join a course."}, code="not_student")
    normalised = "".join(str(code).split()).upper()
    course = Course.objects.filter(join_code=normalised).first() if normalised else None
    if course is None:
        raise ValidationError(
            {"code": "No course has this join code. Check it with your instructor."}, code="bad_code"
        )
    _enrolment, created = enrolment_add(course=course, student=profile, source=EnrolmentSource.JOIN_CODE)
    return course, created
