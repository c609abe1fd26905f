"""The thread before the decision, for both sides of an application: list, write, report.

The same access as the pages (`engagements.access.application_get_for_party`: 404 to anyone who is not the
applicant or a member of the project's organisation) and the same services; too many messages answer 429
with Retry-After, as the site's throttles do.
"""

from typing import Any

from django.db.models import QuerySet
from rest_framework import exceptions, serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from engagements.access import application_get_for_party
from engagements.api.common import PARTIES, endpoint_schema
from engagements.api.serializers import MessageInputSerializer
from engagements.models import Message, MessageReport, MessageReportReason
from engagements.selectors_application import application_message_list
from engagements.services.application_messages import (
    MessageRateLimited,
    application_message_send,
    message_report,
)
from marketplace.api.serializers import valid_input


class ApplicationMessageSerializer(serializers.ModelSerializer):
    side = serializers.SerializerMethodField(help_text="system for the platform's notices.")
    sender_name = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = ["id", "body", "side", "sender_name", "is_mine", "created_at"]

    def get_side(self, message: Message) -> str:
        if message.sender_id is None:
            return "system"
        return "student" if message.sender_id == self.context["student_user_id"] else "employer"

    def get_sender_name(self, message: Message) -> str | None:
        return message.sender.get_full_name() if message.sender is not None else None

    def get_is_mine(self, message: Message) -> bool:
        return message.sender_id == self.context["request"].user.pk


class MessageReportInputSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=MessageReportReason.choices)
    details = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class MessageReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = MessageReport
        fields = ["id", "reason", "details", "status", "created_at"]


def _schema(operation: str, summary: str, ok: Any, **kwargs: Any):
    return endpoint_schema(f"application_{operation}", summary, ok, **kwargs)


class ApplicationMessageListCreate(ListAPIView):
    permission_classes = PARTIES
    serializer_class = ApplicationMessageSerializer
    queryset = Message.objects.none()  # for the schema; get_queryset scopes to the application

    def get_queryset(self) -> QuerySet[Message]:
        self.application, _side = application_get_for_party(
            user=self.request.user, public_id=self.kwargs["public_id"]
        )
        return application_message_list(application=self.application).reverse()

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        application = getattr(self, "application", None)  # absent while drawing the schema
        if application is None:
            return context
        return {**context, "student_user_id": application.student.user_id}

    @_schema(
        "messages_list",
        "The thread before the decision, newest first (after acceptance, the engagement's too)",
        ApplicationMessageSerializer(many=True),
        errors=(401, 403, 404),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @_schema(
        "messages_create",
        "Write in the thread: a member of the organisation while the application is open, the student "
        "in answer",
        ApplicationMessageSerializer,
        code=201,
        request=MessageInputSerializer,
        errors=(400, 401, 403, 404, 429),
    )
    def post(self, request: Request, public_id) -> Response:
        application, _side = application_get_for_party(user=request.user, public_id=public_id)
        given = valid_input(MessageInputSerializer, request)
        try:
            message = application_message_send(application=application, by=request.user, body=given["body"])
        except MessageRateLimited as limited:
            raise exceptions.Throttled(wait=limited.retry_after, detail=limited.messages[0]) from limited
        context = {"request": request, "student_user_id": application.student.user_id}
        data = ApplicationMessageSerializer(message, context=context).data
        return Response(data, status=status.HTTP_201_CREATED)


class ApplicationMessageReport(APIView):
    permission_classes = PARTIES

    @_schema(
        "message_report",
        "Report a message from the other side to the site's staff (reporting again changes nothing)",
        MessageReportSerializer,
        code=201,
        request=MessageReportInputSerializer,
    )
    def post(self, request: Request, public_id, pk: int) -> Response:
        application, _side = application_get_for_party(user=request.user, public_id=public_id)
        message = Message.objects.filter(application=application, pk=pk).first()
        if message is None:
            raise exceptions.NotFound("No such message.")
        given = valid_input(MessageReportInputSerializer, request)
        report = message_report(application=application, message=message, by=request.user, **given)
        return Response(MessageReportSerializer(report).data, status=status.HTTP_201_CREATED)
