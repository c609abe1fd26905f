"""What the career office sends out: invitations to students on its roster and to local businesses, and the
uploaded CSV files held between their preview and the staff member's confirmation.

An invitation's journey is written in its timestamps, never in a status string that could disagree with
them: created (confirmed by staff) → `sent_at` (the email left) → `signed_up_at` (an account was made from
its link) → `accepted_at` (the invitation took effect: the student verified, the business's organisation
and partnership made). `revoked_at` withdraws it. What follows (applied, posted, hired) is read live from
the other apps by `invitations.selectors`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from marketplace.fields import TimeStampedModel


class ImportKind(models.TextChoices):
    STUDENTS = "students", "Student roster"
    BUSINESSES = "businesses", "Local businesses"


class InvitationImport(TimeStampedModel):
    """An uploaded CSV, parsed and checked line by line, waiting for the staff member to confirm it.

    The rows live here, on the server, between the preview and the confirmation: the browser only names
    the import, so nothing it sends back is trusted. Confirming re-checks every row.
    """

    university = models.ForeignKey(
        "universities.University", on_delete=models.CASCADE, related_name="invitation_imports"
    )
    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    rows = models.JSONField(
        default=list,
        help_text="[{line, email, name, ..., problem}] in the file's order; problem empty when ok.",
    )
    ignored_columns = models.JSONField(default=list, blank=True, help_text="Header cells naming no column.")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    invited_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "invitation upload"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display()}, {self.created_at:%Y-%m-%d %H:%M})"


class Invitation(TimeStampedModel):
    university = models.ForeignKey("universities.University", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(help_text="Stored in lower case.")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    upload = models.ForeignKey(
        InvitationImport, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    send_lease_until = models.DateTimeField(
        null=True, blank=True, help_text="A worker is sending the email until then."
    )
    refused_at = models.DateTimeField(
        null=True, blank=True, help_text="The mail server refused the address for good: never sent."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The account made from the invitation's link.",
    )
    signed_up_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def is_open(self) -> bool:
        return self.revoked_at is None and self.accepted_at is None


class StudentInvitation(Invitation):
    """A student on the career office's roster, invited to sign up; signing up through it verifies them."""

    full_name = models.CharField(max_length=150)
    major = models.CharField(max_length=150, blank=True)
    graduation_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta(Invitation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["university", "email"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_student_invitation_per_university",
            ),
        ]
        indexes = [
            models.Index(fields=["university", "created_at"]),
            models.Index(fields=["email"]),
            models.Index(fields=["created_at"], condition=Q(sent_at__isnull=True), name="student_inv_unsent"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"


class BusinessInvitation(Invitation):
    """A local business, invited to open an employer account already partnered with the university."""

    organisation_name = models.CharField(max_length=200)
    contact_name = models.CharField(max_length=150, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The organisation made when the invitation was accepted.",
    )

    class Meta(Invitation.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["university", "email"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_business_invitation_per_university",
            ),
        ]
        indexes = [
            models.Index(fields=["university", "created_at"]),
            models.Index(fields=["email"]),
            models.Index(
                fields=["sent_at"],
                condition=Q(reminded_at__isnull=True, signed_up_at__isnull=True, revoked_at__isnull=True),
                name="business_inv_to_remind",
            ),
            models.Index(
                fields=["created_at"], condition=Q(sent_at__isnull=True), name="business_inv_unsent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} <{self.email}>"


# The invitation model of each kind of upload.
INVITATION_MODELS: dict[str, type[StudentInvitation] | type[BusinessInvitation]] = {
    ImportKind.STUDENTS: StudentInvitation,
    ImportKind.BUSINESSES: BusinessInvitation,
}
