"""Beat schedules of invitations: the hourly reminder of business invitations unanswered after 7 days
(each reminded once), the 10-minute sweep sending invitations whose task was lost, and the daily pruning of
unconfirmed uploads."""

from django.db import migrations

SCHEDULES = [
    (
        "Delete unconfirmed invitation uploads",
        "invitations.tasks.invitation_uploads_prune",
        (1, "days"),
        "CSV uploads nobody confirmed within two days are deleted, with the names and addresses they hold.",
    ),
    (
        "Remind local businesses of unanswered invitations",
        "invitations.tasks.business_invitations_remind",
        (1, "hours"),
        "Business invitations sent 7 days ago or more that nobody answered are reminded, once each "
        "(claimed before sending, so overlapping runs never remind twice).",
    ),
    (
        "Send invitations whose task was lost",
        "invitations.tasks.invitation_emails_sweep",
        (10, "minutes"),
        "Invitations still unsent 10 minutes after they were confirmed (a worker died, or the broker was down) "
        "are sent; each is claimed first, so none goes out twice.",
    ),
]


def schedule(apps, schema_editor) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (every, period), description in SCHEDULES:
        if PeriodicTask.objects.filter(task=task).exists():
            continue
        interval, _ = IntervalSchedule.objects.get_or_create(every=every, period=period)
        PeriodicTask.objects.create(name=name, task=task, interval=interval, description=description)


def unschedule(apps, schema_editor) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, _every, _description in SCHEDULES:
        PeriodicTask.objects.filter(name=name, task=task).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("invitations", "0002_career_office_permissions"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
