"""Deliverable files move to the private storage (served only to the two sides), and the hourly job that
approves deliverables left unanswered is scheduled in the database, where staff can change it in the admin.
"""

from django.db import migrations, models

import marketplace.uploads

TASK_NAME = "Approve deliverables left unanswered"
TASK_PATH = "applications.tasks.deliverables_auto_approve_overdue"


def schedule_auto_approval(apps, schema_editor) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    PeriodicTask.objects.get_or_create(
        name=TASK_NAME,
        defaults={
            "task": TASK_PATH,
            "interval": every_hour,
            "description": "Approves each deliverable the employer has not answered within "
            "MARKETPLACE['AUTO_APPROVE_DAYS'] days, and tells both sides why in the engagement's thread.",
        },
    )


def unschedule_auto_approval(apps, schema_editor) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name=TASK_NAME, task=TASK_PATH).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0003_engagement_read_mark"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.AlterField(
            model_name="deliverablesubmission",
            name="file",
            field=models.FileField(
                blank=True, storage=marketplace.uploads.private_storage, upload_to="deliverables/%Y/%m/"
            ),
        ),
        migrations.RunPython(schedule_auto_approval, unschedule_auto_approval),
    ]
