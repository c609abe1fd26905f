"""The hourly auto-approval task now lives in `engagements.tasks`: point its schedule there."""

from django.db import migrations

OLD_PATH = "applications.tasks.deliverables_auto_approve_overdue"
NEW_PATH = "engagements.tasks.deliverables_auto_approve_overdue"


def rename_task(apps, schema_editor, old: str = OLD_PATH, new: str = NEW_PATH) -> None:
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(task=old).update(task=new)


def rename_task_back(apps, schema_editor) -> None:
    rename_task(apps, schema_editor, old=NEW_PATH, new=OLD_PATH)


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0002_tables_and_indexes_renamed"),
        ("applications", "0004_deliverable_private_files"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(rename_task, rename_task_back)]
