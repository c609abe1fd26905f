"""The refresh task keeps the current term's reports of every career office ready."""

import datetime as dt

import pytest
from django.core.cache import cache
from django_celery_beat.models import PeriodicTask

from reports.filters import ReportFilters
from reports.selectors import funnel_report, headline_figures
from reports.services import REFRESH_LOCK, reports_refresh
from reports.tasks import reports_refresh as reports_refresh_task
from universities.factories import CareerStaffFactory

pytestmark = pytest.mark.django_db

IN_SPRING = dt.date(2026, 3, 15)


@pytest.fixture(autouse=True)
def _cache_kept_a_quarter_hour(settings):
    settings.REPORTS_CACHE_SECONDS = 900


def test_it_keeps_the_term_reports_of_universities_with_career_staff(world, django_assert_num_queries):
    CareerStaffFactory(university=world.north)
    assert reports_refresh(today=IN_SPRING) == 1
    spring = ReportFilters(university=world.north, start=dt.date(2026, 1, 1), end=dt.date(2026, 5, 31))
    with django_assert_num_queries(0):
        funnel = funnel_report(university=world.north, filters=spring)
        headline = headline_figures(university=world.north, start=spring.start, end=spring.end)
    assert funnel.steps[0].count == 5
    assert headline["figures"]["signed_up"].value == 5


def test_it_replaces_what_was_kept(world):
    CareerStaffFactory(university=world.north)
    spring = ReportFilters(university=world.north, start=dt.date(2026, 1, 1), end=dt.date(2026, 5, 31))
    assert funnel_report(university=world.north, filters=spring).steps[0].count == 5
    world.students["s5"].delete()
    assert funnel_report(university=world.north, filters=spring).steps[0].count == 5  # kept
    reports_refresh(today=IN_SPRING)
    assert funnel_report(university=world.north, filters=spring).steps[0].count == 4


def test_a_refresh_already_running_is_left_alone(world):
    CareerStaffFactory(university=world.north)
    cache.add(REFRESH_LOCK, True, 60)
    assert reports_refresh(today=IN_SPRING) == 0


def test_nothing_is_refreshed_when_reports_are_not_kept(world, settings):
    settings.REPORTS_CACHE_SECONDS = 0
    CareerStaffFactory(university=world.north)
    assert reports_refresh(today=IN_SPRING) == 0


def test_the_task_is_scheduled_every_ten_minutes():
    task = PeriodicTask.objects.get(task="reports.tasks.reports_refresh")
    assert (task.interval.every, task.interval.period) == (10, "minutes")
    assert task.enabled and task.description
    assert reports_refresh_task.name == "reports.tasks.reports_refresh"
    assert (reports_refresh_task.acks_late, reports_refresh_task.reject_on_worker_lost) == (True, True)
    assert reports_refresh_task.apply().get() == 0  # no career office yet
