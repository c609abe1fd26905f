"""Every 10 minutes, instant emails whose task was lost are sent (notifications.emails.notification_emails_sweep)."""

from django.db import migrations

NAME = "Send instant emails whose task was lost"
TASK = "notifications.tasks.notification_emails_sweep"


def schedule(apps, schema_editor) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(task=TASK).exists():
        return
    every_ten_minutes, _ = IntervalSchedule.objects.get_or_create(every=10, period="minutes")
    PeriodicTask.objects.create(
        name=NAME,
        task=TASK,
        interval=every_ten_minutes,
        description="Instant emails still waiting 10 minutes after their notice (a worker died before queueing "
        "them, or the broker was down) are sent; each is claimed first, so none goes out twice.",
    )


def unschedule(apps, schema_editor) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=NAME, task=TASK).delete()


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_reminder_schedule")]

    operations = [migrations.RunPython(schedule, unschedule)]
