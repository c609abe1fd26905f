"""The reminder scans, the daily digest and the closing of expired projects, scheduled in the database
(django-celery-beat's DatabaseScheduler), where staff can change or pause them in the admin.

Hourly: deadlines coming up or passed, and projects past their application deadline. Daily: the digest at
07:00, then at 09:00 the no-ghosting nudge and auto-close and the reviews still owed. A task already
scheduled under another name (by hand, or by another migration) is left as it is, so nothing runs twice.
"""

from django.conf import settings
from django.db import migrations

HOURLY = "hourly"
SCHEDULE = [
    (
        "Remind students of saved projects closing soon",
        "notifications.tasks.saved_project_deadlines_remind",
        HOURLY,
        "Students who saved an open project and have not applied hear MARKETPLACE['REMINDER_LEAD_HOURS'] "
        "before its application deadline, once per project.",
    ),
    (
        "Remind of milestones due and overdue",
        "notifications.tasks.milestone_deadlines_remind",
        HOURLY,
        "The student hears of a milestone due within MARKETPLACE['REMINDER_LEAD_HOURS']; both sides hear "
        "once it is overdue. Once per milestone and due date.",
    ),
    (
        "Remind of engagements due and overdue",
        "notifications.tasks.engagement_deadlines_remind",
        HOURLY,
        "The student hears of work due within MARKETPLACE['REMINDER_LEAD_HOURS']; both sides hear once it "
        "is overdue. Once per engagement and due date.",
    ),
    (
        "Close projects past their application deadline",
        "projects.tasks.projects_close_expired",
        HOURLY,
        "Open projects whose application deadline has passed stop taking applications (in progress, closed "
        "at the deadline).",
    ),
    (
        "Send the daily notification digests",
        "notifications.tasks.notification_digests_send",
        "7",
        "Emails each user who chose a daily digest the notices gathered since the last one.",
    ),
    (
        "Nudge employers about applicants waiting",
        "notifications.tasks.waiting_applicants_nudge",
        "9",
        "Employers hear of applicants waiting MARKETPLACE['EMPLOYER_NUDGE_DAYS'] days or more for an answer: "
        "one nudge per project, again only when more applicants cross the line.",
    ),
    (
        "Close applications left unanswered",
        "notifications.tasks.unanswered_applications_close",
        "9",
        "No ghosting: applications unanswered for MARKETPLACE['APPLICATION_AUTO_CLOSE_DAYS'] days are "
        "closed, and the student gets a kind note.",
    ),
    (
        "Remind of reviews still owed",
        "notifications.tasks.owed_reviews_remind",
        "9",
        "Each side that has not reviewed hears MARKETPLACE['REVIEW_REMINDER_DAYS'] days after the work "
        "ended, while the review window is open.",
    ),
]


def schedule(apps, schema_editor) -> None:
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_hour, _ = IntervalSchedule.objects.get_or_create(every=1, period="hours")
    for name, task, when, description in SCHEDULE:
        if PeriodicTask.objects.filter(task=task).exists():
            continue
        if when == HOURLY:
            timing = {"interval": every_hour}
        else:
            daily, _ = CrontabSchedule.objects.get_or_create(
                minute="0",
                hour=when,
                day_of_week="*",
                day_of_month="*",
                month_of_year="*",
                timezone=settings.CELERY_TIMEZONE,
            )
            timing = {"crontab": daily}
        PeriodicTask.objects.create(name=name, task=task, description=description, **timing)


def unschedule(apps, schema_editor) -> None:
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, _when, _description in SCHEDULE:
        PeriodicTask.objects.filter(name=name, task=task).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0002_notification_public_id"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
