"""The reminder scans moved out of notifications into the apps whose data they read and change: each scheduled
PeriodicTask row now names the task at its new path.

Queued messages and a beat process still running with the old schedule keep working: each new tasks module
also registers its task under the old name (remove those in the release after next). Bumping
django-celery-beat's change marker makes a running beat reload the schedule. Reversible: going back names
the old paths again.
"""

from django.db import migrations
from django.utils import timezone

MOVED = {
    "notifications.tasks.saved_project_deadlines_remind": "projects.tasks.saved_project_deadlines_remind",
    "notifications.tasks.milestone_deadlines_remind": "engagements.tasks.milestone_deadlines_remind",
    "notifications.tasks.engagement_deadlines_remind": "engagements.tasks.engagement_deadlines_remind",
    "notifications.tasks.owed_reviews_remind": "engagements.tasks.owed_reviews_remind",
    "notifications.tasks.waiting_applicants_nudge": "applications.tasks.waiting_applicants_nudge",
    "notifications.tasks.unanswered_applications_close": "applications.tasks.unanswered_applications_close",
}


def _rename(apps, renames: dict[str, str]) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    changed = sum(PeriodicTask.objects.filter(task=old).update(task=new) for old, new in renames.items())
    if changed:
        PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def forward(apps, schema_editor) -> None:
    _rename(apps, MOVED)


def backward(apps, schema_editor) -> None:
    _rename(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0004_email_sweep_schedule"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(forward, backward)]
