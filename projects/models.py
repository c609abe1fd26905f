from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q

from marketplace.fields import PublicIdModel, TimeStampedModel


class SkillCategory(models.TextChoices):
    SOFTWARE = "software", "Software & engineering"
    DATA = "data", "Data & analytics"
    DESIGN = "design", "Design & UX"
    MARKETING = "marketing", "Marketing & communications"
    RESEARCH = "research", "Research"
    BUSINESS = "business", "Business & operations"
    FINANCE = "finance", "Finance & accounting"
    WRITING = "writing", "Writing & content"
    OTHER = "other", "Other"


class Skill(models.Model):
    """The shared taxonomy of skills, used by student profiles and projects alike."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    category = models.CharField(max_length=20, choices=SkillCategory.choices, default=SkillCategory.OTHER)
    synonyms = ArrayField(models.CharField(max_length=100), default=list, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(fields=["synonyms"], name="skill_synonyms_gin")]

    def __str__(self) -> str:
        return self.name


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    OPEN = "open", "Open for applications"
    IN_PROGRESS = "in_progress", "Applications closed"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


# How a status reads in a sentence ("This project is closed to applications; ...").
PROJECT_STATUS_PHRASES = {
    ProjectStatus.DRAFT: "still a draft",
    ProjectStatus.OPEN: "open for applications",
    ProjectStatus.IN_PROGRESS: "closed to applications",
    ProjectStatus.COMPLETED: "completed",
    ProjectStatus.CANCELLED: "cancelled",
}


class CloseReason(models.TextChoices):
    FILLED = "filled", "All openings filled"
    DEADLINE = "deadline", "Application deadline passed"
    EMPLOYER = "employer", "Closed by the employer"


class LocationType(models.TextChoices):
    REMOTE = "remote", "Remote"
    ONSITE = "onsite", "On-site"
    HYBRID = "hybrid", "Hybrid"


class Visibility(models.TextChoices):
    PUBLIC = "public", "All students"
    PARTNERS = "partners", "Students of partner universities only"
    COURSE = "course", "Students of one course only"


# The condition of the partial indexes over open projects.
_OPEN = Q(status=ProjectStatus.OPEN)


class Project(PublicIdModel):
    """A posting. `open` takes applications; `in_progress` means applications are closed and the work is on.

    `accepted_count` counts accepted applicants; it only changes under the project's row lock and a check
    constraint keeps it within `openings`.
    """

    employer = models.ForeignKey("employers.Employer", on_delete=models.CASCADE, related_name="projects")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = models.CharField(max_length=200)
    summary = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    deliverables = ArrayField(models.CharField(max_length=300), default=list, blank=True)
    field = models.CharField(max_length=20, choices=SkillCategory.choices, default=SkillCategory.OTHER)
    required_skills = models.ManyToManyField(Skill, blank=True, related_name="required_by_projects")
    nice_to_have_skills = models.ManyToManyField(Skill, blank=True, related_name="nice_to_have_for_projects")
    estimated_hours = models.PositiveSmallIntegerField(default=10)
    fee = models.DecimalField(max_digits=10, decimal_places=2, default=0)
    currency = models.CharField(max_length=3, default="USD")
    location_type = models.CharField(max_length=10, choices=LocationType.choices, default=LocationType.REMOTE)
    location = models.CharField(max_length=200, blank=True, help_text="City or address when not remote.")
    application_deadline = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True, help_text="When the work itself is due.")
    openings = models.PositiveSmallIntegerField(default=1)
    accepted_count = models.PositiveSmallIntegerField(default=0, editable=False)
    screening_questions = ArrayField(models.CharField(max_length=500), default=list, blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    # Set by a course that took the project on (`courses.services.course_projects`): the application
    # deadline and the due date must fall within these dates, the course's term.
    dates_window_start = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set by a course: the deadline and due date must fall within.",
    )
    dates_window_end = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="Set by a course: the deadline and due date must fall within.",
    )
    status = models.CharField(max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(openings__gte=1), name="project_openings_at_least_one"),
            models.CheckConstraint(
                condition=Q(accepted_count__lte=F("openings")), name="project_never_overfilled"
            ),
            models.CheckConstraint(condition=Q(fee__gte=0), name="project_fee_not_negative"),
        ]
        indexes = [
            models.Index(fields=["status", "application_deadline"]),
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["employer", "status"]),
            # The students' search reads open projects only (projects/selectors_search.py), walking one of
            # these in the order of its sort until enough match: they cover open projects alone, so they
            # stay small as history grows.
            GinIndex(fields=["search_vector"], name="project_open_search_gin", condition=_OPEN),
            models.Index(
                F("published_at").desc(), F("id").desc(), name="project_open_newest", condition=_OPEN
            ),
            # Browsing one field (the most used filter) newest first.
            models.Index(
                "field",
                F("published_at").desc(),
                F("id").desc(),
                name="project_open_field_newest",
                condition=_OPEN,
            ),
            models.Index(
                "application_deadline", F("id").desc(), name="project_open_deadline", condition=_OPEN
            ),
            models.Index(
                F("fee").desc(),
                F("published_at").desc(),
                F("id").desc(),
                name="project_open_fee",
                condition=_OPEN,
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_phrase(self) -> str:
        return PROJECT_STATUS_PHRASES[ProjectStatus(self.status)]

    @property
    def openings_left(self) -> int:
        return max(0, self.openings - self.accepted_count)


class ProjectAudienceMember(models.Model):
    """A student who may see and apply to a course-only project (`Visibility.COURSE`).

    The course that owns the project keeps this list equal to its enrolment
    (`courses.services.course_projects` writes it when a course takes the project on and when a student
    enrols): the projects app knows who the audience is without knowing what a course is.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="audience_members")
    student = models.ForeignKey(
        "students.StudentProfile", on_delete=models.CASCADE, related_name="project_audiences"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "student"], name="one_audience_row_per_student")
        ]
        indexes = [models.Index(fields=["student", "project"], name="project_audience_by_student")]

    def __str__(self) -> str:
        return f"{self.student} may see {self.project}"


class SavedProject(TimeStampedModel):
    student = models.ForeignKey(
        "students.StudentProfile", on_delete=models.CASCADE, related_name="saved_projects"
    )
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="saved_by")

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["student", "project"], name="save_project_once")]

    def __str__(self) -> str:
        return f"{self.student} saved {self.project}"


class ReportReason(models.TextChoices):
    SCAM = "scam", "Looks like a scam or asks for money"
    UNPAID = "unpaid", "Unpaid or underpaid work"
    INAPPROPRIATE = "inappropriate", "Inappropriate or offensive"
    MISLEADING = "misleading", "Misleading description"
    OTHER = "other", "Something else"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    DISMISSED = "dismissed", "Dismissed"
    ACTIONED = "actioned", "Action taken"


class Report(TimeStampedModel):
    """A user flags a suspicious posting for site staff."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    details = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["project", "reporter"], name="report_project_once")]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"Report on {self.project}: {self.get_reason_display()}"
