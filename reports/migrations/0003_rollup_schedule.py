"""Beat schedule of the rollups: rebuilt in full every night at 03:00, refreshed for what changed every 5
minutes (reports.rollups)."""

from django.conf import settings
from django.db import migrations

REFRESH = ("Refresh the reports' rollups", "reports.tasks.reports_rollups_refresh")
REBUILD = ("Rebuild the reports' rollups", "reports.tasks.reports_rollups_rebuild")


def schedule(apps, schema_editor) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if not PeriodicTask.objects.filter(task=REFRESH[1]).exists():
        every_five, _ = IntervalSchedule.objects.get_or_create(every=5, period="minutes")
        PeriodicTask.objects.create(
            name=REFRESH[0],
            task=REFRESH[1],
            interval=every_five,
            description="The rollup rows of the students whose profile, applications or engagements changed "
            "since the last refresh, recomputed.",
        )
    if not PeriodicTask.objects.filter(task=REBUILD[1]).exists():
        nightly, _ = CrontabSchedule.objects.get_or_create(
            minute="0",
            hour="3",
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=settings.CELERY_TIMEZONE,
        )
        PeriodicTask.objects.create(
            name=REBUILD[0],
            task=REBUILD[1],
            crontab=nightly,
            description="Both rollups rebuilt from scratch (what no updated_at records, such as a project's "
            "field edited, is picked up here).",
        )


def unschedule(apps, schema_editor) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task in (REFRESH, REBUILD):
        PeriodicTask.objects.filter(name=name, task=task).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_rollups"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
