"""Credentials issued to students: one Open Badges 3.0 credential per engagement that ended with work done."""

from django.conf import settings
from django.db import models

from marketplace.fields import PublicIdModel

# Each credential's place in the revocation status list comes from this sequence (migration 0001), so two
# credentials issued at once never share a bit.
STATUS_INDEX_SEQUENCE = "credentials_status_index_seq"


class Credential(PublicIdModel):
    """The signed credential as issued (`jwt`) and the credential it carries (`document`), kept so the student
    can download exactly what was signed. Revoking flips the credential's bit in the status list; the signed
    credential itself never changes."""

    engagement = models.OneToOneField(
        "engagements.Engagement", on_delete=models.PROTECT, related_name="credential"
    )
    student = models.ForeignKey(
        "students.StudentProfile", on_delete=models.PROTECT, related_name="credentials"
    )
    # The position in the status lists: list `status_index // STATUS_LIST_SIZE + 1`, bit `% STATUS_LIST_SIZE`.
    status_index = models.PositiveBigIntegerField(unique=True)
    kid = models.CharField(max_length=200)
    document = models.JSONField()
    jwt = models.TextField()
    issued_at = models.DateTimeField()
    # The endorsed skills the signed credential lists: a review made visible since calls for a new one.
    endorsed_skills = models.JSONField(default=list, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["student", "issued_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revocation_reason=""),
                name="credential_revocation_has_reason",
            )
        ]

    def __str__(self) -> str:
        return self.document.get("name", "Credential") if isinstance(self.document, dict) else "Credential"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
