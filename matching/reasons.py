"""A match's reasons, written in Python from the components `matching.scoring` annotated on a row (see
`match_annotations(..., with_names=True)`), so the reasons never disagree with the score."""

from dataclasses import dataclass, field
from typing import Any

from projects.models import LocationType, Project
from students.models import StudentProfile


@dataclass(frozen=True)
class Match:
    """A score with the reasons behind it, written from the annotated components."""

    score: int
    reasons: list[str]
    why: str
    matched_skills: list[str]
    missing_skills: list[str]
    nice_skills: list[str] = field(default_factory=list)
    hours_fit: bool = True
    weekly_added: float = 0.0
    weekly_left: float = 0.0


def _hours(value: float) -> str:
    rounded = round(value, 1)
    return f"{rounded:g} h"


def _names_list(names: list[str]) -> str:
    return ", ".join(names)


def match_from_row(
    row: Any, *, project: Project, student: StudentProfile, audience: str = "student"
) -> Match:
    """The `Match` of an annotated row (a Project, StudentProfile or Application annotated with
    `match_annotations(..., with_names=True)`) between `project` and `student` (one of them is usually the
    row itself). `audience` "student" says "you", "employer" says "they"."""
    you, your = ("you", "your") if audience == "student" else ("they", "their")
    matched = list(row.m_required_matched_names or [])
    missing = list(row.m_required_missing_names or [])
    nice = list(row.m_nice_matched_names or [])
    total = row.m_required_total
    reasons: list[str] = []
    if total:
        text = f"{row.m_required_matched} of {total} required skill{'s' if total != 1 else ''}"
        if matched:
            text += f" ({_names_list(matched)})"
        if missing:
            text += f"; missing: {_names_list(missing)}"
        reasons.append(text)
    if nice:
        reasons.append(f"Nice to have: {_names_list(nice)}")
    if row.m_major_fit:
        reasons.append(f"Matches {your} major")
    added, left = row.m_weekly_added, row.m_weekly_left
    hours_fit = added <= left
    budget = f"{student.weekly_hours_available} h/week"
    committed = left < student.weekly_hours_available
    if hours_fit and committed:
        reasons.append(
            f"Fits {your} {budget} (about {_hours(added)} a week; {_hours(left)} left after "
            f"{your} engagements)"
        )
    elif hours_fit:
        reasons.append(f"Fits {your} {budget} (about {_hours(added)} a week)")
    elif left <= 0:
        reasons.append(f"{your.capitalize()} {budget} are already taken by {your} engagements")
    else:
        reasons.append(
            f"Needs about {_hours(added)} a week; {you} have {_hours(left)} left after {your} engagements"
        )
    location = row.m_location
    if location == "remote":
        reasons.append("Remote: work from anywhere")
    elif location == "near":
        kind = "Hybrid" if project.location_type == LocationType.HYBRID else "On-site"
        reasons.append(f"{kind} in {project.location}, the city of {your} time zone")
    else:
        kind = "Hybrid" if location == "hybrid" else "On-site"
        reasons.append(f"{kind} in {project.location}" if project.location else kind)
    if row.m_deadline == "soon":
        reasons.append("Closes within 3 days: apply soon")
    elif row.m_deadline == "passed":
        reasons.append("The application deadline has passed")
    return Match(
        score=row.match_score,
        reasons=reasons,
        why=_why(row, matched, missing, hours_fit, your),
        matched_skills=matched,
        missing_skills=missing,
        nice_skills=nice,
        hours_fit=hours_fit,
        weekly_added=added,
        weekly_left=left,
    )


def _why(row: Any, matched: list[str], missing: list[str], hours_fit: bool, your: str) -> str:
    total = row.m_required_total
    if total == 1 and not missing:
        first = f"The required skill: {matched[0]}"
    elif total and not missing:
        first = f"All {total} required skills: {_names_list(matched)}"
    elif total and matched:
        first = f"{len(matched)} of {total} required skills: {_names_list(matched)}"
    elif row.m_nice_matched_names:
        first = f"Nice-to-have skill{'s' if len(row.m_nice_matched_names) > 1 else ''}: " + _names_list(
            list(row.m_nice_matched_names)
        )
    else:
        first = "Few of the skills asked for"
    hours = f"fits {your} week" if hours_fit else f"more hours than {your} week has left"
    return f"{first} · {hours}"
