"""Rollup tables of the reports: what the live aggregates would compute from a million rows, kept per student
and per application so a report reads a few narrow, indexed rows.

They are derived data, rebuilt in full every night and refreshed every few minutes for what changed
(`reports.rollups`); never written anywhere else. A row goes with its student or application (CASCADE).
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from projects.models import SkillCategory

FIELD_LENGTH = max(len(value) for value in SkillCategory.values)


class StudentRollup(models.Model):
    """One row per student linked to a university: what the participation funnel asks of each student.

    `applied_fields` holds the fields of the projects the student applied to, `accepted_fields` those of the
    applications that became an engagement, `completed_fields` those of the completed engagements (each
    field once), so "applied to a data project" is `'data' = ANY(applied_fields)`."""

    student = models.OneToOneField(
        "students.StudentProfile", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    university = models.ForeignKey("universities.University", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True)
    major = models.CharField(max_length=150, blank=True)
    graduation_year = models.PositiveSmallIntegerField(null=True)
    complete = models.BooleanField()
    applied_fields = ArrayField(models.CharField(max_length=FIELD_LENGTH), default=list)
    accepted_fields = ArrayField(models.CharField(max_length=FIELD_LENGTH), default=list)
    completed_fields = ArrayField(models.CharField(max_length=FIELD_LENGTH), default=list)
    # The student's first application, and the creation of the first engagement one of them became (the
    # Outcomes report's time to first acceptance).
    first_applied_at = models.DateTimeField(null=True)
    first_accepted_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["university", "created_at"], name="reports_student_cohort"),
            models.Index(fields=["university", "first_accepted_at"], name="reports_student_accepted"),
            # The university's students (of a major, a year) for the other reports, from the index alone.
            models.Index(
                fields=["university", "major", "graduation_year", "student"], name="reports_student_scope"
            ),
        ]

    def __str__(self) -> str:
        return f"rollup of student {self.student_id}"


class ApplicationRollup(models.Model):
    """One row per application of a student linked to a university, with its student's and project's
    dimensions copied in and the time to the employer's first answer computed once (so no report joins the
    application events). Written in `created_at` order, and covered by the range index, so a report over a
    term reads that index alone."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    university = models.ForeignKey("universities.University", on_delete=models.CASCADE, related_name="+")
    student_id = models.BigIntegerField()
    employer_id = models.BigIntegerField()
    field = models.CharField(max_length=FIELD_LENGTH)
    major = models.CharField(max_length=150, blank=True)
    graduation_year = models.PositiveSmallIntegerField(null=True)
    created_at = models.DateTimeField()
    status = models.CharField(max_length=20)
    # Seconds from the application to the first shortlist, acceptance or rejection (None: no answer).
    answer_seconds = models.FloatField(null=True)
    # The student's application before this one, and their one before it to the same employer (None: none),
    # so that "each student once in the range" is a filtered COUNT: the rows whose previous one falls before
    # the range, or that have none.
    previous_at = models.DateTimeField(null=True)
    previous_to_employer_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["university", "created_at"],
                name="reports_application_range",
                include=[
                    "employer_id",
                    "student_id",
                    "status",
                    "answer_seconds",
                    "previous_at",
                    "previous_to_employer_at",
                ],
            ),
            # A report narrowed to a major, a graduation year or a field reads only those rows.
            models.Index(fields=["university", "major", "created_at"], name="reports_application_major"),
            models.Index(
                fields=["university", "graduation_year", "created_at"], name="reports_application_year"
            ),
            models.Index(fields=["university", "field", "created_at"], name="reports_application_field"),
            # The answered applications per employer (the medians of time to answer), from the index alone
            # and in employer order: no sort of a term's answers before the per-employer medians.
            models.Index(
                fields=["university", "employer_id", "created_at"],
                name="reports_application_answered",
                include=["answer_seconds"],
                condition=models.Q(answer_seconds__isnull=False),
            ),
            # The few applications that follow one to the same employer (applicants, each student once).
            models.Index(
                fields=["university", "previous_to_employer_at"],
                name="reports_application_again",
                include=["employer_id", "created_at"],
                condition=models.Q(previous_to_employer_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"rollup of application {self.application_id}"


class ApplicantDay(models.Model):
    """The per-application rollup summed per (university, day of the application, day of the student's
    application before it): the Trends' and the dashboard's "students who applied" without a major, year or
    field filter. A student counts once in a window as the application whose previous one falls on a day
    before the window (or has none), so a window's figure is a SUM over a few thousand rows instead of a
    filtered COUNT over the term's hundreds of thousands of applications. Days are the site's time zone's
    (TIME_ZONE), as the reports' ranges are; the number of rows is bounded by the pairs of days (at most
    365 x 365 per university and year), whatever the number of applications.

    Kept by adding and subtracting (`reports.rollups`): a refresh subtracts the touched students' rows of
    the per-application rollup before replacing them and adds the new ones, then drops the days at zero."""

    university = models.ForeignKey("universities.University", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    previous_day = models.DateField(null=True)  # None: the student's first application
    applications = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["university", "day", "previous_day"],
                name="reports_applicant_day",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"applications of {self.day} (previous {self.previous_day})"


class EmployerDay(models.Model):
    """The per-application rollup summed per (university, day of the application, employer): the
    Employers report's counts without a major, year or field filter, a SUM over about a quarter of the
    rows of the per-application rollup (1.4 applications per employer and day at the benchmark's
    scale; fewer rows still as applications per employer and day grow). Applicants (each student once
    per employer) are these applications less the few whose previous application to the employer falls
    in the range, and the median time to answer is read from the answered applications alone, exact.
    Kept like `ApplicantDay`."""

    university = models.ForeignKey("universities.University", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    employer_id = models.BigIntegerField()
    applications = models.IntegerField()
    hires = models.IntegerField()  # accepted
    closed = models.IntegerField()  # closed without an answer
    answered = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["university", "day", "employer_id"], name="reports_employer_day")
        ]

    def __str__(self) -> str:
        return f"applications of {self.day} to employer {self.employer_id}"


class RollupState(models.Model):
    """When the rollups were last rebuilt in full and refreshed (one row, name "reports")."""

    name = models.CharField(max_length=50, primary_key=True)
    rebuilt_at = models.DateTimeField(null=True)
    refreshed_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return self.name
