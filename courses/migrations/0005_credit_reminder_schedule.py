"""The academic credit reminders, scheduled daily at 09:00 in the database (django-celery-beat's
DatabaseScheduler), where staff can change or pause them in the admin. A task already scheduled under
another name (by hand) is left as it is, so nothing runs twice."""

from django.conf import settings
from django.db import migrations

SCHEDULE = [
    (
        "Remind employers of competency evaluations owed",
        "courses.tasks.credit_evaluations_remind",
        "The employer's members hear once when the work for an approved credit request completed 3 days ago "
        "or more and they have not evaluated the student's competencies.",
    ),
    (
        "Remind students of credit reflections owed",
        "courses.tasks.credit_reflections_remind",
        "The student hears once when the work for their approved credit request completed 3 days ago or "
        "more and they have not written their reflection.",
    ),
    (
        "Remind faculty of credit waiting for sign-off",
        "courses.tasks.credit_sign_offs_remind",
        "The course's instructors hear once when a credit request's evaluation and reflection have both "
        "been in for 7 days and nobody has signed it off.",
    ),
]
HOUR = "9"


def schedule(apps, schema_editor) -> None:
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour=HOUR,
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.CELERY_TIMEZONE,
    )
    for name, task, description in SCHEDULE:
        if PeriodicTask.objects.filter(task=task).exists():
            continue
        PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": daily, "description": description}
        )


def unschedule(apps, schema_editor) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, _description in SCHEDULE:
        PeriodicTask.objects.filter(name=name, task=task).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_lti"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
