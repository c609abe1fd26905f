from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from marketplace.fields import PublicIdModel
from marketplace.uploads import private_storage


class StudentProfile(PublicIdModel):
    """A student's profile. `verified_at` is set once the student is known to study at `university`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student_profile"
    )
    university = models.ForeignKey(
        "universities.University", on_delete=models.SET_NULL, null=True, blank=True, related_name="students"
    )
    university_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The university the student named when it is not listed (they asked for it to be added).",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Career staff who verified by hand; empty when verified by a confirmed university email.",
    )
    major = models.CharField(max_length=150, blank=True)
    graduation_year = models.PositiveSmallIntegerField(null=True, blank=True)
    skills = models.ManyToManyField("projects.Skill", blank=True, related_name="students")
    interests = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    weekly_hours_available = models.PositiveSmallIntegerField(
        default=10, help_text="Hours a week the student can give to projects alongside coursework."
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    bio = models.TextField(blank=True)
    links = ArrayField(models.URLField(max_length=500), default=list, blank=True)
    resume = models.FileField(upload_to="resumes/%Y/%m/", storage=private_storage, blank=True, max_length=255)
    portfolio_public = models.BooleanField(
        default=False, help_text="Show completed projects on a public page."
    )

    class Meta:
        ordering = ["user__email"]
        indexes = [models.Index(fields=["university", "verified_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekly_hours_available__lte=60), name="weekly_hours_at_most_60"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None and self.university_id is not None
