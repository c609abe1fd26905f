"""Faculty, their courses and who is enrolled.

A faculty member belongs to one university (the domain of their address at sign-up) and may act only once
that university's career office has confirmed them in the admin (`confirmed_at`). A course belongs to the
university of the faculty who created it; its instructors are faculty of that university.
"""

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from marketplace.fields import PublicIdModel, TimeStampedModel

JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud in class
JOIN_CODE_LENGTH = 8
MAX_LEARNING_OUTCOMES = 10


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class SoftSkill(models.TextChoices):
    """The transferable skills a course may assess beside the skills taxonomy (issue #14 names them)."""

    TIME_MANAGEMENT = "time_management", "Time management"
    COMMUNICATION = "communication", "Communication"
    PROBLEM_SOLVING = "problem_solving", "Problem-solving"
    WORKING_INDEPENDENTLY = "working_independently", "Working independently"


class FacultyProfile(TimeStampedModel):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="faculty")
    university = models.ForeignKey(
        "universities.University", on_delete=models.PROTECT, related_name="faculty"
    )
    department = models.CharField(max_length=150, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["user__email"]
        verbose_name = "faculty member"
        verbose_name_plural = "faculty"

    def __str__(self) -> str:
        return f"{self.user.get_full_name()} ({self.university})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Course(PublicIdModel):
    university = models.ForeignKey(
        "universities.University", on_delete=models.PROTECT, related_name="courses"
    )
    instructors = models.ManyToManyField(FacultyProfile, related_name="courses")
    created_by = models.ForeignKey(FacultyProfile, on_delete=models.PROTECT, related_name="courses_created")
    code = models.CharField(max_length=30, help_text="e.g. BUS 301")
    title = models.CharField(max_length=200)
    term_start = models.DateField()
    term_end = models.DateField()
    credits = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    expected_hours = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(2000)],
        help_text="Hours of project work each student is expected to log during the term.",
    )
    learning_outcomes = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    soft_skills = ArrayField(
        models.CharField(max_length=30, choices=SoftSkill.choices), default=list, blank=True
    )
    skills = models.ManyToManyField("projects.Skill", blank=True, related_name="+")
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code)

    class Meta:
        ordering = ["-term_start", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=F("term_start")), name="course_term_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["university", "code", "term_start"], name="one_course_per_code_and_term"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def soft_skill_labels(self) -> list[str]:
        return [SoftSkill(value).label for value in self.soft_skills if value in SoftSkill.values]


class EnrolmentSource(models.TextChoices):
    JOIN_CODE = "join_code", "Join code"
    ROSTER = "roster", "Roster"


class Enrolment(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    student = models.ForeignKey(
        "students.StudentProfile", on_delete=models.CASCADE, related_name="course_enrolments"
    )
    source = models.CharField(max_length=20, choices=EnrolmentSource.choices)
    enrolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["enrolled_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "student"], name="one_enrolment_per_student")
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.course}"


class CourseInvite(models.Model):
    """An address from a roster upload that has no account yet: it joins the course once an account
    confirms it (`courses.apps`)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="invites")
    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["course", "email"], name="one_invite_per_course_email")
        ]
        indexes = [
            models.Index(fields=["email"], condition=Q(claimed_at__isnull=True), name="course_invite_open")
        ]

    def __str__(self) -> str:
        return self.email


class RosterImport(models.Model):
    """An uploaded roster, checked row by row and held until the faculty member confirms it."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="roster_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=255)
    rows = models.JSONField(default=list)
    ignored_columns = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} for {self.course}"
