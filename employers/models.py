import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from marketplace.fields import PublicIdModel, TimeStampedModel
from marketplace.uploads import private_storage


class Employer(PublicIdModel):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    logo = models.FileField(
        upload_to="logos/%Y/%m/",
        storage=private_storage,
        blank=True,
        max_length=255,
        help_text="Served by employers:logo with the content type its checked content had.",
    )
    is_verified = models.BooleanField(default=False, help_text="Checked by site staff.")
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        help_text="An IANA zone (marketplace.timezones); the project editor's dates are in it.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def logo_url(self) -> str:
        """Where pages show the logo from (empty without one). The version changes whenever the
        organisation is saved, so browsers may cache the image for long."""
        if not self.logo:
            return ""
        return f"{reverse('employers:logo', args=[self.slug])}?v={int(self.updated_at.timestamp())}"


class MemberRole(models.TextChoices):
    OWNER = "owner", "Owner"
    MEMBER = "member", "Member"


class EmployerMember(TimeStampedModel):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_memberships"
    )
    role = models.CharField(max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER)

    class Meta:
        ordering = ["employer", "user"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "user"], name="one_membership_per_employer")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) at {self.employer}"


class EmployerInvitation(TimeStampedModel):
    """An email invitation to join an organisation; the link carries the random token."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_pending_invitation_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.employer}"
