"""Career exploration: the employers' "future hire" marks and the invitations to apply they lead to."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from marketplace.fields import PublicIdModel, TimeStampedModel


class FutureHire(TimeStampedModel):
    """An organisation would hire or work with this student again, marked by a member after an engagement
    completed. One mark per organisation and student; the student decides whether their portfolio shows it.
    Only a marked student can be invited to apply (`TalentInvitation`)."""

    employer = models.ForeignKey("employers.Employer", on_delete=models.CASCADE, related_name="future_hires")
    student = models.ForeignKey(
        "students.StudentProfile", on_delete=models.CASCADE, related_name="future_hire_marks"
    )
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="future_hire_marks"
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shown_on_portfolio = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["employer", "student"], name="future_hire_once")]

    def __str__(self) -> str:
        return f"{self.employer_id} would hire {self.student_id} again"


class InvitationStatus(models.TextChoices):
    OPEN = "open", "Waiting for the student"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class TalentInvitation(PublicIdModel):
    """An organisation asks a student it marked to apply to one of its open projects. At most one open
    invitation per organisation and student (the database says so), so nobody is flooded."""

    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.CASCADE, related_name="talent_invitations"
    )
    student = models.ForeignKey(
        "students.StudentProfile", on_delete=models.CASCADE, related_name="talent_invitations"
    )
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField(blank=True, max_length=1000)
    status = models.CharField(max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.OPEN)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "student"],
                condition=Q(status="open"),
                name="talent_invitation_one_open",
            ),
        ]
        indexes = [models.Index(fields=["student", "status"])]

    def __str__(self) -> str:
        return f"{self.employer_id} invites {self.student_id} to {self.project_id} ({self.status})"
