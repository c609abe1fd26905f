"""Everything after acceptance, in the scoped admin.

A career office follows its own students' engagements, milestones, hours and payments. The messages between
a student and an employer stay between them. Statuses move only through the services, so they are read-only.
"""

from django.contrib import admin
from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from accounts.models import User
from engagements import admin_students  # noqa: F401  (registers the StudentProfile admin)
from engagements.downloads import submission_file_response
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementReadMark,
    HoursLog,
    Message,
    MessageReport,
    Milestone,
    Payment,
    Review,
)
from engagements.selectors import (
    engagements_for_university,
    hours_logs_for_university,
    milestones_for_university,
    payments_for_university,
    reviews_for_university,
    submissions_for_university,
)
from marketplace.admin_files import PrivateFileAdminMixin
from universities.admin_scoping import CareerOfficeScopedAdmin, money
from universities.models import University

ENGAGEMENT_RELATED = ["engagement__student__user", "engagement__project", "engagement__employer"]


@admin.register(Engagement)
class EngagementAdmin(CareerOfficeScopedAdmin):
    list_display = [
        "student",
        "project",
        "employer",
        "status",
        "fee_with_currency",
        "hours",
        "due_date",
        "started_at",
        "completed_at",
    ]
    # The list fits 1280 px; the spreadsheet keeps a column per figure.
    export_columns = (
        "student",
        "project",
        "employer",
        "status",
        "fee",
        "currency",
        "estimated_hours",
        "hours_logged",
        "due_date",
        "started_at",
        "completed_at",
    )
    list_select_related = ["student__user", "project", "employer"]
    list_filter = ["status", "currency"]
    search_fields = ["student__user__email", "project__title", "employer__name"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "application",
        "project",
        "student",
        "employer",
        "status",
        "fee",
        "currency",
        "estimated_hours",
        "student_confirmed_at",
        "employer_confirmed_at",
        "started_at",
        "completed_at",
        "cancelled_at",
        "cancelled_by",
        "created_at",
    ]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return engagements_for_university(university=university)

    def get_queryset(self, request) -> QuerySet:
        logged = (
            HoursLog.objects.filter(engagement=OuterRef("pk"))
            .order_by()
            .values("engagement")
            .annotate(total=Sum("hours"))
            .values("total")
        )
        decimal = DecimalField(max_digits=8, decimal_places=2)
        return (
            super()
            .get_queryset(request)
            .annotate(total_hours=Coalesce(Subquery(logged, output_field=decimal), 0, output_field=decimal))
        )

    @admin.display(description="Hours logged", ordering="total_hours")
    def hours_logged(self, obj: Engagement):
        return obj.total_hours

    @admin.display(description="Hours (logged of estimated)", ordering="total_hours")
    def hours(self, obj: Engagement) -> str:
        return f"{obj.total_hours} of {obj.estimated_hours}"

    @admin.display(description="Fee", ordering="fee")
    def fee_with_currency(self, obj: Engagement) -> str:
        return money(obj.fee, obj.currency)


@admin.register(Milestone)
class MilestoneAdmin(CareerOfficeScopedAdmin):
    list_display = ["title", "engagement", "position", "status", "due_date", "approved_at"]
    list_select_related = ["engagement__student__user", "engagement__project"]
    list_filter = ["status"]
    search_fields = ["title", "engagement__student__user__email", "engagement__project__title"]
    readonly_fields = ["engagement", "status", "approved_at", "created_at"]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return milestones_for_university(university=university)


@admin.register(DeliverableSubmission)
class DeliverableSubmissionAdmin(PrivateFileAdminMixin, CareerOfficeScopedAdmin):
    list_display = ["milestone", "submitted_by", "status", "auto_approved", "created_at", "reviewed_at"]
    list_select_related = ["milestone", "submitted_by"]
    list_filter = ["status", "auto_approved"]
    search_fields = ["milestone__title", "submitted_by__email"]
    readonly_fields = [
        "milestone",
        "submitted_by",
        "submitted_file",
        "status",
        "reviewed_by",
        "reviewed_at",
        "auto_approved",
        "created_at",
    ]
    # The file is what the student handed in (checked by its content there): shown, never replaced here.
    exclude = ["file"]
    private_files = {"file": submission_file_response}

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return submissions_for_university(university=university)

    @admin.display(description="File")
    def submitted_file(self, obj: DeliverableSubmission | None) -> str:
        return self.private_file_link(obj, "file")


@admin.register(Message)
class MessageAdmin(CareerOfficeScopedAdmin):
    """A conversation between a student and an employer: site staff only (moderation)."""

    list_display = ["engagement", "application", "sender", "excerpt", "created_at"]
    list_select_related = [
        *ENGAGEMENT_RELATED,
        "application__project",
        "application__student__user",
        "sender",
    ]
    search_fields = ["body", "sender__email"]
    readonly_fields = ["engagement", "application", "sender", "body", "created_at"]

    @admin.display(description="Message")
    def excerpt(self, obj: Message) -> str:
        return obj.body if len(obj.body) <= 80 else obj.body[:79] + "…"


@admin.register(MessageReport)
class MessageReportAdmin(CareerOfficeScopedAdmin):
    """Messages a party reported: for site staff, who read the message and set the status; career
    offices do not see them (the conversation is private)."""

    list_display = ["message_excerpt", "sender", "reporter", "reason", "status", "created_at"]
    list_select_related = ["message__sender", "reporter"]
    list_filter = ["status", "reason"]
    search_fields = ["message__body", "reporter__email", "message__sender__email", "details"]
    readonly_fields = [
        "message",
        "message_body",
        "reporter",
        "reason",
        "details",
        "resolved_by",
        "resolved_at",
        "created_at",
    ]

    @admin.display(description="Message")
    def message_excerpt(self, obj: MessageReport) -> str:
        body = obj.message.body
        return body if len(body) <= 80 else body[:79] + "…"

    @admin.display(description="Written by")
    def sender(self, obj: MessageReport) -> User | None:
        return obj.message.sender

    @admin.display(description="The message in full")
    def message_body(self, obj: MessageReport) -> str:
        return obj.message.body


@admin.register(EngagementReadMark)
class EngagementReadMarkAdmin(CareerOfficeScopedAdmin):
    """How far each party has read a conversation: as private as the conversation, site staff only."""

    list_display = ["engagement", "user", "last_read_at"]
    list_select_related = ["engagement__student__user", "engagement__project", "user"]
    search_fields = ["user__email"]
    readonly_fields = ["engagement", "user", "last_read_at"]


@admin.register(HoursLog)
class HoursLogAdmin(CareerOfficeScopedAdmin):
    list_display = ["engagement", "date", "hours", "note"]
    list_select_related = ["engagement__student__user", "engagement__project"]
    search_fields = ["engagement__student__user__email", "engagement__project__title", "note"]
    date_hierarchy = "date"
    readonly_fields = ["engagement", "created_at"]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return hours_logs_for_university(university=university)


@admin.register(Payment)
class PaymentAdmin(CareerOfficeScopedAdmin):
    list_display = ["engagement", "employer", "amount_with_currency", "kind", "status", "due_at", "paid_at"]
    export_columns = ("engagement", "employer", "amount", "currency", "kind", "status", "due_at", "paid_at")
    list_select_related = ENGAGEMENT_RELATED
    list_filter = ["status", "kind", "currency"]
    search_fields = ["engagement__student__user__email", "engagement__project__title", "reference"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "engagement",
        "kind",
        "amount",
        "currency",
        "status",
        "paid_at",
        "marked_paid_by",
        "created_at",
    ]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return payments_for_university(university=university)

    @admin.display(description="Employer", ordering="engagement__employer__name")
    def employer(self, obj: Payment) -> str:
        return obj.engagement.employer.name

    @admin.display(description="Amount", ordering="amount")
    def amount_with_currency(self, obj: Payment) -> str:
        return money(obj.amount, obj.currency)


@admin.register(Review)
class ReviewAdmin(CareerOfficeScopedAdmin):
    list_display = ["engagement", "side", "rating", "author", "created_at"]
    list_select_related = [*ENGAGEMENT_RELATED, "author"]
    list_filter = ["side", "rating"]
    search_fields = ["engagement__student__user__email", "engagement__project__title", "text"]
    readonly_fields = ["engagement", "side", "author", "rating", "created_at"]

    def career_scope(self, *, university: University, user: User) -> QuerySet:
        return reviews_for_university(university=university)
