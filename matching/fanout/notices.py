"""The batch write: one statement per batch scores its students, writes their whys and inserts the notices.
See the package's docstring."""

from collections.abc import Sequence

from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from matching.fanout.statement import (
    STATEMENT_SETTINGS,
    ProjectSkills,
    ScoredStudents,
    StudentRange,
    eligible,
    match_notice_key,
    notice_body,
    recipient_filters,
)
from matching.reasons import match_from_row
from matching.scoring import ProjectSide, StudentSide, match_annotations
from notifications.models import NotificationKind
from notifications.services import Notice, notify_selected
from projects.models import Project, ProjectStatus
from students.models import StudentProfile


def match_project_for_notices(*, project_id: int) -> Project | None:
    """The project when students may still apply to it (open, deadline ahead), else None: nothing to tell."""
    return (
        Project.objects.filter(pk=project_id, status=ProjectStatus.OPEN)
        .select_related("employer")
        .filter(Q(application_deadline__isnull=True) | Q(application_deadline__gt=timezone.now()))
        .first()
    )


def match_notify_batch(*, project: Project, user_ids: Sequence[int]) -> int:
    """Tell these students about ``project``, each with the one-line why of their match; returns how many
    were newly told. They are told whatever their score (the caller chose them); a user without a student
    profile gets the notice without a why.

    Repeating a batch tells nobody twice and queues no second email (the notices' unique key and the email
    claim). Safe inside the caller's transaction: emails leave only after it commits.
    """
    user_ids = list(dict.fromkeys(user_ids))
    if not user_ids:
        return 0
    skills = ProjectSkills.of(project)
    students = StudentProfile.objects.filter(user_id__in=user_ids).order_by()
    sql, params = ScoredStudents(
        project=project, skills=skills, students=students, now=timezone.now()
    ).statement(recipients_only=False)
    recipients = f"""
        SELECT wanted.user_id, scored.body
          FROM unnest(%s::bigint[]) AS wanted(user_id)
          LEFT JOIN ({sql}) AS scored ON scored.user_id = wanted.user_id
    """
    return _notify(project, recipients, [user_ids, *params])


def match_notify_range(*, project: Project, students: StudentRange) -> int:
    """Tell the recipients among the candidates in ``students`` about ``project`` (the uncapped fan-out's
    batch): the whole rule of ``match_recipients_for_project`` but the cap, applied in the statement that
    scores them, writes their whys and inserts the notices. Returns how many were newly told; repeating a
    range tells nobody twice."""
    skills = ProjectSkills.of(project)
    if not skills.all_ids:
        return 0
    # Eligible rather than candidates: whether they share a skill is read once, from the held skills.
    chosen = eligible().filter(
        *recipient_filters(project), pk__gt=students["after"], pk__lte=students["upto"]
    )
    sql, params = ScoredStudents(
        project=project, skills=skills, students=chosen, now=timezone.now()
    ).statement(recipients_only=True)
    return _notify(project, f"SELECT user_id, body FROM ({sql}) AS scored", params)


def match_whys_for_students(*, project: Project, user_ids: Sequence[int]) -> dict[int, str]:
    """The one-line why of each student's match with ``project``, by user id, written in Python from the
    scoring's components (`match_from_row`): what the batch statement's why says in SQL, for a page that
    shows it and for the test that keeps the two the same."""
    rows = StudentProfile.objects.filter(user_id__in=user_ids).annotate(
        **match_annotations(project=ProjectSide.of(project), student=StudentSide.columns(), with_names=True)
    )
    return {row.user_id: match_from_row(row, project=project, student=row).why for row in rows}


def _notify(project: Project, recipients_sql: str, params: list) -> int:
    notice = Notice(
        kind=NotificationKind.NEW_MATCH,
        key=match_notice_key(project=project),
        title=f"New project matching your skills: {project.title}",
        body=notice_body(project),
        url=reverse("projects:detail", kwargs={"public_id": project.public_id}),
    )
    # No savepoint inside a caller's transaction: SET LOCAL then lasts until it ends, which is harmless.
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(STATEMENT_SETTINGS)
        return notify_selected(recipients_sql=recipients_sql, params=params, notice=notice)
