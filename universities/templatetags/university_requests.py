"""The state of a student's request for their university to be added, for the student's own pages (the
profile, its university step and the dashboard belong to apps above this one):
`{% load university_requests %}{% latest_university_request user as university_request %}`."""

from django import template

from accounts.models import User
from universities.models import UniversityRequest
from universities.selectors import university_request_latest_for_user

register = template.Library()


@register.simple_tag
def latest_university_request(user: User) -> UniversityRequest | None:
    """One query; call it only where an unverified student's page shows it."""
    return university_request_latest_for_user(user=user)
