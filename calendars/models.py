"""The personal calendar feed: one secret address per user that calendar apps subscribe to."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class CalendarFeed(models.Model):
    """The secret token in a user's feed address (`/calendar/<token>.ics`).

    The token is kept as it is, not hashed: the user must be able to find their address again on the
    calendar page (as Google Calendar shows its "secret address"), and 256 random bits are not guessed.
    Resetting replaces it in place, so the old address answers 404 from that moment.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    reset_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
