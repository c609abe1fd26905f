"""A student's own time zone, for every page that shows them dates and times (a project, their applications,
an engagement): "closes today at 17:00" means their 17:00."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

from marketplace.timezones import zone_info
from students.models import StudentProfile


@contextmanager
def student_time_zone(profile: StudentProfile) -> Iterator[None]:
    """Show times in the student's own time zone (UTC when they set none, or one no longer known)."""
    with timezone.override(zone_info(profile.time_zone)):
        yield
