"""The activity around the work: confirming the kickoff, the message thread and the hours logged."""

from typing import Any

from django.db.models import QuerySet
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements.access import engagement_get_for_party
from engagements.api.common import PARTIES, endpoint_schema
from engagements.api.serializers import (
    EngagementDetailSerializer,
    HoursLogInputSerializer,
    HoursLogSerializer,
    MessageInputSerializer,
    MessageSerializer,
    ReadStateSerializer,
)
from engagements.api.views_overview import detail_response
from engagements.models import HoursLog, Message
from engagements.selectors import (
    hours_log_list,
    message_list_for_engagement,
    message_read_mark,
    unread_message_count,
)
from engagements.services import (
    engagement_confirm_kickoff,
    engagement_mark_read,
    hours_log_add,
    message_send,
)
from marketplace.api.serializers import valid_input


class EngagementConfirmKickoff(APIView):
    permission_classes = PARTIES

    @endpoint_schema(
        "confirm_kickoff",
        "Confirm the kickoff for your side; the work starts once both sides have",
        EngagementDetailSerializer,
        request=None,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
        engagement_confirm_kickoff(engagement=engagement, by=request.user)
        return detail_response(request, public_id)


class MessageListCreate(ListAPIView):
    permission_classes = PARTIES
    serializer_class = MessageSerializer
    queryset = Message.objects.none()  # for the schema; get_queryset scopes to the engagement

    def get_queryset(self) -> QuerySet[Message]:
        self.engagement, _party = engagement_get_for_party(
            user=self.request.user, public_id=self.kwargs["public_id"]
        )
        return message_list_for_engagement(engagement=self.engagement)

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        engagement = getattr(self, "engagement", None)  # set by get_queryset; absent while drawing the schema
        if engagement is None:
            return context
        last_read = message_read_mark(engagement=engagement, user=self.request.user)
        return {**context, "student_user_id": engagement.student.user_id, "last_read_at": last_read}

    @endpoint_schema(
        "messages_list",
        "The message thread, newest first",
        MessageSerializer(many=True),
        errors=(401, 403, 404),
        description="Page 1 holds the newest messages. Listing does not mark them read: POST …/read/ does.",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @endpoint_schema(
        "messages_create",
        "Write to the other side (in every status)",
        MessageSerializer,
        code=201,
        request=MessageInputSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
        given = valid_input(MessageInputSerializer, request)
        message = message_send(engagement=engagement, by=request.user, body=given["body"])
        context = {
            "request": request,
            "student_user_id": engagement.student.user_id,
            "last_read_at": message_read_mark(engagement=engagement, user=request.user),
        }
        return Response(MessageSerializer(message, context=context).data, status=status.HTTP_201_CREATED)


class EngagementMarkRead(APIView):
    permission_classes = PARTIES

    @endpoint_schema(
        "mark_read",
        "Mark the thread read up to its newest message",
        ReadStateSerializer,
        errors=(401, 403, 404),
        request=None,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
        engagement_mark_read(engagement=engagement, user=request.user)
        unread = unread_message_count(engagement=engagement, user=request.user)
        return Response(ReadStateSerializer({"unread_count": unread}).data)


class HoursListCreate(ListAPIView):
    permission_classes = PARTIES
    serializer_class = HoursLogSerializer
    queryset = HoursLog.objects.none()  # for the schema; get_queryset scopes to the engagement

    def get_queryset(self) -> QuerySet[HoursLog]:
        engagement, _party = engagement_get_for_party(
            user=self.request.user, public_id=self.kwargs["public_id"]
        )
        return hours_log_list(engagement=engagement)

    @endpoint_schema(
        "hours_list",
        "The hours logged, newest day first (the total against the estimate is on the engagement)",
        HoursLogSerializer(many=True),
        errors=(401, 403, 404),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @endpoint_schema(
        "hours_create",
        "Log time spent on a day (student, while the work is in progress)",
        HoursLogSerializer,
        code=201,
        request=HoursLogInputSerializer,
    )
    def post(self, request: Request, public_id) -> Response:
        engagement, _party = engagement_get_for_party(user=request.user, public_id=public_id)
        given = valid_input(HoursLogInputSerializer, request)
        log = hours_log_add(engagement=engagement, by=request.user, **given)
        return Response(HoursLogSerializer(log).data, status=status.HTTP_201_CREATED)
