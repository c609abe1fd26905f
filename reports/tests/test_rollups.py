"""The rollup tables: the reports read from them give exactly the figures computed from the raw rows, a
refresh picks up what changed, a rebuild is idempotent, and both are scheduled."""

import datetime as dt
from dataclasses import replace

import pytest
from django.db.models import F
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationEvent, ApplicationStatus
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from reports.filters import Interval
from reports.models import ApplicantDay, ApplicationRollup, EmployerDay, RollupState, StudentRollup
from reports.rollups import rollups_rebuild, rollups_refresh
from reports.selectors import (
    employers_report,
    funnel_report,
    headline_figures,
    outcomes_report,
    trends_report,
)
from reports.tasks import reports_rollups_rebuild, reports_rollups_refresh
from reports.tests.world import END, START, at
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

REPORTS = [funnel_report, outcomes_report, employers_report, trends_report]
FILTERS = [
    {},
    {"major": "Economics"},
    {"year": 2028},
    {"field": "data"},
    {"field": "design", "major": "Economics"},
    {"start": dt.date(2026, 3, 1)},  # a range that cuts students' applications in two
    {"interval": Interval.WEEK},
    {"start": dt.date(2026, 2, 2), "end": dt.date(2026, 3, 4), "interval": Interval.WEEK},
]


def _both(settings, compute):
    """`compute()` from the raw rows, then from the rollups."""
    settings.REPORTS_ROLLUPS = False
    live = compute()
    settings.REPORTS_ROLLUPS = True
    return live, compute()


@pytest.mark.parametrize("build", REPORTS)
@pytest.mark.parametrize("narrowed", FILTERS)
@pytest.mark.parametrize("scope", ["north", "every"])
def test_the_rollups_give_the_live_figures(settings, world, north_filters, build, narrowed, scope):
    university = {"north": world.north, "south": world.south, "every": None}[scope]
    filters = replace(north_filters, university=university, **narrowed)
    live, rolled_up = _both(settings, lambda: build(university=university, filters=filters))
    assert rolled_up == live


def test_the_headline_figures_from_the_rollups_are_the_live_ones(settings, world):
    for start, end in [(START, END), (dt.date(2026, 3, 1), dt.date(2026, 3, 31))]:
        live, rolled_up = _both(
            settings, lambda s=start, e=end: headline_figures(university=world.north, start=s, end=e)
        )
        assert rolled_up == live


def test_a_refresh_picks_up_what_changed_since_the_last_one(settings, world, north_filters):
    """s4 applies to P2 and is accepted; s5 is verified; a new student signs up: the reports show none of
    it until the rollups are refreshed, then exactly the live figures."""
    s4, s5 = world.students["s4"], world.students["s5"]
    application = ApplicationFactory(
        student=s4, project=world.projects["p2"], status=ApplicationStatus.ACCEPTED
    )
    Application.objects.filter(pk=application.pk).update(created_at=at(4, 2))
    ApplicationEvent.objects.create(application=application, status=ApplicationStatus.ACCEPTED)
    EngagementFactory(application=application, status=EngagementStatus.ACTIVE)
    s5.verified_at = at(4, 3)
    s5.save(update_fields=["verified_at", "updated_at"])
    StudentProfileFactory(university=world.north)  # signs up today: in the headline figures
    stale = funnel_report(university=world.north, filters=north_filters)
    assert [step.count for step in stale.steps][:2] == [5, 4]

    rollups_refresh()

    for build in REPORTS:
        live, rolled_up = _both(settings, lambda b=build: b(university=world.north, filters=north_filters))
        assert rolled_up == live
    fresh = funnel_report(university=world.north, filters=north_filters)
    assert [step.count for step in fresh.steps][:2] == [5, 5]
    employers = {
        row.name: row for row in employers_report(university=world.north, filters=north_filters).employers
    }
    assert (employers["Employer Two"].applicants, employers["Employer Two"].hires) == (3, 2)


def _applicant_days() -> list[tuple]:
    return sorted(ApplicantDay.objects.values_list("university_id", "day", "previous_day", "applications"))


def _employer_days() -> list[tuple]:
    fields = ["university_id", "day", "employer_id", "applications", "hires", "closed", "answered"]
    return sorted(EmployerDay.objects.values_list(*fields))


def _rebuilt_applicant_days() -> list[tuple]:
    """The daily sums a full rebuild writes now (the rebuild is kept: it writes what a refresh should)."""
    rollups_rebuild()
    return [*_applicant_days(), *_employer_days()]


def test_the_daily_sums_add_up_the_application_rows(world):
    """Per university, day and day of the student's application before (s1 applied on Feb 1, then on
    Mar 1; s7 of South on Feb 1)."""
    days = _applicant_days()
    assert sum(row[3] for row in days) == ApplicationRollup.objects.count() == 8
    north, south = world.north.pk, world.south.pk
    assert (north, dt.date(2026, 2, 1), None, 1) in days
    assert (north, dt.date(2026, 3, 1), dt.date(2026, 2, 1), 1) in days
    assert (south, dt.date(2026, 2, 1), None, 1) in days
    assert all(row[3] > 0 for row in days)
    # P1's employer got five North applications (s1, s2, s4, s5, s6) on five days of February and March:
    # three accepted (answered), one closed without an answer, one waiting.
    employer = world.projects["p1"].employer_id
    north_p1 = [row[3:] for row in _employer_days() if row[:1] == (north,) and row[2] == employer]
    assert [sum(column) for column in zip(*north_p1, strict=True)] == [5, 3, 1, 3]


def test_a_refresh_keeps_the_daily_sums_a_rebuild_writes(world):
    """A new application, one moved to another day and a student deleted (whose rows go by CASCADE,
    subtracting nothing): after a refresh the sums are a rebuild's, and a second refresh changes nothing."""
    s4 = world.students["s4"]
    application = ApplicationFactory(student=s4, project=world.projects["p2"])
    Application.objects.filter(pk=application.pk).update(created_at=at(4, 2))
    moved = Application.objects.filter(student=world.students["s1"]).order_by("created_at").first()
    Application.objects.filter(pk=moved.pk).update(created_at=at(2, 9), updated_at=timezone.now())
    world.students["s5"].delete()
    rollups_refresh()
    refreshed = [*_applicant_days(), *_employer_days()]
    RollupState.objects.update(refreshed_at=F("refreshed_at") - dt.timedelta(hours=1))
    rollups_refresh()  # the same students again: subtracted and added back
    assert [*_applicant_days(), *_employer_days()] == refreshed
    assert refreshed == _rebuilt_applicant_days()


@pytest.mark.parametrize("build", [employers_report, trends_report])
def test_the_daily_sums_give_what_the_application_rows_give(settings, world, north_filters, build):
    """Employers and Trends without a major, year or field filter read the daily sums: the figures are
    those of the per-application rollup (REPORTS_DAILY_ROLLUPS off), themselves held to the live ones."""
    for interval in (Interval.MONTH, Interval.WEEK):
        filters = replace(north_filters, interval=interval, start=dt.date(2026, 2, 2))
        settings.REPORTS_DAILY_ROLLUPS = False
        rows = build(university=world.north, filters=filters)
        settings.REPORTS_DAILY_ROLLUPS = True
        assert build(university=world.north, filters=filters) == rows


def test_the_reports_read_the_daily_sums(world, north_filters):
    """Doubling the daily sums doubles the figures read from them (and only those)."""
    before = employers_report(university=world.north, filters=north_filters)
    EmployerDay.objects.update(applications=F("applications") * 2, hires=F("hires") * 2)
    after = employers_report(university=world.north, filters=north_filters)
    assert after.applications == 2 * before.applications
    assert after.hires == 2 * before.hires
    assert after.median_time_to_answer == before.median_time_to_answer
    trends = trends_report(university=world.north, filters=north_filters)
    ApplicantDay.objects.update(applications=F("applications") * 2)
    doubled = trends_report(university=world.north, filters=north_filters)
    applied = next(series.values for series in trends.series if series.key == "applied")
    assert next(series.values for series in doubled.series if series.key == "applied") == [
        2 * value for value in applied
    ]


def test_the_rows_of_a_deleted_student_go_with_it(world):
    s5 = world.students["s5"]
    assert StudentRollup.objects.filter(student=s5).exists()
    s5.delete()
    assert not StudentRollup.objects.filter(student_id=s5.pk).exists()
    assert not ApplicationRollup.objects.filter(student_id=s5.pk).exists()


def test_a_student_no_longer_linked_to_a_university_leaves_the_rollups(world):
    s3 = world.students["s3"]
    s3.university = None
    s3.save(update_fields=["university", "updated_at"])
    rollups_refresh()
    assert not StudentRollup.objects.filter(student=s3).exists()
    assert not ApplicationRollup.objects.filter(student_id=s3.pk).exists()


def test_a_rebuild_is_idempotent(world, north_filters):
    first = rollups_rebuild()
    rows = sorted(ApplicationRollup.objects.values_list("application_id", "previous_at", "answer_seconds"))
    days = [*_applicant_days(), *_employer_days()]
    report = employers_report(university=world.north, filters=north_filters)
    assert rollups_rebuild() == first == (7, 8)  # seven students, eight applications
    assert [*_applicant_days(), *_employer_days()] == days
    assert (
        sorted(ApplicationRollup.objects.values_list("application_id", "previous_at", "answer_seconds"))
        == rows
    )
    assert employers_report(university=world.north, filters=north_filters) == report
    state = RollupState.objects.get()
    assert state.rebuilt_at and state.refreshed_at


def test_a_refresh_with_nothing_changed_rewrites_nothing(world):
    RollupState.objects.update(refreshed_at=F("refreshed_at") + dt.timedelta(hours=1))
    assert rollups_refresh() == (0, 0)


def test_the_first_refresh_builds_everything(world):
    StudentRollup.objects.all().delete()
    ApplicationRollup.objects.all().delete()
    RollupState.objects.all().delete()
    assert rollups_refresh() == (7, 8)


def test_the_rollups_are_scheduled_every_five_minutes_and_rebuilt_every_night():
    refresh = PeriodicTask.objects.get(task="reports.tasks.reports_rollups_refresh")
    assert (refresh.interval.every, refresh.interval.period) == (5, "minutes")
    rebuild = PeriodicTask.objects.get(task="reports.tasks.reports_rollups_rebuild")
    assert (rebuild.crontab.hour, rebuild.crontab.minute) == ("3", "0")
    for task in (reports_rollups_refresh, reports_rollups_rebuild):
        assert (task.acks_late, task.reject_on_worker_lost) == (True, True)
        task.apply().get()
    assert RollupState.objects.get().rebuilt_at is not None
