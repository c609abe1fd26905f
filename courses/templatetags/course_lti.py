"""`{% course_has_lms_roster course as lms_roster %}`: whether the faculty course page offers the LMS pull."""

from django import template

from courses.lti.selectors import course_has_lms_roster as _course_has_lms_roster
from courses.models import Course

register = template.Library()


@register.simple_tag
def course_has_lms_roster(course: Course) -> bool:
    return _course_has_lms_roster(course=course)
