"""What an LMS launch (LTI 1.3) leaves behind: which LMS course opens which of our courses, and which platform
user is which of our users.

The platform registrations themselves (issuer, client id, the platform's keys and endpoints, our signing key)
are PyLTI1p3's `LtiTool` and `LtiToolKey`, edited in the admin (`pylti1p3.contrib.django.lti1p3_tool_config`).
Imported at the end of `courses.models`, so it refers to the course by its label, not by an import.
"""

from django.conf import settings
from django.db import models

from marketplace.fields import TimeStampedModel


class LtiContextLink(TimeStampedModel):
    """An LMS course (a context of one platform registration) launching one of our courses.

    The first instructor launch links it; the memberships URL of the Names and Role Provisioning Service is
    refreshed from each instructor launch, since platforms may move it."""

    tool = models.ForeignKey(
        "lti1p3_tool_config.LtiTool", on_delete=models.CASCADE, related_name="course_links"
    )
    context_id = models.CharField(max_length=255)
    context_title = models.CharField(max_length=255, blank=True)
    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="lti_links")
    memberships_url = models.URLField(max_length=1024, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "LMS course link"
        constraints = [
            models.UniqueConstraint(fields=["tool", "context_id"], name="one_course_per_lti_context")
        ]

    def __str__(self) -> str:
        return f"{self.context_title or self.context_id} → {self.course_id}"


class LtiUserLink(TimeStampedModel):
    """A platform's user (`sub` of a registration) known to be one of our users, so later launches find them
    even after either side changes the email address."""

    tool = models.ForeignKey(
        "lti1p3_tool_config.LtiTool", on_delete=models.CASCADE, related_name="user_links"
    )
    sub = models.CharField(max_length=255)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lti_links")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "LMS user link"
        constraints = [models.UniqueConstraint(fields=["tool", "sub"], name="one_user_per_lti_sub")]

    def __str__(self) -> str:
        return f"{self.sub} → {self.user_id}"
