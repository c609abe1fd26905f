"""The calendar feed in the API: read one's secret feed address, and reset it. The same selectors and
services as the calendar page (calendars/views.py). Students and employer members have a feed; other roles
get 403 for the whole endpoint. The feed itself is not under /api/: calendar apps fetch it by its address."""

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calendars.addresses import feed_addresses
from calendars.selectors import calendar_feed_allowed
from calendars.services import calendar_feed_ensure, calendar_feed_reset
from marketplace.api.serializers import error_responses

TAG = "calendar"


class HasCalendarFeed(BasePermission):
    message = "Only student and employer accounts have a calendar feed."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and calendar_feed_allowed(user=request.user))


class CalendarFeedSerializer(serializers.Serializer):
    feed_url = serializers.URLField(help_text="The secret address of the iCalendar feed: keep it private.")
    webcal_url = serializers.CharField(
        help_text="The same address as webcal://, which opens a subscription in Apple Calendar and Outlook."
    )
    google_url = serializers.URLField(help_text="Google Calendar's page that adds the feed by its address.")
    reset_at = serializers.DateTimeField(
        allow_null=True, help_text="When the address was last reset; null if never."
    )


class CalendarFeedView(APIView):
    permission_classes = [HasCalendarFeed]

    @extend_schema(
        operation_id="calendar_feed_retrieve",
        tags=[TAG],
        summary="My calendar feed's secret address",
        description="Made on first use. Deadlines, kickoffs, milestones and due dates, for calendar apps.",
        responses={200: CalendarFeedSerializer, **error_responses(403)},
    )
    def get(self, request: Request) -> Response:
        feed = calendar_feed_ensure(user=request.user)
        return Response(CalendarFeedSerializer(feed_addresses(request=request, feed=feed)).data)


class CalendarFeedResetView(APIView):
    permission_classes = [HasCalendarFeed]

    @extend_schema(
        operation_id="calendar_feed_reset",
        tags=[TAG],
        summary="Give my calendar feed a new secret address",
        description="The old address answers 404 from now on; subscribe again with the new one.",
        request=None,
        responses={200: CalendarFeedSerializer, **error_responses(403)},
    )
    def post(self, request: Request) -> Response:
        feed = calendar_feed_reset(user=request.user)
        return Response(CalendarFeedSerializer(feed_addresses(request=request, feed=feed)).data)


urlpatterns = [
    path("calendar/feed/", CalendarFeedView.as_view(), name="api-calendar-feed"),
    path("calendar/feed/reset/", CalendarFeedResetView.as_view(), name="api-calendar-feed-reset"),
]
