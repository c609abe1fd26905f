"""Notifications in the API: the signed-in user's own notices (list, unread count, mark read) and how each
kind reaches them. Every role has notifications, so no role is refused; another user's notification is 404,
through the same scoped selector and services as the pages (notifications/views.py)."""

from typing import Any

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.api.parsers import JSONParser
from marketplace.api.query import QueryParametersSerializer
from marketplace.api.serializers import error_responses
from notifications.models import Delivery, Notification, NotificationKind
from notifications.selectors import (
    notification_kinds_for_user,
    notification_list_for_user,
    notification_unread_count,
)
from notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_preferences_for_user,
    notification_preferences_set,
)

TAG = "notifications"


@extend_schema_field(OpenApiTypes.URI)
class NoticeUrlField(serializers.Field):
    """Where the notice leads, as an absolute URL on the site; null when it leads nowhere in particular."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(read_only=True, allow_null=True)
        super().__init__(**kwargs)

    def to_representation(self, value: str) -> str | None:
        if not value:
            return None
        request = self.context.get("request")
        return request.build_absolute_uri(value) if request is not None else value


class NotificationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    kind = serializers.ChoiceField(choices=NotificationKind.choices, read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    url = NoticeUrlField()
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "title", "body", "url", "created_at", "is_read", "read_at"]
        read_only_fields = fields
        extra_kwargs = {"read_at": {"allow_null": True}}

    def get_is_read(self, notification: Notification) -> bool:
        return notification.read_at is not None


class NotificationListQuerySerializer(QueryParametersSerializer):
    unread = serializers.BooleanField(required=False, default=False, help_text="Only the unread ones.")


class UnreadCountSerializer(serializers.Serializer):
    unread = serializers.IntegerField(min_value=0, help_text="How many notifications are unread.")


class ReadAllSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField(min_value=0, help_text="How many were unread and are now read.")
    unread = serializers.IntegerField(min_value=0, help_text="How many are unread now.")


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    label = serializers.CharField(read_only=True)
    delivery = serializers.ChoiceField(
        choices=Delivery.choices,
        help_text="instant: in the centre and by email at once; digest: in the centre and in one email a "
        "day; off: not at all.",
    )
    is_default = serializers.BooleanField(read_only=True, help_text="Never chosen: the default applies.")


class PreferencesSerializer(serializers.Serializer):
    preferences = PreferenceSerializer(many=True)

    def validate_preferences(self, value: list[dict]) -> list[dict]:
        kinds = [item["kind"] for item in value]
        if len(kinds) != len(set(kinds)):
            raise serializers.ValidationError("Each kind may appear only once.")
        return value


class NotificationListView(ListAPIView):
    serializer_class = NotificationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        query = NotificationListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return notification_list_for_user(user=self.request.user, unread_only=query.validated_data["unread"])

    @extend_schema(
        operation_id="notifications_list",
        tags=[TAG],
        summary="My notifications, newest first",
        parameters=[OpenApiParameter("unread", OpenApiTypes.BOOL, description="true: only the unread ones.")],
        responses={200: NotificationSerializer(many=True), **error_responses(400)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class UnreadCountView(APIView):
    @extend_schema(
        operation_id="notifications_unread_count",
        tags=[TAG],
        summary="How many of my notifications are unread",
        responses={200: UnreadCountSerializer},
    )
    def get(self, request: Request) -> Response:
        return Response({"unread": notification_unread_count(user=request.user)})


class ReadView(APIView):
    @extend_schema(
        operation_id="notifications_read",
        tags=[TAG],
        summary="Mark one of my notifications read",
        description="Marking it again keeps the first time it was read.",
        request=None,
        responses={200: NotificationSerializer, **error_responses(404)},
    )
    def post(self, request: Request, public_id: str) -> Response:
        notification = notification_mark_read(user=request.user, public_id=public_id)
        return Response(NotificationSerializer(notification, context={"request": request}).data)


class ReadAllView(APIView):
    @extend_schema(
        operation_id="notifications_read_all",
        tags=[TAG],
        summary="Mark all my notifications read",
        request=None,
        responses={200: ReadAllSerializer},
    )
    def post(self, request: Request) -> Response:
        marked = notification_mark_all_read(user=request.user)
        return Response({"marked_read": marked, "unread": notification_unread_count(user=request.user)})


def _preferences(request: Request) -> dict:
    kinds = notification_kinds_for_user(user=request.user)
    return {
        "preferences": [
            vars(preference)
            for preference in notification_preferences_for_user(user=request.user, kinds=kinds)
        ]
    }


class PreferencesView(APIView):
    # JSON only: the nested list of {kind, delivery} cannot be said in a form or multipart body, so the schema
    # must not offer them (another content type is a 415).
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="notifications_preferences_retrieve",
        tags=[TAG],
        summary="How each kind of notification reaches me",
        description="The kinds that apply to my role (and any kind I have been sent), defaults included.",
        responses={200: PreferencesSerializer},
    )
    def get(self, request: Request) -> Response:
        return Response(PreferencesSerializer(_preferences(request)).data)

    @extend_schema(
        operation_id="notifications_preferences_update",
        tags=[TAG],
        summary="Choose how kinds of notification reach me",
        description="Only the kinds listed change. Turning a kind off also cancels its emails not sent yet.",
        request=PreferencesSerializer,
        responses={200: PreferencesSerializer, **error_responses(400, 415)},
    )
    def put(self, request: Request) -> Response:
        incoming = PreferencesSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        notification_preferences_set(
            user=request.user,
            deliveries={item["kind"]: item["delivery"] for item in incoming.validated_data["preferences"]},
        )
        return Response(PreferencesSerializer(_preferences(request)).data)


urlpatterns = [
    path("notifications/", NotificationListView.as_view(), name="api-notification-list"),
    path("notifications/unread-count/", UnreadCountView.as_view(), name="api-notification-unread-count"),
    path("notifications/read-all/", ReadAllView.as_view(), name="api-notification-read-all"),
    path("notifications/preferences/", PreferencesView.as_view(), name="api-notification-preferences"),
    path("notifications/<uuid:public_id>/read/", ReadView.as_view(), name="api-notification-read"),
]
