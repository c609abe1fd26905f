"""Creating and resetting a user's secret feed address."""

import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from calendars.models import CalendarFeed


def _new_token() -> str:
    """256 random bits, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


def calendar_feed_ensure(*, user: User) -> CalendarFeed:
    """The user's feed, made on first use. Two first visits at once make one feed: the loser of the race
    on the one-per-user constraint reads the winner's row."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is not None:
        return feed
    try:
        with transaction.atomic():
            return CalendarFeed.objects.create(user=user, token=_new_token())
    except IntegrityError:
        return CalendarFeed.objects.get(user=user)


def calendar_feed_reset(*, user: User) -> CalendarFeed:
    """Give the user a new secret address: the old one answers 404 from the moment this commits."""
    feed = calendar_feed_ensure(user=user)
    feed.token = _new_token()
    feed.reset_at = timezone.now()
    feed.save(update_fields=["token", "reset_at"])
    return feed
