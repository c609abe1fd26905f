"""What follows acceptance: the engagement, milestones, deliverables, messages, hours, payment, reviews."""

from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from marketplace.fields import PublicIdModel, TimeStampedModel
from marketplace.uploads import private_storage
from projects.models import ReportStatus


class EngagementStatus(models.TextChoices):
    KICKOFF = "kickoff", "Kickoff"
    ACTIVE = "active", "In progress"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


# Still under way: milestones can change, and deadlines are reminded.
OPEN_ENGAGEMENT_STATUSES = [EngagementStatus.KICKOFF, EngagementStatus.ACTIVE]
FINISHED_ENGAGEMENT_STATUSES = [EngagementStatus.COMPLETED, EngagementStatus.CANCELLED]


class Engagement(PublicIdModel):
    """The work itself, one per accepted application. Fee and due date are copied at acceptance."""

    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="engagement"
    )
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="engagements")
    student = models.ForeignKey(
        "students.StudentProfile", on_delete=models.PROTECT, related_name="engagements"
    )
    employer = models.ForeignKey("employers.Employer", on_delete=models.PROTECT, related_name="engagements")
    status = models.CharField(
        max_length=20, choices=EngagementStatus.choices, default=EngagementStatus.KICKOFF
    )
    fee = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    estimated_hours = models.PositiveSmallIntegerField()
    due_date = models.DateField(null=True, blank=True)
    student_confirmed_at = models.DateTimeField(null=True, blank=True)
    employer_confirmed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancellation_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["student", "status"]),
            models.Index(fields=["employer", "status"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["status", "completed_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.student} on {self.project}"


class MilestoneStatus(models.TextChoices):
    PENDING = "pending", "To do"
    SUBMITTED = "submitted", "Submitted for review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"


class Milestone(TimeStampedModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PENDING)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["engagement", "position", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.title


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", "Awaiting review"
    APPROVED = "approved", "Approved"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"


class DeliverableSubmission(TimeStampedModel):
    """A file or link handed in for a milestone; the employer approves it or asks for changes."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="submissions")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(blank=True)
    link = models.URLField(max_length=500, blank=True)
    file = models.FileField(upload_to="deliverables/%Y/%m/", storage=private_storage, blank=True)
    # The name the student gave the file (cleaned by marketplace.uploads.display_name), shown to both sides
    # and offered as the download name; the storage keeps its own unique name in `file`.
    original_name = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)
    auto_approved = models.BooleanField(default=False)

    class Meta:
        ordering = ["milestone", "created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=~Q(link="") | ~Q(file=""), name="submission_has_file_or_link"),
        ]

    def __str__(self) -> str:
        return f"Submission for {self.milestone}"

    @property
    def file_name(self) -> str:
        """The name the file was handed in under ("" for a link only; the stored name for older files)."""
        if not self.file:
            return ""
        return self.original_name or PurePath(self.file.name).name


class Message(models.Model):
    """A message between a student and the employer's members, in the thread of an engagement.

    Before a decision an employer member may open the thread on an application (`application` set, no
    engagement yet: `engagements.services.application_messages`); accepting the application links those
    messages to the new engagement, so the same thread carries on there. Messages written after acceptance
    have the engagement only.
    """

    application = models.ForeignKey(
        "applications.Application",
        on_delete=models.CASCADE,
        related_name="messages",
        null=True,
        blank=True,
        help_text="Set on messages written before the decision, in the application's thread.",
    )
    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="messages", null=True, blank=True
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["engagement", "created_at"]),
            models.Index(fields=["application", "created_at"], name="engagements_applica_msg_idx"),
            models.Index(fields=["sender", "created_at"], name="engagements_sender_msg_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(engagement__isnull=False) | Q(application__isnull=False),
                name="message_in_a_thread",
            ),
        ]

    def __str__(self) -> str:
        return f"Message from {self.sender} on {self.engagement or self.application}"


class MessageReportReason(models.TextChoices):
    SPAM = "spam", "Spam or advertising"
    SCAM = "scam", "Looks like a scam or asks for money or personal data"
    INAPPROPRIATE = "inappropriate", "Inappropriate, offensive or harassing"
    OTHER = "other", "Something else"


class MessageReport(TimeStampedModel):
    """A party flags a message from the other side for site staff (the Django admin)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=MessageReportReason.choices)
    details = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["message", "reporter"], name="report_message_once"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="engagements_report_status_idx")]

    def __str__(self) -> str:
        return f"Report on message {self.message_id}: {self.get_reason_display()}"


class EngagementReadMark(models.Model):
    """How far a party has read an engagement's messages; later messages from others count as unread."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["engagement", "user"], name="one_read_mark_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.engagement} up to {self.last_read_at}"


class HoursLog(TimeStampedModel):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="hours_logs")
    date = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=2, validators=[MinValueValidator(0.25)])
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["engagement", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="hours_log_within_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours} h on {self.date}"


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PAID = "paid", "Paid"


class PaymentKind(models.TextChoices):
    FULL = "full", "Full fee on completion"
    PRO_RATA = "pro_rata", "Approved milestones, pro rata on cancellation"


class Payment(TimeStampedModel):
    """The payment record of an engagement (the platform records payments; it does not move money)."""

    engagement = models.OneToOneField(Engagement, on_delete=models.PROTECT, related_name="payment")
    kind = models.CharField(max_length=20, choices=PaymentKind.choices, default=PaymentKind.FULL)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    due_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    marked_paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [models.CheckConstraint(condition=Q(amount__gte=0), name="payment_amount_not_negative")]

    def __str__(self) -> str:
        return f"{self.amount} {self.currency} ({self.get_status_display()})"


class ReviewSide(models.TextChoices):
    STUDENT = "student", "Student reviews the employer"
    EMPLOYER = "employer", "Employer reviews the student"


class Review(TimeStampedModel):
    """One review per side per engagement; double-blind until both are in or the window closes."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="reviews")
    side = models.CharField(max_length=20, choices=ReviewSide.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    text = models.TextField(blank=True)
    skills_demonstrated = models.ManyToManyField("projects.Skill", blank=True, related_name="+")

    class Meta:
        ordering = ["engagement", "side"]
        constraints = [
            models.UniqueConstraint(fields=["engagement", "side"], name="one_review_per_side"),
            models.CheckConstraint(
                condition=Q(rating__gte=1) & Q(rating__lte=5), name="review_rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()}: {self.rating}/5"
