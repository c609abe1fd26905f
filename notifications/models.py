"""What a user is told: notifications in the centre and by email, and how each user wants each kind."""

from django.conf import settings
from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.db.models import Q


class NotificationKind(models.TextChoices):
    """Each kind has its own preference (instantly, daily digest or off)."""

    NEW_MATCH = "new_match", "New projects that match you"
    APPLICATION_RECEIVED = "application_received", "New applications to your projects"
    APPLICATION_STATUS = "application_status", "Changes to your applications"
    MESSAGE = "message", "New messages in an engagement"
    DELIVERABLE = "deliverable", "Deliverables handed in, approved or sent back"
    PAYMENT = "payment", "Payments"
    DEADLINE = "deadline", "Deadlines coming up or passed"
    APPLICANTS_WAITING = "applicants_waiting", "Applicants waiting for your answer"
    REVIEW_OWED = "review_owed", "Reviews you still owe"
    PARTNERSHIP = "partnership", "Partnership requests and decisions"
    CREDENTIAL = "credential", "Credentials issued to you or revoked"
    VERIFICATION = "verification", "Your university confirming that you study there"
    TALENT_INVITATION = "talent_invitation", "Invitations to apply from employers you worked with"
    COURSE_PROJECT = "course_project", "Projects proposed to, taken on by or declined for a course"
    ACADEMIC_CREDIT = "academic_credit", "Academic credit: requests, evaluations, reflections and sign-offs"
    FACULTY = "faculty", "Faculty sign-ups, confirmations and co-instructors"


class Delivery(models.TextChoices):
    INSTANT = "instant", "Instantly"
    DIGEST = "digest", "In a daily digest"
    OFF = "off", "Off"


# What a user gets before they choose. Match notices go to the daily digest so a busy week of postings does
# not flood anyone's inbox; everything about work already under way is sent at once.
DEFAULT_DELIVERY: dict[str, str] = dict.fromkeys(NotificationKind.values, Delivery.INSTANT) | {
    NotificationKind.NEW_MATCH: Delivery.DIGEST,
}


class EmailState(models.TextChoices):
    """pending → sending → sent for instant emails, digest → digesting → sent for the daily digest.

    A worker claims rows into sending/digesting with a lease (``email_lease_until``) and marks them sent
    only once the SMTP server has accepted the email; rows still held when their lease has run out (the
    worker died) are sent again by the email sweep (notifications/emails.py)."""

    PENDING = "pending", "To be emailed now"
    SENDING = "sending", "Being emailed now"
    DIGEST = "digest", "Waiting for the daily digest"
    DIGESTING = "digesting", "Being emailed in the daily digest"
    SENT = "sent", "Emailed"
    FAILED = "failed", "Refused by the mail server, or not sent after every attempt"
    NONE = "none", "Not emailed"


class Notification(models.Model):
    """One thing one user is told. ``key`` names the event (e.g. ``match:project:42``); the unique
    (user, key) constraint is what makes every notice, reminder and fan-out happen at most once per user."""

    # Filled in by PostgreSQL, so notify()'s INSERT … SELECT gets one per row without naming the column.
    public_id = models.UUIDField(db_default=RandomUUID(), unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    key = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(
        max_length=500, blank=True, help_text="Where the notice leads, a path on this site."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_lease_until = models.DateTimeField(
        null=True, blank=True, help_text="While being emailed: when the sweep may take the email over."
    )
    # Filled in by PostgreSQL too, for the same INSERT … SELECT.
    email_attempts = models.PositiveSmallIntegerField(
        db_default=0, help_text="Times a worker has claimed this email for sending."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notify_once_per_key")]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_user_unread"),
            models.Index(
                fields=["email_state", "user"],
                condition=Q(email_state__in=["pending", "digest"]),
                name="notification_email_waiting",
            ),
            # The email sweep's look for leases run out (a worker died while sending).
            models.Index(
                fields=["email_lease_until"],
                condition=Q(email_state__in=["sending", "digesting"]),
                name="notification_email_leased",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.title}"


class NotificationPreference(models.Model):
    """A user's choice for one kind; no row means DEFAULT_DELIVERY."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.delivery}"
