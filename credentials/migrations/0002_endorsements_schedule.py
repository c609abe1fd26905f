"""The hourly scan that adds the employer's endorsed skills to credentials once the review window closes,
scheduled in the database (django-celery-beat), where staff can change or pause it in the admin."""

from django.db import migrations

TASK_NAME = "Add endorsed skills to credentials when reviews become visible"
TASK_PATH = "credentials.tasks.credential_endorsements_refresh"


def schedule(apps, schema_editor) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    if PeriodicTask.objects.filter(task=TASK_PATH).exists():
        return
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK_PATH,
            "interval": every_hour,
            "description": "Signs again each credential whose employer review, with skills ticked, became "
            "visible when the review window closed, so the credential lists the skills endorsed.",
        },
    )


def unschedule(apps, schema_editor) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name=TASK_NAME, task=TASK_PATH
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0001_credentials"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
