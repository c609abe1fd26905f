"""A student's own time zone, for every page that shows them dates and times (a project, their applications,
an engagement): "closes today at 17:00" means their 17:00."""

from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

from students.models import StudentProfile


@contextmanager
def student_time_zone(profile: StudentProfile) -> Iterator[None]:
    """Show times in the student's own time zone (UTC when they set none, or one no longer known)."""
    try:
        zone = ZoneInfo(profile.time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    with timezone.override(zone):
        yield
