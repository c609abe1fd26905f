"""The engagements API: the work after acceptance, for its two sides (the student and the employer's members).

Thin views over the engagement page's selectors and services: every engagement is reached through
`engagement_for_request` (the page's lookup: 404 to anyone who is not a party), and milestones, submissions
and payments by their ids *within* that engagement only, so guessing ids leaks nothing. The services decide
who may do what (the other side gets 403) and refuse what the state does not allow (400, on the field the
refusal is about, as the page's forms show it). Career staff get 403 for the whole area, as the pages
answer them 404.
"""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.urls import path, reverse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from applications.api import valid_input
from applications.models import (
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
from applications.selectors_engagements import (
    ENGAGEMENT_GROUPS,
    EngagementParty,
    engagement_group_counts_for_user,
    engagement_overview_list_for_user,
    engagement_reviews_open,
    hours_log_list,
    hours_scope_state,
    hours_summary,
    message_list_for_engagement,
    message_read_mark,
    milestone_get_for_engagement,
    milestone_overview,
    payment_for_engagement,
    review_sides_written,
    review_skill_choices,
    review_window_closes_at,
    reviews_visible_to,
    submission_get_for_engagement,
    submission_list_for_engagement,
    unread_message_count,
)
from applications.services.engagements import (
    deliverable_approve,
    deliverable_request_changes,
    deliverable_submit,
    engagement_cancel,
    engagement_confirm_kickoff,
    engagement_mark_read,
    hours_log_add,
    message_send,
    milestone_add,
    milestone_remove,
    milestone_update,
    payment_mark_paid,
)
from applications.services.engagements._common import MESSAGE_MAX_LENGTH, OPEN_ENGAGEMENT_STATUSES
from applications.services.engagements.deliverables import deliverable_auto_approves_at
from applications.services.engagements.lifecycle import pro_rata_amount
from applications.services.reviews import REVIEW_TEXT_MAX_LENGTH, review_submit
from applications.views.engagement_activity import HOURS_ERROR_FIELDS, MESSAGE_ERROR_FIELDS
from applications.views.engagement_work import (
    CANCEL_ERROR_FIELDS,
    CHANGES_ERROR_FIELDS,
    MILESTONE_ERROR_FIELDS,
    PAID_ERROR_FIELDS,
    SUBMISSION_ERROR_FIELDS,
)
from applications.views.engagements import PARTY_ROLES, engagement_for_request
from marketplace.api.serializers import error_responses
from projects.api import EmployerRefSerializer, SkillRefSerializer

TAG = "engagements"


class EngagementPartiesOnly(BasePermission):
    """Students and employer members, like the engagement pages; career staff get 403 for the area."""

    message = "Engagements are for their students and employer members."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.role in PARTY_ROLES)


PARTIES = [IsAuthenticated, EngagementPartiesOnly]


@contextmanager
def refusals_on_fields(fields: dict[str, str]) -> Iterator[None]:
    """Put a service's refusal on the input field it is about (the pages' code → field maps), so a client
    sees it where the page's form shows it; refusals about no field stay in `non_field_errors`."""
    try:
        yield
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        keyed: dict[str, list[ValidationError]] = defaultdict(list)
        for item in error.error_list:
            keyed[fields.get(item.code or "", NON_FIELD_ERRORS)].append(item)
        raise ValidationError(dict(keyed)) from error


# Serializers: what the engagement page shows ----------------------------------------------------------


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
    """A hand-in. `file_url` is the download page (for a signed-in session), null for a link only."""

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
        return submission.file.name.rsplit("/", 1)[-1] if submission.file else None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_file_url(self, submission: DeliverableSubmission) -> str | None:
        if not submission.file:
            return None
        engagement = self.context["engagement"]
        url = reverse(
            "engagements:deliverable_file", kwargs={"public_id": engagement.public_id, "pk": submission.pk}
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


class MilestoneDetailSerializer(MilestoneSerializer):
    state = serializers.ChoiceField(
        choices=["due", "done", "late"], help_text="done once approved; late when past due and not approved."
    )
    days_late = serializers.IntegerField()
    submissions = SubmissionSerializer(many=True, source="submission_rows", help_text="Newest first.")

    class Meta(MilestoneSerializer.Meta):
        fields = [*MilestoneSerializer.Meta.fields, "state", "days_late", "submissions"]


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


class EngagementDetailSerializer(serializers.ModelSerializer):
    party = serializers.ChoiceField(choices=["student", "employer"], help_text="Your side.")
    project = EngagementProjectDetailSerializer()
    employer = EmployerRefSerializer()
    student = EngagementStudentDetailSerializer()
    contact_name = serializers.CharField(
        allow_null=True, help_text="The employer member who accepted the student."
    )
    can_confirm_kickoff = serializers.BooleanField()
    milestones = MilestoneDetailSerializer(many=True, source="milestone_rows")
    payment = PaymentSerializer(allow_null=True, source="payment_record")
    cancellation_terms = CancellationTermsSerializer(allow_null=True, help_text="Null once finished.")
    hours = HoursSummarySerializer()
    reviews = ReviewsPanelSerializer(source="reviews_panel")
    unread_count = serializers.IntegerField()

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
        ]


def engagement_with_page_content(
    request: Request, engagement: Engagement, party: EngagementParty
) -> Engagement:
    """`engagement` with what its page shows `party` set on it for `EngagementDetailSerializer`, from the
    page's selectors. Reading it does not mark the messages read (POST …/read/ does)."""
    overview = milestone_overview(engagement=engagement)
    submissions: dict[int, list[DeliverableSubmission]] = defaultdict(list)
    for submission in submission_list_for_engagement(engagement=engagement):
        submissions[submission.milestone_id].append(submission)
    for row in overview:
        row.milestone.state = row.state
        row.milestone.days_late = row.days_late
        row.milestone.submission_rows = submissions[row.milestone.pk]
    approved = sum(row.state == "done" for row in overview)
    total = len(overview)
    summary = hours_summary(engagement=engagement)
    reviews_open = engagement_reviews_open(engagement=engagement)
    written = review_sides_written(engagement=engagement) if reviews_open else set()
    mine = "student_confirmed_at" if party == "student" else "employer_confirmed_at"
    decided_by = engagement.application.decided_by

    engagement.party = party
    engagement.contact_name = decided_by.get_full_name() if decided_by else None
    engagement.can_confirm_kickoff = (
        engagement.status == EngagementStatus.KICKOFF and getattr(engagement, mine) is None
    )
    engagement.milestone_rows = [row.milestone for row in overview]
    engagement.payment_record = payment_for_engagement(engagement=engagement)
    engagement.cancellation_terms = (
        {
            "approved": approved,
            "total": total,
            "owed": pro_rata_amount(fee=engagement.fee, approved=approved, total=total),
            "currency": engagement.currency,
        }
        if engagement.status in OPEN_ENGAGEMENT_STATUSES
        else None
    )
    engagement.hours = {**asdict(summary), "scope": hours_scope_state(engagement=engagement, summary=summary)}
    engagement.reviews_panel = {
        "open": reviews_open,
        "can_write": reviews_open and party not in written,
        "other_has_written": any(side != party for side in written),
        "window_closes_at": review_window_closes_at(engagement=engagement),
        "visible": list(reviews_visible_to(engagement=engagement, user=request.user, now=timezone.now()))
        if reviews_open
        else [],
    }
    engagement.unread_count = unread_message_count(engagement=engagement, user=request.user)
    return engagement


# Serializers: what a client sends -----------------------------------------------------------------------


class EngagementFilterSerializer(serializers.Serializer):
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


# Views ------------------------------------------------------------------------------------------------


def _schema(
    operation: str,
    summary: str,
    ok: Any,
    *,
    code: int = 200,
    more: dict | None = None,
    errors=(400, 401, 403, 404),
    **kwargs,
):
    """`extend_schema` for an endpoint of this area: its answer `ok` with status `code` (and `more`
    answers), and its `errors`."""
    return extend_schema(
        operation_id=f"engagements_{operation}",
        tags=[TAG],
        summary=summary,
        responses={code: ok, **(more or {}), **error_responses(*errors)},
        **kwargs,
    )


def _detail_response(request: Request, public_id) -> Response:
    """The engagement as its page shows it to the user's side, read afresh (after any change)."""
    engagement, party = engagement_for_request(request, public_id)
    engagement = engagement_with_page_content(request, engagement, party)
    context = {"request": request, "engagement": engagement}
    return Response(EngagementDetailSerializer(engagement, context=context).data)


class EngagementList(ListAPIView):
    permission_classes = PARTIES
    serializer_class = EngagementListItemSerializer
    queryset = Engagement.objects.none()  # for the schema; get_queryset scopes to the user

    def get_queryset(self) -> QuerySet[Engagement]:
        query = EngagementFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return engagement_overview_list_for_user(user=self.request.user, group=query.validated_data["status"])

    @_schema(
        "list",
        "My engagements in one group, as the engagements page lists them",
        EngagementListItemSerializer(many=True),
        errors=(400, 401, 403),
        description="active (kickoff and in progress, soonest due first), completed or cancelled (most "
        "recently ended first). Defaults to active.",
        parameters=[OpenApiParameter("status", str, enum=list(ENGAGEMENT_GROUPS), default="active")],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class EngagementCounts(APIView):
    permission_classes = PARTIES

    @_schema(
        "counts",
        "How many of my engagements are in each group",
        EngagementCountsSerializer,
        errors=(401, 403),
    )
    def get(self, request: Request) -> Response:
        return Response(EngagementCountsSerializer(engagement_group_counts_for_user(user=request.user)).data)


class EngagementDetail(APIView):
    permission_classes = PARTIES

    @_schema(
        "retrieve",
        "One engagement as its page shows it to your side",
        EngagementDetailSerializer,
        errors=(401, 403, 404),
        description="Terms, parties, kickoff, milestones with their submissions, payment, what cancelling "
        "would cost, hours against the estimate, and the reviews you may read (double-blind). Reading it "
        "does not mark messages read.",
    )
    def get(self, request: Request, public_id) -> Response:
        return _detail_response(request, public_id)


class EngagementConfirmKickoff(APIView):
    permission_classes = PARTIES

    @_schema(
        "confirm_kickoff",
        "Confirm the kickoff for your side; the work starts once both sides have",
        EngagementDetailSerializer,
        request=None,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_for_request(request, public_id)
        engagement_confirm_kickoff(engagement=engagement, by=request.user)
        return _detail_response(request, public_id)


class MilestoneCreate(APIView):
    permission_classes = PARTIES

    @_schema(
        "milestones_create",
        "Add a milestone (employer), placed last",
        MilestoneSerializer,
        code=201,
        request=MilestoneInputSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_for_request(request, public_id)
        given = valid_input(MilestoneInputSerializer, request)
        with refusals_on_fields(MILESTONE_ERROR_FIELDS):
            milestone = milestone_add(engagement=engagement, by=request.user, **given)
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)


class MilestoneDetail(APIView):
    permission_classes = PARTIES

    @_schema(
        "milestones_update",
        "Change a milestone's title, description or due date (employer)",
        MilestoneSerializer,
        request=MilestonePatchSerializer,
    )
    def patch(self, request: Request, public_id, pk: int) -> Response:
        engagement, _party = engagement_for_request(request, public_id)
        milestone = milestone_get_for_engagement(engagement=engagement, pk=pk)
        given = valid_input(MilestonePatchSerializer, request)
        with refusals_on_fields(MILESTONE_ERROR_FIELDS):
            milestone = milestone_update(milestone=milestone, by=request.user, **given)
        return Response(MilestoneSerializer(milestone).data)

    @_schema(
        "milestones_destroy",
        "Remove a milestone nobody has worked on (employer); the last one stays",
        OpenApiResponse(description="Removed."),
        code=204,
    )
    def delete(self, request: Request, public_id, pk: int) -> Response:
        engagement, _party = engagement_for_request(request, public_id)
        milestone = milestone_get_for_engagement(engagement=engagement, pk=pk)
        milestone_remove(milestone=milestone, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MessageListCreate(ListAPIView):
    permission_classes = PARTIES
    serializer_class = MessageSerializer
    queryset = Message.objects.none()  # for the schema; get_queryset scopes to the engagement

    def get_queryset(self) -> QuerySet[Message]:
        self.engagement, _party = engagement_for_request(self.request, self.kwargs["public_id"])
        return message_list_for_engagement(engagement=self.engagement)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        engagement = getattr(self, "engagement", None)  # set by get_queryset; absent while drawing the schema
        if engagement is None:
            return context
        last_read = message_read_mark(engagement=engagement, user=self.request.user)
        return {**context, "student_user_id": engagement.student.user_id, "last_read_at": last_read}

    @_schema(
        "messages_list",
        "The message thread, newest first",
        MessageSerializer(many=True),
        errors=(401, 403, 404),
        description="Page 1 holds the newest messages. Listing does not mark them read: POST …/read/ does.",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @_schema(
        "messages_create",
        "Write to the other side (in every status)",
        MessageSerializer,
        code=201,
        request=MessageInputSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_for_request(request, public_id)
        given = valid_input(MessageInputSerializer, request)
        with refusals_on_fields(MESSAGE_ERROR_FIELDS):
            message = message_send(engagement=engagement, by=request.user, body=given["body"])
        context = {
            "request": request,
            "student_user_id": engagement.student.user_id,
            "last_read_at": message_read_mark(engagement=engagement, user=request.user),
        }
        return Response(MessageSerializer(message, context=context).data, status=status.HTTP_201_CREATED)


class EngagementMarkRead(APIView):
    permission_classes = PARTIES

    @_schema(
        "mark_read",
        "Mark the thread read up to its newest message",
        ReadStateSerializer,
        errors=(401, 403, 404),
        request=None,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_for_request(request, public_id)
        engagement_mark_read(engagement=engagement, user=request.user)
        unread = unread_message_count(engagement=engagement, user=request.user)
        return Response(ReadStateSerializer({"unread_count": unread}).data)


class HoursListCreate(ListAPIView):
    permission_classes = PARTIES
    serializer_class = HoursLogSerializer
    queryset = HoursLog.objects.none()  # for the schema; get_queryset scopes to the engagement

    def get_queryset(self) -> QuerySet[HoursLog]:
        engagement, _party = engagement_for_request(self.request, self.kwargs["public_id"])
        return hours_log_list(engagement=engagement)

    @_schema(
        "hours_list",
        "The hours logged, newest day first (the total against the estimate is on the engagement)",
        HoursLogSerializer(many=True),
        errors=(401, 403, 404),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @_schema(
        "hours_create",
        "Log time spent on a day (student, while the work is in progress)",
        HoursLogSerializer,
        code=201,
        request=HoursLogInputSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_for_request(request, public_id)
        given = valid_input(HoursLogInputSerializer, request)
        with refusals_on_fields(HOURS_ERROR_FIELDS):
            log = hours_log_add(engagement=engagement, by=request.user, **given)
        return Response(HoursLogSerializer(log).data, status=status.HTTP_201_CREATED)


class SubmissionCreate(APIView):
    permission_classes = PARTIES

    @_schema(
        "submissions_create",
        "Hand in work for a milestone (student): a file (multipart), a link, or both",
        SubmissionSerializer,
        code=201,
        errors=(400, 401, 403, 404, 413),
        request={
            "multipart/form-data": SubmissionInputSerializer,
            "application/json": SubmissionInputSerializer,
        },
    )
    def post(self, request: Request, public_id, pk: int) -> Response:
        engagement, _party = engagement_for_request(request, public_id)
        milestone = milestone_get_for_engagement(engagement=engagement, pk=pk)
        given = valid_input(SubmissionInputSerializer, request)
        with refusals_on_fields(SUBMISSION_ERROR_FIELDS):
            submission = deliverable_submit(milestone=milestone, by=request.user, **given)
        context = {"request": request, "engagement": engagement}
        return Response(
            SubmissionSerializer(submission, context=context).data, status=status.HTTP_201_CREATED
        )


def _decision_response(
    request: Request, engagement: Engagement, submission: DeliverableSubmission
) -> Response:
    engagement.refresh_from_db(fields=["status"])
    submission.milestone.refresh_from_db(fields=["status"])
    body = {
        "submission": submission,
        "milestone_status": submission.milestone.status,
        "engagement_status": engagement.status,
        "payment": payment_for_engagement(engagement=engagement),
    }
    context = {"request": request, "engagement": engagement}
    return Response(DeliverableDecisionSerializer(body, context=context).data)


class SubmissionApprove(APIView):
    permission_classes = PARTIES

    @_schema(
        "submissions_approve",
        "Approve a submission (employer); the last milestone approved completes the engagement",
        DeliverableDecisionSerializer,
        request=None,
    )
    def post(self, request: Request, public_id, pk: int) -> Response:
        engagement, _party = engagement_for_request(request, public_id)
        submission = submission_get_for_engagement(engagement=engagement, pk=pk)
        decided = deliverable_approve(submission=submission, by=request.user)
        decided.milestone = submission.milestone
        return _decision_response(request, engagement, decided)


class SubmissionRequestChanges(APIView):
    permission_classes = PARTIES

    @_schema(
        "submissions_request_changes",
        "Send a submission back with what to change (employer)",
        DeliverableDecisionSerializer,
        request=ChangesInputSerializer,
    )
    def post(self, request: Request, public_id, pk: int) -> Response:
        engagement, _party = engagement_for_request(request, public_id)
        submission = submission_get_for_engagement(engagement=engagement, pk=pk)
        given = valid_input(ChangesInputSerializer, request)
        with refusals_on_fields(CHANGES_ERROR_FIELDS):
            decided = deliverable_request_changes(
                submission=submission, by=request.user, comment=given["comment"]
            )
        decided.milestone = submission.milestone
        return _decision_response(request, engagement, decided)


class PaymentMarkPaid(APIView):
    permission_classes = PARTIES

    @_schema(
        "payment_mark_paid",
        "Record that the payment was sent (employer); the platform moves no money",
        PaymentSerializer,
        description="400 while no payment is recorded (it is made at completion, or at a cancellation "
        "that owes approved work). Marking it paid again changes nothing.",
        request=MarkPaidInputSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_for_request(request, public_id)
        given = valid_input(MarkPaidInputSerializer, request)
        payment = payment_for_engagement(engagement=engagement)
        if payment is None:
            raise ValidationError(
                "No payment is due yet: it is recorded when the engagement completes.", code="no_payment"
            )
        with refusals_on_fields(PAID_ERROR_FIELDS):
            payment = payment_mark_paid(payment=payment, by=request.user, reference=given["reference"])
        return Response(PaymentSerializer(payment).data)


class EngagementCancel(APIView):
    permission_classes = PARTIES

    @_schema(
        "cancel",
        "End the engagement before completion, saying why (either side)",
        CancelResultSerializer,
        description="Approved milestones are owed pro rata (`owed`, recorded as a pending payment); "
        "before any approval nothing is owed. The detail's `cancellation_terms` gives the figure beforehand.",
        request=CancelInputSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_for_request(request, public_id)
        given = valid_input(CancelInputSerializer, request)
        with refusals_on_fields(CANCEL_ERROR_FIELDS):
            engagement = engagement_cancel(engagement=engagement, by=request.user, reason=given["reason"])
        payment = payment_for_engagement(engagement=engagement)
        body = {
            "status": engagement.status,
            "cancelled_at": engagement.cancelled_at,
            "cancellation_reason": engagement.cancellation_reason,
            "owed": payment.amount if payment is not None else Decimal("0.00"),
            "currency": engagement.currency,
            "payment": payment,
        }
        return Response(CancelResultSerializer(body).data)


class ReviewCreate(APIView):
    permission_classes = PARTIES

    @_schema(
        "reviews_create",
        "Write your side's review (once; it cannot be changed)",
        ReviewSerializer,
        code=201,
        more={200: ReviewSerializer},
        description="The student reviews the employer; an employer member reviews the student and may tick "
        "the skills demonstrated. The other side reads it once both are in or the review window closes. "
        "Sending the same review again answers 200 with it unchanged.",
        request=ReviewInputSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, party = engagement_for_request(request, public_id)
        given = valid_input(ReviewInputSerializer, request)
        slugs = set(given["skills_demonstrated"])
        skills = list(review_skill_choices(engagement=engagement).filter(slug__in=slugs)) if slugs else []
        unknown = slugs - {skill.slug for skill in skills}
        if unknown:
            raise ValidationError(
                {
                    "skills_demonstrated": ValidationError(
                        "Not among the project's or the student's skills: %(slugs)s.",
                        code="unknown_skill",
                        params={"slugs": ", ".join(sorted(unknown))},
                    )
                }
            )
        already = party in review_sides_written(engagement=engagement)
        review = review_submit(
            engagement=engagement,
            by=request.user,
            rating=given["rating"],
            text=given["text"],
            skills_demonstrated=skills,
        )
        code = status.HTTP_200_OK if already else status.HTTP_201_CREATED
        return Response(ReviewSerializer(review).data, status=code)


def _at(suffix: str) -> str:
    return f"engagements/<uuid:public_id>/{suffix}"


urlpatterns = [
    path("engagements/", EngagementList.as_view(), name="api-engagement-list"),
    path("engagements/counts/", EngagementCounts.as_view(), name="api-engagement-counts"),
    path(_at(""), EngagementDetail.as_view(), name="api-engagement-detail"),
    path(_at("confirm-kickoff/"), EngagementConfirmKickoff.as_view(), name="api-engagement-confirm-kickoff"),
    path(_at("milestones/"), MilestoneCreate.as_view(), name="api-engagement-milestone-list"),
    path(_at("milestones/<int:pk>/"), MilestoneDetail.as_view(), name="api-engagement-milestone-detail"),
    path(
        _at("milestones/<int:pk>/submissions/"),
        SubmissionCreate.as_view(),
        name="api-engagement-submission-create",
    ),
    path(
        _at("submissions/<int:pk>/approve/"),
        SubmissionApprove.as_view(),
        name="api-engagement-submission-approve",
    ),
    path(
        _at("submissions/<int:pk>/request-changes/"),
        SubmissionRequestChanges.as_view(),
        name="api-engagement-submission-request-changes",
    ),
    path(_at("messages/"), MessageListCreate.as_view(), name="api-engagement-message-list"),
    path(_at("read/"), EngagementMarkRead.as_view(), name="api-engagement-read"),
    path(_at("hours/"), HoursListCreate.as_view(), name="api-engagement-hours"),
    path(_at("payment/mark-paid/"), PaymentMarkPaid.as_view(), name="api-engagement-mark-paid"),
    path(_at("cancel/"), EngagementCancel.as_view(), name="api-engagement-cancel"),
    path(_at("reviews/"), ReviewCreate.as_view(), name="api-engagement-review-create"),
]
