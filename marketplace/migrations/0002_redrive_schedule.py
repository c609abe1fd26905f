"""Every minute, parked tasks that are due are queued again (marketplace.parked.parked_tasks_redrive)."""

from django.db import migrations

NAME = "Queue parked tasks again"
TASK = "marketplace.tasks.parked_tasks_redrive"


def schedule(apps, schema_editor) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(task=TASK).exists():
        return
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.create(
        name=NAME,
        task=TASK,
        interval=every_minute,
        description="Tasks that could not be queued (the broker was down) are sent once it is back; tasks that "
        "gave up after their retries are tried again after 10 minutes, doubling up to 6 hours, 5 times.",
    )


def unschedule(apps, schema_editor) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME, task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0001_parked_task"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
