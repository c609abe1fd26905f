"""Reads of career exploration: where a student has been (fields worked in, applied to, saved; hours; the
skills they showed over time), the paths they have not tried, the employers' future-hire marks, the
talent lists and the invitations. Every read is scoped to its owner at the source; each screen costs a
fixed number of queries whatever the student's history."""

import datetime as dt
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from applications.models import Application
from employers.models import Employer
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    EngagementStatus,
    HoursLog,
    Review,
    ReviewSide,
    SubmissionStatus,
)
from engagements.selectors import reviews_unblinded_q
from exploration.models import FutureHire, InvitationStatus, TalentInvitation
from matching.reasons import Match
from matching.selectors import match_list_for_student
from projects.models import Project, ProjectStatus, SavedProject, SkillCategory
from projects.selectors import project_open_to_student_q
from students.models import StudentProfile

PATHS_SHOWN = 6


@dataclass(frozen=True)
class FieldRow:
    """One field (a `SkillCategory`) and what the student did in it."""

    field: str
    label: str
    worked: int = 0
    applied: int = 0
    saved: int = 0
    hours: Decimal = Decimal(0)


@dataclass(frozen=True)
class SkillRow:
    name: str
    from_work: int
    from_reviews: int

    @property
    def total(self) -> int:
        return self.from_work + self.from_reviews


@dataclass(frozen=True)
class Exploration:
    """What the exploration page and its API show. `fields` lists every field the student touched, most
    worked first; `skills_by_month` the cumulative count of distinct skills shown, month by month."""

    fields: list[FieldRow]
    skills: list[SkillRow]
    skills_by_month: list[tuple[str, int]]
    unexplored_fields: list[tuple[str, str]] = field(default_factory=list)

    @property
    def hours_total(self) -> Decimal:
        return sum((row.hours for row in self.fields), Decimal(0))


def _counts_by_field(queryset: QuerySet, path: str) -> dict[str, int]:
    return {row[path]: row["n"] for row in queryset.values(path).annotate(n=Count("pk", distinct=True))}


def _field_rows(student: StudentProfile) -> list[FieldRow]:
    """Four queries: engagements, applications, saves and hours, each grouped by field in SQL."""
    worked = _counts_by_field(
        Engagement.objects.filter(student=student).exclude(status=EngagementStatus.CANCELLED),
        "project__field",
    )
    applied = _counts_by_field(Application.objects.filter(student=student), "project__field")
    saved = _counts_by_field(SavedProject.objects.filter(student=student), "project__field")
    hours = {
        row["engagement__project__field"]: row["h"]
        for row in HoursLog.objects.filter(engagement__student=student)
        .values("engagement__project__field")
        .annotate(h=Sum("hours"))
    }
    rows = [
        FieldRow(
            field=value,
            label=label,
            worked=worked.get(value, 0),
            applied=applied.get(value, 0),
            saved=saved.get(value, 0),
            hours=hours.get(value) or Decimal(0),
        )
        for value, label in SkillCategory.choices
        if value in worked or value in applied or value in saved or value in hours
    ]
    return sorted(rows, key=lambda row: (-row.worked, -row.hours, -row.applied, -row.saved, row.label))


def _skill_events(student: StudentProfile, now: dt.datetime) -> list[tuple[dt.date, str, str]]:
    """(day, skill name, "work" or "review") for each skill shown: the required skills of a project whose
    deliverable the employer approved, on the day approved; the skills an employer's review endorsed, once
    the student may read that review (double-blind), on the day written. Two queries."""
    work = (
        DeliverableSubmission.objects.filter(
            status=SubmissionStatus.APPROVED,
            milestone__engagement__student=student,
            milestone__engagement__project__required_skills__isnull=False,
        )
        .values_list("reviewed_at", "created_at", "milestone__engagement__project__required_skills__name")
        .distinct()
    )
    reviews = (
        Review.objects.filter(engagement__student=student, side=ReviewSide.EMPLOYER)
        .filter(reviews_unblinded_q(now=now))
        .filter(skills_demonstrated__isnull=False)
        .values_list("created_at", "skills_demonstrated__name")
    )
    events = [(timezone.localdate(reviewed or created), name, "work") for reviewed, created, name in work]
    events += [(timezone.localdate(created), name, "review") for created, name in reviews]
    return sorted(events)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _skills_by_month(events: list[tuple[dt.date, str, str]], today: dt.date) -> list[tuple[str, int]]:
    """How many distinct skills were shown up to the end of each month, from the first event to today."""
    if not events:
        return []
    seen: set[str] = set()
    by_month: dict[dt.date, set[str]] = defaultdict(set)
    for day, name, _ in events:
        by_month[day.replace(day=1)].add(name)
    result = []
    for month in _months(events[0][0], max(today, events[-1][0])):
        seen |= by_month.get(month, set())
        result.append((f"{month:%b %Y}", len(seen)))
    return result


def exploration_for_student(*, student: StudentProfile, now: dt.datetime | None = None) -> Exploration:
    """The student's exploration: six queries however long their history."""
    now = now or timezone.now()
    rows = _field_rows(student)
    events = _skill_events(student, now)
    work = Counter(name for _, name, source in events if source == "work")
    reviews = Counter(name for _, name, source in events if source == "review")
    skills = sorted(
        (SkillRow(name, work[name], reviews[name]) for name in set(work) | set(reviews)),
        key=lambda row: (-row.total, row.name),
    )
    touched = {row.field for row in rows}
    return Exploration(
        fields=rows,
        skills=skills,
        skills_by_month=_skills_by_month(events, timezone.localdate(now)),
        unexplored_fields=[(value, label) for value, label in SkillCategory.choices if value not in touched],
    )


def unexplored_q(student: StudentProfile, now: dt.datetime) -> Q:
    """Open projects `student` may apply to in a field they have not explored: no application (so no
    engagement either) and no save in it. Reads the student only through `student.pk`, so the ranking
    statement compiled for it serves every student (see `match_list_for_student`)."""
    applied = Application.objects.filter(student_id=student.pk).values("project__field")
    saved = SavedProject.objects.filter(student_id=student.pk).values("project__field")
    return project_open_to_student_q(student=student, now=now) & ~Q(field__in=applied) & ~Q(field__in=saved)


def unexplored_matches_for_student(
    *, student: StudentProfile, limit: int = PATHS_SHOWN, now: dt.datetime | None = None
) -> list[tuple[Project, Match]]:
    """ "Paths you have not tried": the recommendations (same score, same reasons) narrowed to fields the
    student has not explored. Three queries."""
    return match_list_for_student(student=student, limit=limit, now=now, where=unexplored_q)


# --- Future-hire marks and talent lists -----------------------------------------------------------------


def future_hire_list_for_student(*, student: StudentProfile) -> QuerySet[FutureHire]:
    return FutureHire.objects.filter(student=student).select_related("employer", "engagement__project")


def future_hire_list_public(*, student: StudentProfile) -> QuerySet[FutureHire]:
    """The marks the student chose to show on their portfolio."""
    return future_hire_list_for_student(student=student).filter(shown_on_portfolio=True)


def future_hire_get_for_student(*, user: User, pk: int) -> FutureHire:
    """The student's own mark; 404 for anyone else's."""
    mark = FutureHire.objects.filter(pk=pk, student__user=user).select_related("employer").first()
    if mark is None:
        raise Http404("No such mark.")
    return mark


def talent_list_for_employer(*, employer: Employer) -> QuerySet[FutureHire]:
    """The students `employer` marked, newest first, with the open invitation of each (if any) as
    `open_invitation_project` (its title), in one query."""
    open_invitation = TalentInvitation.objects.filter(
        employer=employer, student=OuterRef("student"), status=InvitationStatus.OPEN
    )
    return (
        FutureHire.objects.filter(employer=employer)
        .select_related("student__user", "engagement__project", "marked_by")
        .annotate(
            open_invitation_project=Subquery(open_invitation.values("project__title")[:1]),
        )
    )


def employer_open_projects(*, employer: Employer, now: dt.datetime | None = None) -> QuerySet[Project]:
    """The organisation's projects a student could be invited to: open, deadline ahead."""
    now = now or timezone.now()
    return Project.objects.filter(
        employer=employer, status=ProjectStatus.OPEN, application_deadline__gt=now
    ).order_by("application_deadline", "pk")


# --- Invitations --------------------------------------------------------------------------------------


def invitation_list_for_student(*, student: StudentProfile) -> QuerySet[TalentInvitation]:
    return TalentInvitation.objects.filter(student=student).select_related("employer", "project")


def invitation_get_for_student(*, user: User, public_id: object) -> TalentInvitation:
    """The student's own invitation; 404 for anyone else's (or a malformed id)."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404("No such invitation.") from exc
    invitation = (
        TalentInvitation.objects.filter(public_id=public_id, student__user=user)
        .select_related("project", "employer")
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation
