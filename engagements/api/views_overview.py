"""The engagements list, the counts per group and one engagement as its page shows it."""

from collections import defaultdict
from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements.api.common import PARTIES, endpoint_schema
from engagements.api.serializers import (
    EngagementCountsSerializer,
    EngagementDetailSerializer,
    EngagementFilterSerializer,
    EngagementListItemSerializer,
)
from engagements.models import DeliverableSubmission, Engagement, EngagementStatus
from engagements.selectors import (
    ENGAGEMENT_GROUPS,
    EngagementParty,
    engagement_group_counts_for_user,
    engagement_overview_list_for_user,
    engagement_reviews_open,
    hours_scope_state,
    hours_summary,
    milestone_overview,
    payment_for_engagement,
    review_sides_written,
    review_window_closes_at,
    reviews_visible_to,
    submission_list_for_engagement,
    unread_message_count,
)
from engagements.services._common import OPEN_ENGAGEMENT_STATUSES
from engagements.services.lifecycle import pro_rata_amount
from engagements.views.pages import engagement_for_request


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


def detail_response(request: Request, public_id) -> Response:
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

    @endpoint_schema(
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

    @endpoint_schema(
        "counts",
        "How many of my engagements are in each group",
        EngagementCountsSerializer,
        errors=(401, 403),
    )
    def get(self, request: Request) -> Response:
        return Response(EngagementCountsSerializer(engagement_group_counts_for_user(user=request.user)).data)


class EngagementDetail(APIView):
    permission_classes = PARTIES

    @endpoint_schema(
        "retrieve",
        "One engagement as its page shows it to your side",
        EngagementDetailSerializer,
        errors=(401, 403, 404),
        description="Terms, parties, kickoff, milestones with their submissions, payment, what cancelling "
        "would cost, hours against the estimate, and the reviews you may read (double-blind). Reading it "
        "does not mark messages read.",
    )
    def get(self, request: Request, public_id) -> Response:
        return detail_response(request, public_id)
