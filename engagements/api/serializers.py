"""The engagements API's serializers: what the engagement page shows, and what a client sends.

The detail serializes `engagements.selectors_page.EngagementPage`, the page's own data and actions, so the
API and the page say the same; its model fields keep the model's types (`HolderModelSerializer`).
"""

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementStatus,
    HoursLog,
    Message,
    Milestone,
    MilestoneStatus,
    Payment,
    Review,
    SubmissionStatus,
)
from engagements.selectors import ENGAGEMENT_GROUPS
from engagements.selectors_page import ENGAGEMENT_ACTIONS, MILESTONE_ACTIONS
from engagements.services.activity import MESSAGE_MAX_LENGTH
from engagements.services.deliverables import deliverable_auto_approves_at
from engagements.services.reviews import REVIEW_TEXT_MAX_LENGTH
from marketplace.api.query import QueryParametersSerializer
from projects.api import EmployerRefSerializer, SkillRefSerializer

# What the engagement page shows ------------------------------------------------------------------------


class EngagementStudentSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    name = serializers.CharField(source="user.get_full_name")


class EngagementStudentDetailSerializer(EngagementStudentSerializer):
    university = serializers.CharField(source="university.name", allow_null=True, default=None)


class EngagementProjectSerializer(serializers.Serializer):
    public_id = serializers.UUIDField()
    title = serializers.CharField()


class EngagementProjectDetailSerializer(EngagementProjectSerializer):
    deliverables = serializers.ListField(child=serializers.CharField(), help_text="As agreed at kickoff.")


class NextMilestoneSerializer(serializers.Serializer):
    title = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)


class EngagementListItemSerializer(serializers.ModelSerializer):
    party = serializers.SerializerMethodField(help_text="Your side of the engagement.")
    project = EngagementProjectSerializer()
    employer = EmployerRefSerializer()
    student = EngagementStudentSerializer()
    unread_count = serializers.IntegerField(help_text="Messages from the other side you have not read.")
    next_milestone = serializers.SerializerMethodField(help_text="The next milestone still to approve.")
    payment_status = serializers.SerializerMethodField()

    class Meta:
        model = Engagement
        fields = [
            "public_id",
            "status",
            "party",
            "project",
            "employer",
            "student",
            "fee",
            "currency",
            "estimated_hours",
            "due_date",
            "unread_count",
            "next_milestone",
            "payment_status",
            "created_at",
            "started_at",
            "completed_at",
            "cancelled_at",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=["student", "employer"]))
    def get_party(self, engagement: Engagement) -> str:
        return "student" if engagement.student.user_id == self.context["request"].user.pk else "employer"

    @extend_schema_field(NextMilestoneSerializer(allow_null=True))
    def get_next_milestone(self, engagement: Engagement) -> dict[str, Any] | None:
        if engagement.next_milestone_title is None:
            return None
        return {"title": engagement.next_milestone_title, "due_date": engagement.next_milestone_due}

    @extend_schema_field(serializers.ChoiceField(choices=["pending", "paid"], allow_null=True))
    def get_payment_status(self, engagement: Engagement) -> str | None:
        payment = getattr(engagement, "payment", None)
        return payment.status if payment is not None else None


class EngagementCountsSerializer(serializers.Serializer):
    active = serializers.IntegerField(help_text="In kickoff or in progress.")
    completed = serializers.IntegerField()
    cancelled = serializers.IntegerField()


class SubmissionSerializer(serializers.ModelSerializer):
    """A hand-in. `file_url` downloads its file (a token or a session is enough), null for a link only."""

    file_name = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()
    auto_approves_at = serializers.SerializerMethodField(
        help_text="While awaiting review: when it is approved automatically without an answer."
    )

    class Meta:
        model = DeliverableSubmission
        fields = [
            "id",
            "milestone",
            "status",
            "note",
            "link",
            "file_name",
            "file_url",
            "created_at",
            "reviewed_at",
            "review_comment",
            "auto_approved",
            "auto_approves_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_file_name(self, submission: DeliverableSubmission) -> str | None:
        return submission.file_name or None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_file_url(self, submission: DeliverableSubmission) -> str | None:
        if not submission.file:
            return None
        engagement = self.context["engagement"]
        url = reverse(
            "api-engagement-submission-file", kwargs={"public_id": engagement.public_id, "pk": submission.pk}
        )
        return self.context["request"].build_absolute_uri(url)

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_auto_approves_at(self, submission: DeliverableSubmission) -> Any:
        if submission.status != SubmissionStatus.SUBMITTED:
            return None
        return serializers.DateTimeField().to_representation(
            deliverable_auto_approves_at(submission=submission)
        )


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "position", "title", "description", "due_date", "status", "approved_at"]


class ActionsField(serializers.ListField):
    """What the reader may do now, as the page offers it (sorted names)."""

    def __init__(self, actions: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(child=serializers.ChoiceField(choices=actions), read_only=True, **kwargs)

    def to_representation(self, data: frozenset[str]) -> list[str]:
        return sorted(data)


# A model serializer given a selector's entry that holds the model instance at `Meta.holder` (e.g. a page's
# `MilestoneEntry.milestone`): the model's own fields in `Meta.held_fields` are read from there, with the
# types (and the schema) the model gives them. (A comment, not a docstring: the schema would show it.)
class HolderModelSerializer(serializers.ModelSerializer):
    def get_extra_kwargs(self) -> dict[str, Any]:
        extra = super().get_extra_kwargs()
        for name in self.Meta.held_fields:
            extra[name] = {**extra.get(name, {}), "source": f"{self.Meta.holder}.{name}"}
        return extra

    def build_field(self, source: str, info: Any, model_class: Any, nested_depth: int) -> tuple:
        return super().build_field(
            source.removeprefix(f"{self.Meta.holder}."), info, model_class, nested_depth
        )


# A `MilestoneEntry` of the page: the milestone, its state and its submissions.
class MilestoneDetailSerializer(HolderModelSerializer, MilestoneSerializer):
    state = serializers.ChoiceField(
        choices=["due", "done", "late"], help_text="done once approved; late when past due and not approved."
    )
    days_late = serializers.IntegerField()
    submissions = SubmissionSerializer(many=True, source="submission_records", help_text="Newest first.")
    actions = ActionsField(
        MILESTONE_ACTIONS,
        help_text="What you may do with it now: edit, remove (employer, while nobody worked on it), "
        "submit (student), approve or request_changes (employer, on the submission awaiting review).",
    )

    class Meta(MilestoneSerializer.Meta):
        fields = [*MilestoneSerializer.Meta.fields, "state", "days_late", "submissions", "actions"]
        holder = "milestone"
        held_fields = MilestoneSerializer.Meta.fields


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "kind", "amount", "currency", "status", "due_at", "paid_at", "reference"]


class CancellationTermsSerializer(serializers.Serializer):
    """What cancelling now would cost: approved milestones are owed pro rata."""

    approved = serializers.IntegerField()
    total = serializers.IntegerField()
    owed = serializers.DecimalField(max_digits=10, decimal_places=2)
    currency = serializers.CharField()


class HoursSummarySerializer(serializers.Serializer):
    logged = serializers.DecimalField(max_digits=8, decimal_places=2)
    estimated = serializers.DecimalField(max_digits=8, decimal_places=2)
    over_estimate = serializers.BooleanField()
    over_by = serializers.DecimalField(max_digits=8, decimal_places=2)
    scope = serializers.ChoiceField(
        choices=["over", "near"],
        allow_null=True,
        help_text="over: past the estimate; near: 90 % of it with milestones still open (scope creep).",
    )


class ReviewSerializer(serializers.ModelSerializer):
    skills_demonstrated = SkillRefSerializer(many=True, source="skills_demonstrated.all")

    class Meta:
        model = Review
        fields = ["side", "rating", "text", "skills_demonstrated", "created_at"]


class ReviewsPanelSerializer(serializers.Serializer):
    """Double-blind: you always see your own review, the other side's once both are in or the window
    has closed (`window_closes_at`)."""

    open = serializers.BooleanField(
        help_text="The work is done (completed, or cancelled after approved work)."
    )
    can_write = serializers.BooleanField()
    other_has_written = serializers.BooleanField()
    window_closes_at = serializers.DateTimeField(allow_null=True)
    visible = ReviewSerializer(many=True)


class UnreadCountField(serializers.IntegerField):
    """The messages from the other side the reader has not read, counted by the view (`unread_count` in
    the context): the page marks them in its thread instead."""

    def get_attribute(self, instance: Any) -> int:
        return self.context["unread_count"]


ENGAGEMENT_MODEL_FIELDS = [
    "public_id",
    "status",
    "fee",
    "currency",
    "estimated_hours",
    "due_date",
    "student_confirmed_at",
    "employer_confirmed_at",
    "started_at",
    "completed_at",
    "cancelled_at",
    "cancellation_reason",
]


# An `EngagementPage` (`engagements.selectors_page.engagement_page`), with `unread_count` in the context.
class EngagementDetailSerializer(HolderModelSerializer):
    party = serializers.ChoiceField(choices=["student", "employer"], help_text="Your side.")
    project = EngagementProjectDetailSerializer(source="engagement.project")
    employer = EmployerRefSerializer(source="engagement.employer")
    student = EngagementStudentDetailSerializer(source="engagement.student")
    contact_name = serializers.CharField(
        allow_null=True, help_text="The employer member who accepted the student."
    )
    can_confirm_kickoff = serializers.BooleanField()
    milestones = MilestoneDetailSerializer(many=True)
    payment = PaymentSerializer(allow_null=True)
    cancellation_terms = CancellationTermsSerializer(
        allow_null=True, source="cancellation", help_text="Null once finished."
    )
    hours = HoursSummarySerializer()
    reviews = ReviewsPanelSerializer()
    unread_count = UnreadCountField()
    actions = ActionsField(
        ENGAGEMENT_ACTIONS,
        help_text="What you may do now, as the page offers it; the action endpoints refuse the rest.",
    )

    class Meta:
        model = Engagement
        fields = [
            "public_id",
            "status",
            "party",
            "project",
            "employer",
            "student",
            "contact_name",
            "fee",
            "currency",
            "estimated_hours",
            "due_date",
            "student_confirmed_at",
            "employer_confirmed_at",
            "can_confirm_kickoff",
            "started_at",
            "completed_at",
            "cancelled_at",
            "cancellation_reason",
            "milestones",
            "payment",
            "cancellation_terms",
            "hours",
            "reviews",
            "unread_count",
            "actions",
        ]
        holder = "engagement"
        held_fields = ENGAGEMENT_MODEL_FIELDS


# What a client sends, and what the actions answer ---------------------------------------------------


class EngagementFilterSerializer(QueryParametersSerializer):
    status = serializers.ChoiceField(choices=list(ENGAGEMENT_GROUPS), required=False, default="active")


class MilestoneInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    due_date = serializers.DateField(help_text="Today or later.")


class MilestonePatchSerializer(serializers.Serializer):
    """Only the fields sent change."""

    title = serializers.CharField(max_length=300, required=False)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, help_text="Today or later.")


class MessageSerializer(serializers.ModelSerializer):
    side = serializers.SerializerMethodField(help_text="system for the platform's notices.")
    sender_name = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField()
    is_unread = serializers.SerializerMethodField(
        help_text="From someone else and newer than your read mark (POST …/read/ moves it)."
    )

    class Meta:
        model = Message
        fields = ["id", "body", "side", "sender_name", "is_mine", "is_unread", "created_at"]

    @extend_schema_field(serializers.ChoiceField(choices=["student", "employer", "system"]))
    def get_side(self, message: Message) -> str:
        if message.sender_id is None:
            return "system"
        return "student" if message.sender_id == self.context["student_user_id"] else "employer"

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_sender_name(self, message: Message) -> str | None:
        return message.sender.get_full_name() if message.sender is not None else None

    def get_is_mine(self, message: Message) -> bool:
        return message.sender_id == self.context["request"].user.pk

    def get_is_unread(self, message: Message) -> bool:
        mine = message.sender_id == self.context["request"].user.pk
        return not mine and message.created_at > self.context["last_read_at"]


class MessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(
        max_length=MESSAGE_MAX_LENGTH, error_messages={"blank": "Write a message first."}
    )


class ReadStateSerializer(serializers.Serializer):
    unread_count = serializers.IntegerField()


class HoursLogSerializer(serializers.ModelSerializer):
    hours = serializers.DecimalField(max_digits=4, decimal_places=2)

    class Meta:
        model = HoursLog
        fields = ["id", "date", "hours", "note", "created_at"]


class HoursLogInputSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="A day since the work started, not in the future.")
    hours = serializers.DecimalField(max_digits=4, decimal_places=2, help_text="From 0.25 to 24.")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SubmissionInputSerializer(serializers.Serializer):
    """A file (multipart), a link, or both, with a note; the service checks the file by its content."""

    file = serializers.FileField(
        required=False, help_text="Multipart only. PDF, images, Office, ZIP, CSV, text."
    )
    link = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ChangesInputSerializer(serializers.Serializer):
    comment = serializers.CharField(
        max_length=5000, error_messages={"blank": "Say what should change, so the student can act on it."}
    )


class DeliverableDecisionSerializer(serializers.Serializer):
    """The submission after the decision, and what it did: approving the last milestone completes the
    engagement and records the payment owed."""

    submission = SubmissionSerializer()
    milestone_status = serializers.ChoiceField(choices=MilestoneStatus.choices)
    engagement_status = serializers.ChoiceField(choices=EngagementStatus.choices)
    payment = PaymentSerializer(allow_null=True)


class MarkPaidInputSerializer(serializers.Serializer):
    reference = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="A transfer or invoice number.",
    )


class CancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, error_messages={"blank": "Say why you are cancelling; the other side will see it."}
    )


class CancelResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=EngagementStatus.choices)
    cancelled_at = serializers.DateTimeField()
    cancellation_reason = serializers.CharField()
    owed = serializers.DecimalField(
        max_digits=10, decimal_places=2, help_text="Approved milestones pro rata; 0.00 when none."
    )
    currency = serializers.CharField()
    payment = PaymentSerializer(
        allow_null=True, help_text="The pro-rata payment recorded, if anything is owed."
    )


class ReviewInputSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField(
        max_length=REVIEW_TEXT_MAX_LENGTH,
        error_messages={"blank": "Write a few words: they say more than the stars."},
    )
    skills_demonstrated = serializers.ListField(
        child=serializers.SlugField(),
        required=False,
        default=list,
        max_length=50,
        help_text="Employer side only: slugs of the project's or the student's skills the work showed.",
    )
