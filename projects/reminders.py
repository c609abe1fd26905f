"""Reminders about saved projects: a periodic scan (run by celery beat, see projects/tasks.py) telling
students who saved a project and have not applied that its applications close soon.

The scan is a service taking `now`, reads over indexed columns, and reaches users only through `notify`,
whose unique (user, key) makes each reminder happen at most once per user: a second scan, a redelivered
task or two beat processes running at once insert nothing new. It returns how many notices it recorded.
"""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from marketplace.iterables import batched
from notifications.models import NotificationKind
from notifications.services import Notice, notify
from notifications.text import quoted
from projects.models import Project, ProjectStatus, SavedProject

BATCH_SIZE = 500
CLOSES_AT_FORMAT = r"l j M \a\t H:i"


def saved_project_deadlines_remind(*, now: dt.datetime) -> int:
    """Students who saved an open project and have not applied hear REMINDER_LEAD_HOURS before its
    application deadline (once per project: key ``deadline:project:<id>``).

    The projects come from the (status, application_deadline) index; the savers of each, less those with an
    application of any status, from the saved projects' project index. (Applications are reached through
    the student's relation, so projects need not import the app above it.)
    """
    lead = dt.timedelta(hours=settings.MARKETPLACE["REMINDER_LEAD_HOURS"])
    projects = list(
        Project.objects.filter(
            status=ProjectStatus.OPEN, application_deadline__gt=now, application_deadline__lte=now + lead
        )
        .select_related("employer")
        .order_by("application_deadline", "pk")
    )
    told = 0
    for project in projects:
        savers = list(
            SavedProject.objects.filter(project=project, student__user__is_active=True)
            .exclude(student__applications__project=project)
            .order_by("student__user_id")
            .values_list("student__user_id", flat=True)
        )
        closes = timezone.localtime(project.application_deadline)
        notice = Notice(
            kind=NotificationKind.DEADLINE,
            key=f"deadline:project:{project.pk}",
            title=f"Applications for {quoted(project.title)} close {date_format(closes, CLOSES_AT_FORMAT)}",
            body=f"You saved {quoted(project.title)} by {project.employer.name} and have not applied yet. "
            f"Applications close on {date_format(closes, CLOSES_AT_FORMAT)}.",
            url=reverse("projects:detail", kwargs={"public_id": project.public_id}),
        )
        for user_ids in batched(savers, BATCH_SIZE):
            told += notify(user_ids=user_ids, notice=notice)
    return told
