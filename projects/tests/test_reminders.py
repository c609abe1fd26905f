"""The saved-project deadline reminder fires once, not before its time, only for open projects, and only to
savers who have not applied."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import ApplicationStatus
from notifications.models import Notification, NotificationKind
from projects import reminders
from projects.factories import ProjectFactory
from projects.models import ProjectStatus, SavedProject
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


def users_told(**filters) -> set[int]:
    return set(Notification.objects.filter(**filters).values_list("user_id", flat=True))


def later(hours: float = 0, days: float = 0) -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=hours, days=days)


# Saved projects -----------------------------------------------------------------------------------


@pytest.fixture
def saved():
    project = ProjectFactory(published=True, application_deadline=later(days=10))
    savers = [StudentProfileFactory() for _ in range(3)]
    for student in savers:
        SavedProject.objects.create(student=student, project=project)
    return SimpleNamespace(project=project, savers=savers)


def test_savers_hear_once_when_the_deadline_is_48_hours_away(saved):
    now = saved.project.application_deadline - dt.timedelta(hours=47)
    assert reminders.saved_project_deadlines_remind(now=now) == 3
    assert reminders.saved_project_deadlines_remind(now=now + dt.timedelta(hours=1)) == 0
    assert users_told(kind=NotificationKind.DEADLINE) == {student.user_id for student in saved.savers}
    notice = Notification.objects.first()
    assert notice.key == f"deadline:project:{saved.project.pk}"
    assert saved.project.title in notice.title


def test_savers_hear_nothing_before_the_48_hours(saved):
    now = saved.project.application_deadline - dt.timedelta(hours=49)
    assert reminders.saved_project_deadlines_remind(now=now) == 0


def test_savers_who_applied_in_any_way_hear_nothing(saved):
    applied, withdrew, closed = saved.savers
    ApplicationFactory(project=saved.project, student=applied)
    ApplicationFactory(project=saved.project, student=withdrew, status=ApplicationStatus.WITHDRAWN)
    ApplicationFactory(project=saved.project, student=closed, status=ApplicationStatus.CLOSED)
    now = saved.project.application_deadline - dt.timedelta(hours=2)
    assert reminders.saved_project_deadlines_remind(now=now) == 0


@pytest.mark.parametrize("status", [ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED])
def test_a_project_no_longer_open_reminds_nobody(saved, status):
    saved.project.status = status
    saved.project.save(update_fields=["status"])
    now = saved.project.application_deadline - dt.timedelta(hours=2)
    assert reminders.saved_project_deadlines_remind(now=now) == 0


def test_a_passed_deadline_reminds_nobody(saved):
    now = saved.project.application_deadline + dt.timedelta(minutes=1)
    assert reminders.saved_project_deadlines_remind(now=now) == 0


def test_the_lead_time_follows_the_setting(saved, settings):
    settings.MARKETPLACE = {**settings.MARKETPLACE, "REMINDER_LEAD_HOURS": 24}
    now = saved.project.application_deadline - dt.timedelta(hours=30)
    assert reminders.saved_project_deadlines_remind(now=now) == 0
    assert reminders.saved_project_deadlines_remind(now=now + dt.timedelta(hours=7)) == 3
