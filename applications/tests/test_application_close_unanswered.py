"""`application_close_unanswered`: the no-ghosting close, safe against an employer deciding at the same time
and against two scans closing the same application."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationEvent, ApplicationStatus
from applications.services.applications import application_close_unanswered, application_reject
from employers.factories import EmployerMemberFactory
from engagements.services.hiring import application_accept
from notifications.models import Notification
from projects.factories import ProjectFactory


def waiting(*, days_ago: float = 15, status: str = ApplicationStatus.SUBMITTED) -> Application:
    member = EmployerMemberFactory()
    project = ProjectFactory(employer=member.employer, published=True)
    application = ApplicationFactory(project=project, status=status)
    Application.objects.filter(pk=application.pk).update(
        created_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    application.refresh_from_db()
    application.member = member.user
    return application


@pytest.mark.django_db
def test_it_closes_an_overdue_application_with_the_note_and_no_actor():
    application = waiting()
    assert application_close_unanswered(application=application, now=timezone.now()) is True
    closed = Application.objects.get(pk=application.pk)
    assert closed.status == ApplicationStatus.CLOSED
    assert closed.decided_by is None
    assert ApplicationEvent.objects.get(application=application).actor is None
    assert Notification.objects.get().user_id == application.student.user_id


@pytest.mark.django_db
def test_it_leaves_an_application_not_yet_due():
    application = waiting(days_ago=13)
    assert application_close_unanswered(application=application, now=timezone.now()) is False
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    assert not ApplicationEvent.objects.exists() and not Notification.objects.exists()


@pytest.mark.django_db
def test_an_employer_answer_just_before_wins():
    application = waiting()
    stale = Application.objects.get(pk=application.pk)
    application_reject(application=application, by=application.member, note="Not this time.")
    assert application_close_unanswered(application=stale, now=timezone.now()) is False
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.REJECTED
    assert not Notification.objects.filter(key__endswith=":closed").exists()


@pytest.mark.django_db
def test_a_closed_application_can_no_longer_be_accepted():
    application = waiting()
    application_close_unanswered(application=application, now=timezone.now())
    with pytest.raises(ValidationError, match="closed without an answer"):
        application_accept(application=application, by=application.member)


@pytest.mark.django_db(transaction=True)
def test_two_scans_closing_the_same_application_at_once_close_it_once(run_overlapping):
    """The first holds the row locks until it commits; the second waits on them, then finds it closed."""
    application = waiting()

    def close(*, now):
        return application_close_unanswered(application=application, now=now)

    assert run_overlapping(close, timezone.now()) == [True, False]
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.CLOSED
    assert ApplicationEvent.objects.filter(application=application).count() == 1
    assert Notification.objects.filter(user_id=application.student.user_id).count() == 1
