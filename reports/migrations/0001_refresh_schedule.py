"""Beat schedule of the reports: the current term's reports of every career office recomputed every 10
minutes (they are kept 15), so staff rarely wait for one."""

from django.db import migrations

NAME = "Refresh the career offices' reports"
TASK = "reports.tasks.reports_refresh"


def schedule(apps, schema_editor) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(task=TASK).exists():
        return
    interval, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.create(
        name=NAME,
        task=TASK,
        interval=interval,
        description="The headline figures and the four reports over the current term, for every university "
        "with career staff, recomputed and kept for 15 minutes.",
    )


def unschedule(apps, schema_editor) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=NAME, task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [("django_celery_beat", "0019_alter_periodictasks_options")]

    operations = [migrations.RunPython(schedule, unschedule)]
