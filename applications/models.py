from django.conf import settings
from django.db import models

from marketplace.fields import PublicIdModel


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    SHORTLISTED = "shortlisted", "Shortlisted"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Not selected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    # No ghosting: left unanswered for MARKETPLACE["APPLICATION_AUTO_CLOSE_DAYS"], closed with a kind note.
    CLOSED = "closed", "Closed without an answer"


PENDING_APPLICATION_STATUSES = [ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED]


class Application(PublicIdModel):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="applications")
    student = models.ForeignKey(
        "students.StudentProfile", on_delete=models.CASCADE, related_name="applications"
    )
    cover_note = models.TextField(blank=True)
    answers = models.JSONField(
        default=list, blank=True, help_text="[{question, answer}] in the project's order."
    )
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    exceeds_weekly_budget = models.BooleanField(
        default=False, help_text="At submission, the project did not fit the student's weekly hours."
    )
    decision_note = models.TextField(blank=True, help_text="The employer's note to the student on rejection.")
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["project", "student"], name="apply_once_per_project")]
        indexes = [
            models.Index(fields=["project", "status"]),
            models.Index(fields=["student", "status"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.project}"


class ApplicationEvent(models.Model):
    """The status timeline of an application: one row per transition."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_status_display()}"
