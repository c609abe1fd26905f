from django.conf import settings
from django.db import models
from django.db.models import Q

from marketplace.fields import TimeStampedModel


class University(TimeStampedModel):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    country = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "universities"

    def __str__(self) -> str:
        return self.name


class UniversityDomain(models.Model):
    """An email domain of a university: a confirmed address on it verifies a student."""

    university = models.ForeignKey(University, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True, help_text="e.g. uni.edu (lower case, no @)")

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class CareerStaffMembership(TimeStampedModel):
    """Makes a user career-office staff of one university; all they see in the admin is scoped to it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="career_staff"
    )
    university = models.ForeignKey(University, on_delete=models.CASCADE, related_name="staff_memberships")

    class Meta:
        ordering = ["university", "user"]

    def __str__(self) -> str:
        return f"{self.user} at {self.university}"


class PartnershipStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    ACTIVE = "active", "Active"
    DECLINED = "declined", "Declined"
    ENDED = "ended", "Ended"


class PartnershipSide(models.TextChoices):
    EMPLOYER = "employer", "Employer"
    UNIVERSITY = "university", "University"


class Partnership(TimeStampedModel):
    """Employer ↔ university. Either side asks and the other side approves or declines (an owner of the
    organisation, or the career office); the career office ends it."""

    employer = models.ForeignKey("employers.Employer", on_delete=models.CASCADE, related_name="partnerships")
    university = models.ForeignKey(University, on_delete=models.CASCADE, related_name="partnerships")
    status = models.CharField(
        max_length=20, choices=PartnershipStatus.choices, default=PartnershipStatus.REQUESTED
    )
    requested_by_side = models.CharField(max_length=20, choices=PartnershipSide.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "university"],
                condition=Q(status__in=["requested", "active"]),
                name="one_live_partnership_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["university", "status"]),
            models.Index(fields=["employer", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.employer} ↔ {self.university} ({self.get_status_display()})"


class UniversityRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    ADDED = "added", "University added"
    DECLINED = "declined", "Declined"


class UniversityRequest(TimeStampedModel):
    """A student asks for their university to be added: its name as they typed it, and the domain of their
    email address (what a career office claims later, `UniversityDomain`). Site admins read them in the
    admin, counted per domain; claiming the domain marks the domain's waiting requests added."""

    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, help_text="The domain of the student's email address.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="university_requests"
    )
    status = models.CharField(
        max_length=10, choices=UniversityRequestStatus.choices, default=UniversityRequestStatus.PENDING
    )
    university = models.ForeignKey(
        University,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The university that claimed the domain, once added.",
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["requested_by", "domain"],
                condition=Q(status="pending"),
                name="one_waiting_university_request_per_student_and_domain",
            ),
        ]
        indexes = [models.Index(fields=["domain", "status"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.domain})"
