"""Telling matching students about a newly published project: who is told, in what order, and the batch write.

The tasks in matching/tasks.py drive it: one fan-out task per published project computes the recipients once
and hands them out in batches; each batch is one ``notify()`` call (one INSERT … SELECT). Every step is safe
to repeat: ``notify`` skips users already told about the project's key, so a redelivered task writes and
emails nothing twice.

Fair exposure: among students with the same score, those told about a match longest ago (or never) come first,
so a per-project cap does not hand every notice to the same few profiles.
"""

from collections.abc import Sequence

from django.conf import settings
from django.db import connection
from django.db.models import CharField, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import MD5, Cast, Concat
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from matching.reasons import match_from_row
from matching.scoring import ProjectSide, StudentSide, match_annotations, project_student_scores
from notifications.models import (
    DEFAULT_DELIVERY,
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from notifications.services import Notice, notify
from projects.models import Project, ProjectStatus
from projects.selectors import project_audience_q
from students.models import StudentProfile


def match_notice_key(*, project: Project) -> str:
    """The notice's key: with the unique (user, key) constraint, each student hears of a project once."""
    return f"match:project:{project.public_id}"


def match_project_for_notices(*, project_id: int) -> Project | None:
    """The project when students may still apply to it (open, deadline ahead), else None: nothing to tell."""
    return (
        Project.objects.filter(pk=project_id, status=ProjectStatus.OPEN)
        .select_related("employer")
        .filter(Q(application_deadline__isnull=True) | Q(application_deadline__gt=timezone.now()))
        .first()
    )


def _wants_match_notices() -> Q:
    """Students who have not turned new-match notices off (or who turned them on, were the default off).

    ``notify`` applies the same rule; applying it here too keeps those students from using up the cap."""
    preference = NotificationPreference.objects.filter(
        user_id=OuterRef("user_id"), kind=NotificationKind.NEW_MATCH
    )
    if DEFAULT_DELIVERY[NotificationKind.NEW_MATCH] == Delivery.OFF:
        return Q(Exists(preference.exclude(delivery=Delivery.OFF)))
    return ~Q(Exists(preference.filter(delivery=Delivery.OFF)))


def match_recipients_for_project(*, project: Project) -> list[int]:
    """User ids of the students to tell about ``project``, in the order they should be told.

    Who: students scoring at least MARKETPLACE["MATCH_NOTIFY_THRESHOLD"] who could apply — active account,
    verified at their university, in the project's audience (the partners-only rule of
    ``project_audience_q``), not applied yet, new-match notices not turned off.

    Order: best score first; among equal scores, the student whose last new-match notice is oldest (never
    told first), then a tie-break that is stable for this project (the same list when the fan-out is
    redelivered) but different from one project to the next. Capped at
    MARKETPLACE["MATCH_NOTIFY_MAX_PER_PROJECT"] (0 = everyone).

    "Last told" is a correlated subquery over Notification(kind=new_match) served by the existing
    (user, -created_at) index, not a table of its own: the notices are already the record of who was told
    when, and a second record could drift from them. Notices about this very project are left out of it, so
    a redelivered fan-out ranks everyone exactly as the first run did and reaches the same students.

    The scores are computed once per student in a MATERIALIZED CTE, then filtered and ordered: filtering and
    ordering the queryset itself would make PostgreSQL evaluate the whole score expression (a dozen
    subqueries) again in WHERE and ORDER BY.
    """
    config = settings.MARKETPLACE
    key = match_notice_key(project=project)
    last_told = (
        Notification.objects.filter(user_id=OuterRef("user_id"), kind=NotificationKind.NEW_MATCH)
        .exclude(key=key)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    in_audience = Project.objects.filter(
        project_audience_q(university_id=OuterRef(OuterRef("university_id"))), pk=project.pk
    )
    applied = Application.objects.filter(project_id=project.pk, student_id=OuterRef("pk"))
    candidates = (
        project_student_scores(project=project)
        .filter(
            _wants_match_notices(),
            Exists(in_audience),
            ~Exists(applied),
            user__is_active=True,
            verified_at__isnull=False,
            university__isnull=False,
        )
        .annotate(
            last_match_notice_at=Subquery(last_told),
            rotation_tie_break=MD5(Concat(Cast("user_id", CharField()), Value(f":{project.public_id}"))),
        )
        .values("user_id", "match_score", "last_match_notice_at", "rotation_tie_break")
    )
    sql, params = candidates.query.sql_with_params()
    cap = config["MATCH_NOTIFY_MAX_PER_PROJECT"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH candidate AS MATERIALIZED ({sql})
            SELECT user_id FROM candidate
             WHERE match_score >= %s
             ORDER BY match_score DESC, last_match_notice_at ASC NULLS FIRST, rotation_tie_break, user_id
             {"LIMIT %s" if cap else ""}
            """,
            (*params, config["MATCH_NOTIFY_THRESHOLD"], *([cap] if cap else [])),
        )
        return [row[0] for row in cursor.fetchall()]


def match_recipient_batches(*, project: Project) -> list[list[int]]:
    """The recipients cut into batches of MARKETPLACE["MATCH_FANOUT_BATCH"] ids, one batch task each."""
    size = max(1, settings.MARKETPLACE["MATCH_FANOUT_BATCH"])
    recipients = match_recipients_for_project(project=project)
    return [recipients[start : start + size] for start in range(0, len(recipients), size)]


def match_notify_batch(*, project: Project, user_ids: Sequence[int]) -> int:
    """Tell these students about ``project``, each with the one-line why of their match; returns how many
    were newly told.

    Repeating a batch tells nobody twice and queues no second email (``notify``'s unique key and the email
    claim). Safe inside the caller's transaction: emails leave only after it commits.
    """
    user_ids = list(user_ids)
    shared = _notice_body(project)
    whys = match_whys_for_students(project=project, user_ids=user_ids)
    notice = Notice(
        kind=NotificationKind.NEW_MATCH,
        key=match_notice_key(project=project),
        title=f"New project matching your skills: {project.title}",
        body=shared,
        url=reverse("projects:detail", kwargs={"public_id": project.public_id}),
    )
    bodies = [f"{whys[user_id]}. {shared}" if user_id in whys else shared for user_id in user_ids]
    return notify(user_ids=user_ids, notice=notice, bodies=bodies)


def match_whys_for_students(*, project: Project, user_ids: Sequence[int]) -> dict[int, str]:
    """The one-line why of each student's match with ``project``, by user id, in one query for the batch:
    the reasons come from the scoring's own components (matching.scoring), never recomputed here."""
    rows = StudentProfile.objects.filter(user_id__in=user_ids).annotate(
        **match_annotations(project=ProjectSide.of(project), student=StudentSide.columns(), with_names=True)
    )
    return {row.user_id: match_from_row(row, project=project, student=row).why for row in rows}


def _notice_body(project: Project) -> str:
    hours = f"about {project.estimated_hours} hours"
    fee = f"{project.fee:,.2f} {project.currency}"
    deadline = (
        f" Apply by {timezone.localtime(project.application_deadline):%d %B %Y}."
        if project.application_deadline
        else ""
    )
    return f"{project.employer.name} posted a project that fits your profile: {hours}, {fee}.{deadline}"
