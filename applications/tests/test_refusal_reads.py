"""`application_state_for_project_page`: the project page's (and its API's) application and refusal in one
query, the same answer `application_refusal` gives when it reads everything itself."""

import datetime as dt

import pytest
from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.selectors import application_refusal, application_state_for_project_page
from projects.factories import ProjectFactory
from projects.models import ProjectStatus, Visibility
from projects.selectors import project_get_visible_for_student

pytestmark = pytest.mark.django_db


def _code(refusal) -> str | None:
    return refusal.code if refusal is not None else None


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("open", None),
        ("applied", "already_applied"),
        ("cancelled", "project_not_open"),
        ("deadline_passed", "deadline_passed"),
    ],
)
def test_the_page_state_is_the_refusal_with_the_application(
    student_profile, state, expected, django_assert_num_queries
):
    project = ProjectFactory(published=True)
    application = None
    if state == "applied":
        application = ApplicationFactory(student=student_profile, project=project)
    elif state == "cancelled":
        project.status = ProjectStatus.CANCELLED
        project.save(update_fields=["status"])
    elif state == "deadline_passed":
        project.application_deadline = timezone.now() - dt.timedelta(hours=1)
        project.save(update_fields=["application_deadline"])
    project = project_get_visible_for_student(student=student_profile, public_id=project.public_id)

    with django_assert_num_queries(1):
        read, refusal = application_state_for_project_page(student=student_profile, project=project)

    assert read == application
    assert _code(refusal) == expected
    assert _code(application_refusal(student=student_profile, project=project)) == expected


def test_refusal_still_checks_the_audience_when_the_caller_did_not(unverified_student_profile):
    partners_only = ProjectFactory(published=True, visibility=Visibility.PARTNERS)

    refusal = application_refusal(student=unverified_student_profile, project=partners_only, application=None)

    assert refusal is not None and refusal.code == "student_not_verified"
