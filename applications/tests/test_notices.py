"""Each application event tells exactly the right people: the other side, never the actor, never an outsider.

The `hiring` world (an organisation with two members, its project, students) is in the root conftest.py.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.factories import ApplicationFactory
from applications.services.applications import (
    application_reject,
    application_shortlist,
    application_submit,
    application_withdraw,
)
from engagements.services.project_cancellation import project_cancel
from notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


def told(key: str) -> set[int]:
    return set(Notification.objects.filter(key=key).values_list("user_id", flat=True))


def notice(key: str, user_id: int) -> Notification:
    return Notification.objects.get(key=key, user_id=user_id)


def test_a_new_application_tells_every_member_of_the_employer_and_nobody_else(hiring):
    application = application_submit(student=hiring.student, project=hiring.project, cover_note="Hi")
    key = f"application:{application.public_id}:received"
    assert told(key) == hiring.members
    received = notice(key, hiring.owner.pk)
    assert received.kind == NotificationKind.APPLICATION_RECEIVED
    assert received.url == reverse("manage:applicant", kwargs={"public_id": application.public_id})
    assert hiring.student.user.get_full_name() in received.body
    assert Notification.objects.count() == 2


def test_an_inactive_member_is_not_told(hiring):
    hiring.teammate.is_active = False
    hiring.teammate.save(update_fields=["is_active"])
    application = application_submit(student=hiring.student, project=hiring.project)
    assert told(f"application:{application.public_id}:received") == {hiring.owner.pk}


def test_a_refused_application_tells_nobody(hiring):
    application_submit(student=hiring.student, project=hiring.project)
    with pytest.raises(ValidationError):
        application_submit(student=hiring.student, project=hiring.project)
    assert Notification.objects.count() == 2


def test_withdrawing_tells_the_members_not_the_student(hiring):
    application = ApplicationFactory(project=hiring.project, student=hiring.student)
    application_withdraw(application=application, student=hiring.student)
    application_withdraw(application=application, student=hiring.student)
    assert told(f"application:{application.public_id}:withdrawn") == hiring.members
    assert not Notification.objects.filter(user=hiring.student.user).exists()


def test_shortlisting_tells_only_the_student_once(hiring):
    application = ApplicationFactory(project=hiring.project, student=hiring.student)
    application_shortlist(application=application, by=hiring.owner)
    application_shortlist(application=application, by=hiring.teammate)
    key = f"application:{application.public_id}:shortlisted"
    assert told(key) == {hiring.student.user_id}
    assert Notification.objects.count() == 1
    shortlisted = notice(key, hiring.student.user_id)
    assert shortlisted.kind == NotificationKind.APPLICATION_STATUS
    assert shortlisted.url == reverse("applications:detail", kwargs={"public_id": application.public_id})


def test_rejecting_tells_the_student_with_the_employers_note(hiring):
    application = ApplicationFactory(project=hiring.project, student=hiring.student)
    application_reject(application=application, by=hiring.teammate, note="We chose a finance major.")
    key = f"application:{application.public_id}:rejected"
    assert told(key) == {hiring.student.user_id}
    assert "We chose a finance major." in notice(key, hiring.student.user_id).body


def test_cancelling_a_project_tells_each_waiting_applicant_with_the_note(hiring):
    first = ApplicationFactory(project=hiring.project, student=hiring.student)
    second = ApplicationFactory(project=hiring.project, student=hiring.other_student)
    project_cancel(project=hiring.project, user=hiring.owner, note="The budget was cut.")
    for application in (first, second):
        key = f"application:{application.public_id}:rejected"
        assert told(key) == {application.student.user_id}
        assert "The budget was cut." in notice(key, application.student.user_id).body
    assert not Notification.objects.filter(user_id__in=hiring.members).exists()
