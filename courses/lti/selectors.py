"""Reads for LMS launches."""

from courses.models import Course, LtiContextLink


def course_has_lms_roster(*, course: Course) -> bool:
    """Whether a launch left `course` a Names and Role Provisioning Service URL to pull its roster from."""
    return LtiContextLink.objects.filter(course=course).exclude(memberships_url="").exists()
