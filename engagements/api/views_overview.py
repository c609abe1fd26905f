"""The engagements list, the counts per group and one engagement as its page shows it."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements.access import engagement_get_for_party
from engagements.api.common import PARTIES, endpoint_schema
from engagements.api.serializers import (
    EngagementCountsSerializer,
    EngagementDetailSerializer,
    EngagementFilterSerializer,
    EngagementListItemSerializer,
)
from engagements.models import Engagement
from engagements.selectors import (
    ENGAGEMENT_GROUPS,
    engagement_group_counts_for_user,
    engagement_overview_list_for_user,
    unread_message_count,
)
from engagements.selectors_page import engagement_page


def detail_response(request: Request, public_id) -> Response:
    """The engagement as its page shows it to the user's side, read afresh (after any change), from the
    page's own selector. Reading it does not mark the messages read (POST …/read/ does)."""
    engagement, party = engagement_get_for_party(user=request.user, public_id=public_id)
    page = engagement_page(engagement=engagement, party=party)
    context = {
        "request": request,
        "engagement": engagement,
        "unread_count": unread_message_count(engagement=engagement, user=request.user),
    }
    return Response(EngagementDetailSerializer(page, context=context).data)


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
