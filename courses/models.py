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
    open_to_proposals = models.BooleanField(
        default=True, help_text="Employers may propose projects for this course while its term runs."
    )

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
    LMS = "lms", "LMS launch"


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
    # The invitation email (`courses.services.invite_emails`, `notifications.leased_emails`).
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When the invitation email left.")
    refused_at = models.DateTimeField(
        null=True, blank=True, help_text="When the mail server refused the address for good."
    )
    send_lease_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker is sending the email until then."
    )

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


class CourseProjectStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed by the employer"
    ACCEPTED = "accepted", "Part of the course"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn by the employer"


class CourseProjectOrigin(models.TextChoices):
    PROPOSAL = "proposal", "Proposed by the employer"
    ADOPTION = "adoption", "Adopted by the faculty"


class CourseProject(TimeStampedModel):
    """A project offered to one course's students only.

    An employer proposes one of its projects to a course, or faculty adopt an open project; once ACCEPTED
    the project's visibility is `course` and its audience the course's enrolment (`courses.services`).
    A project belongs to at most one course at a time (a live proposal or an accepted link)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="course_projects")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="course_links")
    origin = models.CharField(max_length=20, choices=CourseProjectOrigin.choices)
    status = models.CharField(
        max_length=20, choices=CourseProjectStatus.choices, default=CourseProjectStatus.PROPOSED
    )
    message = models.TextField(blank=True, help_text="What the employer tells the faculty about the project.")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    previous_visibility = models.CharField(
        max_length=10, blank=True, help_text="The project's visibility before the course took it on."
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="one_live_course_link_per_project",
            )
        ]
        indexes = [models.Index(fields=["course", "status"], name="course_project_by_status")]

    def __str__(self) -> str:
        return f"{self.project} for {self.course}"


class CreditStatus(models.TextChoices):
    REQUESTED = "requested", "Waiting for the faculty"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"
    SIGNED_OFF = "signed_off", "Signed off"


class CreditResult(models.TextChoices):
    PASS = "pass", "Pass"
    FAIL = "fail", "Fail"
    GRADE = "grade", "Grade"


class CreditRequest(PublicIdModel):
    """A student's request that an engagement count for a course, and the credit record it grows into.

    Faculty approve it (naming the outcomes the work must show) or decline it with a reason. After the
    engagement completes, the employer fills the competency evaluation and the student the reflection;
    faculty then sign off with pass/fail or a grade. The `*_reminded_at` stamps make each reminder go once.
    """

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="credit_requests")
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="credit_requests"
    )
    student = models.ForeignKey(
        "students.StudentProfile", on_delete=models.CASCADE, related_name="credit_requests"
    )
    status = models.CharField(max_length=20, choices=CreditStatus.choices, default=CreditStatus.REQUESTED)
    student_note = models.TextField(blank=True)
    required_outcomes = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    result = models.CharField(max_length=10, choices=CreditResult.choices, blank=True)
    grade = models.CharField(max_length=10, blank=True)
    sign_off_note = models.TextField(blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    evaluation_reminded_at = models.DateTimeField(null=True, blank=True)
    reflection_reminded_at = models.DateTimeField(null=True, blank=True)
    sign_off_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement"],
                condition=~Q(status="declined"),
                name="one_live_credit_request_per_engagement",
            ),
            models.CheckConstraint(
                condition=Q(
                    status="signed_off", signed_off_at__isnull=False, result__in=["pass", "fail", "grade"]
                )
                | ~Q(status="signed_off"),
                name="credit_signed_off_has_result",
            ),
        ]
        indexes = [
            models.Index(fields=["course", "status"], name="credit_by_course_status"),
            models.Index(fields=["student", "status"], name="credit_by_student_status"),
        ]

    def __str__(self) -> str:
        return f"Credit for {self.engagement} in {self.course}"


class RubricLevel(models.IntegerChoices):
    """The scale every competency is rated on; `RUBRIC_DESCRIPTIONS` says what each level means."""

    NOT_YET = 1, "Not yet demonstrated"
    DEVELOPING = 2, "Developing"
    PROFICIENT = 3, "Proficient"
    EXEMPLARY = 4, "Exemplary"


RUBRIC_DESCRIPTIONS = {
    RubricLevel.NOT_YET: "Did not show this skill in the work, or needed it done for them.",
    RubricLevel.DEVELOPING: "Showed the skill with frequent guidance; results were uneven.",
    RubricLevel.PROFICIENT: "Showed the skill reliably with ordinary guidance, as a junior colleague would.",
    RubricLevel.EXEMPLARY: "Showed the skill beyond what the project asked, and others could rely on it.",
}


class CompetencyEvaluation(TimeStampedModel):
    """The employer's evaluation of a student's competencies at the end of credited work. Seen only by
    the student and the course's faculty; it is not the public review."""

    credit_request = models.OneToOneField(CreditRequest, on_delete=models.CASCADE, related_name="evaluation")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    overall_comment = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Evaluation for {self.credit_request}"


class CompetencyRating(models.Model):
    """One rated competency: a soft skill (`soft_skill`) or one of the project's skills (`skill`)."""

    evaluation = models.ForeignKey(CompetencyEvaluation, on_delete=models.CASCADE, related_name="ratings")
    soft_skill = models.CharField(max_length=30, choices=SoftSkill.choices, blank=True)
    skill = models.ForeignKey(
        "projects.Skill", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    level = models.PositiveSmallIntegerField(choices=RubricLevel.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(skill__isnull=True) & ~Q(soft_skill=""))
                | (Q(skill__isnull=False) & Q(soft_skill="")),
                name="rating_names_one_competency",
            ),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="rating_level_on_scale"),
            models.UniqueConstraint(
                fields=["evaluation", "soft_skill"],
                condition=~Q(soft_skill=""),
                name="one_rating_per_soft_skill",
            ),
            models.UniqueConstraint(
                fields=["evaluation", "skill"], condition=Q(skill__isnull=False), name="one_rating_per_skill"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} for {self.label}"

    @property
    def label(self) -> str:
        return self.skill.name if self.skill_id else SoftSkill(self.soft_skill).label


class Reflection(TimeStampedModel):
    """The student's reflection on credited work: what they did, and what they learned against each
    outcome the faculty asked the work to show (`outcome_answers`, in the order of `required_outcomes`)."""

    credit_request = models.OneToOneField(CreditRequest, on_delete=models.CASCADE, related_name="reflection")
    summary = models.TextField(help_text="What you did on the project.")
    outcome_answers = ArrayField(models.TextField(), default=list, blank=True)

    def __str__(self) -> str:
        return f"Reflection for {self.credit_request}"


# The LMS (LTI 1.3) links live in their own module; imported here so the app registry finds them.
from courses.models_lti import LtiContextLink, LtiUserLink  # noqa: E402, F401
