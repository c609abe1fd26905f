"""The beat schedule: every scan is a PeriodicTask row naming a task the worker finds, and the reminders that
moved out of notifications still run under their old names (messages queued before the upgrade)."""

from importlib import import_module

import pytest
from django.apps import apps
from django.utils.module_loading import import_string
from django_celery_beat.models import PeriodicTask, PeriodicTasks

from marketplace.celery import app

pytestmark = pytest.mark.django_db

MOVE = import_module("notifications.migrations.0005_reminder_tasks_move_to_their_apps")


# The schedule -------------------------------------------------------------------------------------

SCHEDULED_TASKS = [
    "projects.tasks.saved_project_deadlines_remind",
    "engagements.tasks.milestone_deadlines_remind",
    "engagements.tasks.engagement_deadlines_remind",
    "applications.tasks.waiting_applicants_nudge",
    "applications.tasks.unanswered_applications_close",
    "engagements.tasks.owed_reviews_remind",
    "notifications.tasks.notification_digests_send",
    "notifications.tasks.notification_emails_sweep",
    "projects.tasks.projects_close_expired",
    "courses.tasks.credit_evaluations_remind",
    "courses.tasks.credit_reflections_remind",
    "courses.tasks.credit_sign_offs_remind",
    "courses.tasks.course_invite_emails_sweep",
]


@pytest.mark.parametrize("path", SCHEDULED_TASKS)
def test_each_scan_is_scheduled_in_the_database_and_runs_as_a_task(path):
    scheduled = PeriodicTask.objects.get(task=path)
    assert scheduled.enabled and scheduled.description
    assert (scheduled.interval is None) != (scheduled.crontab is None)
    task = import_string(path)
    assert task.name == path
    assert (task.acks_late, task.reject_on_worker_lost, task.ignore_result) == (True, True, True)
    assert task.apply().get() == 0


def test_the_worker_finds_every_task_by_autodiscovery():
    """What a worker imports at start (each installed app's tasks module) registers every scheduled task,
    every old name, and the email task that `notify` queues by name."""
    app.loader.import_default_modules()
    expected = {*SCHEDULED_TASKS, *MOVE.MOVED, "notifications.tasks.notification_emails_send"}
    assert expected <= set(app.tasks)


# Moved out of notifications -----------------------------------------------------------------------


@pytest.mark.parametrize(("old", "new"), MOVE.MOVED.items())
def test_a_moved_task_still_runs_under_its_old_name(old, new):
    import_string(new)
    alias, task = app.tasks[old], app.tasks[new]
    assert alias is not task
    assert (alias.acks_late, alias.reject_on_worker_lost, alias.ignore_result) == (True, True, True)
    assert alias.apply().get() == 0
    assert not PeriodicTask.objects.filter(task=old).exists()


def test_the_schedule_migration_renames_each_task_both_ways():
    """Run on the schedule the migrations made: back to the old names, then forward again."""
    before = dict(PeriodicTask.objects.values_list("name", "task"))
    MOVE.backward(apps, None)
    reverted = dict(PeriodicTask.objects.values_list("name", "task"))
    renamed = {before[name]: task for name, task in reverted.items() if task != before[name]}
    assert renamed == {new: old for old, new in MOVE.MOVED.items()}
    marker = PeriodicTasks.objects.get(ident=1).last_update
    MOVE.forward(apps, None)
    assert dict(PeriodicTask.objects.values_list("name", "task")) == before
    assert PeriodicTasks.objects.get(ident=1).last_update > marker
