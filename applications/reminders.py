"""No ghosting: periodic scans (run by celery beat, see applications/tasks.py) over applications left waiting.

Employers are nudged about applicants waiting too long for an answer; applications unanswered longer still
are closed, each with a kind note to the student. Each scan is a service taking `now`, reads the
(status, created_at) index and works through bounded batches. Both are safe to run twice at once: a nudge
reaches users only through `notify`, whose unique (user, key) tells each user once, and each close re-checks
its application under lock (`application_close_unanswered`).
"""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Max, Min
from django.urls import reverse

from applications.models import PENDING_APPLICATION_STATUSES, Application
from applications.services.applications import application_close_unanswered
from employers.selectors import employer_member_ids_by_employer
from marketplace.iterables import batched
from notifications.models import NotificationKind
from notifications.services import Notice, notify
from notifications.text import quoted
from projects.models import Project

BATCH_SIZE = 500


def _waiting_cutoff(now: dt.datetime, setting: str) -> dt.datetime:
    return now - dt.timedelta(days=settings.MARKETPLACE[setting])


def waiting_applicants_nudge(*, now: dt.datetime) -> int:
    """Employers hear of applicants waiting EMPLOYER_NUDGE_DAYS or more for an answer: one nudge per project
    saying how many wait and when the oldest closes, rather than one per applicant (a busy posting would
    flood its members' inboxes).

    The key names the newest applicant among those waiting too long, so a project is nudged again only when
    more applicants cross the line, never twice about the same ones. Waiting counts from the application, as
    the employer dashboard does. Reads the (status, created_at) index.
    """
    nudge_days = settings.MARKETPLACE["EMPLOYER_NUDGE_DAYS"]
    close_days = settings.MARKETPLACE["APPLICATION_AUTO_CLOSE_DAYS"]
    overdue = list(
        Application.objects.filter(
            status__in=PENDING_APPLICATION_STATUSES,
            created_at__lte=_waiting_cutoff(now, "EMPLOYER_NUDGE_DAYS"),
        )
        .order_by("project_id")
        .values("project_id")
        .annotate(waiting=Count("pk"), oldest=Min("created_at"), newest_id=Max("pk"))
    )
    told = 0
    for batch in batched(overdue, BATCH_SIZE):
        projects = Project.objects.in_bulk([row["project_id"] for row in batch])
        members = employer_member_ids_by_employer(
            employer_ids=[project.employer_id for project in projects.values()]
        )
        for row in batch:
            project = projects[row["project_id"]]
            waiting, oldest_days = row["waiting"], (now - row["oldest"]).days
            closes_in = max(0, close_days - oldest_days)
            applicants = f"{waiting} applicant{'s' if waiting != 1 else ''}"
            have = "have" if waiting != 1 else "has"
            told += notify(
                user_ids=members.get(project.employer_id, []),
                notice=Notice(
                    kind=NotificationKind.APPLICANTS_WAITING,
                    key=f"waiting:project:{project.pk}:through:{row['newest_id']}",
                    title=f"{applicants} waiting for your answer on {quoted(project.title)}",
                    body=f"{applicants} to {quoted(project.title)} {have} waited "
                    f"{nudge_days} days or more, the oldest for {oldest_days} days. Shortlist, accept or "
                    f"decline them: applications unanswered for {close_days} days close with a polite note "
                    f"(the oldest in {closes_in} day{'s' if closes_in != 1 else ''}).",
                    url=reverse("manage:applicants", kwargs={"public_id": project.public_id}),
                ),
            )
    return told


def unanswered_applications_close(*, now: dt.datetime) -> int:
    """Close each application left unanswered for APPLICATION_AUTO_CLOSE_DAYS, each in its own transaction
    (see `application_close_unanswered`, which re-checks it under lock and tells the student kindly).

    Works oldest first in batches of BATCH_SIZE ids, over the (status, created_at) index. Returns how many
    applications this call closed (a concurrent run closes the others).
    """
    cutoff = _waiting_cutoff(now, "APPLICATION_AUTO_CLOSE_DAYS")
    ids = list(
        Application.objects.filter(status__in=PENDING_APPLICATION_STATUSES, created_at__lte=cutoff)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    closed = 0
    for batch in batched(ids, BATCH_SIZE):
        for application in Application.objects.filter(pk__in=batch).order_by("created_at", "pk"):
            closed += application_close_unanswered(application=application, now=now)
    return closed
