"""Constants, record types and small text helpers shared by the builder modules."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from accounts.models import User
from applications.models import Application, ApplicationEvent
from demo import data
from employers.models import Employer, EmployerMember
from engagements.models import (
    DeliverableSubmission,
    Engagement,
    HoursLog,
    Message,
    Milestone,
    Payment,
    Review,
)
from projects.models import (
    Project,
    Report,
    SavedProject,
    Skill,
)
from students.models import StudentProfile
from universities.models import (
    CareerStaffMembership,
    Partnership,
    University,
)

BATCH = 1000
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)

# The models whose created_at the builder sets itself, so timelines read naturally (see explicit_created_at).
TIMESTAMPED_MODELS: list[type[models.Model]] = [
    University,
    CareerStaffMembership,
    Partnership,
    Employer,
    EmployerMember,
    StudentProfile,
    Project,
    SavedProject,
    Report,
    Application,
    ApplicationEvent,
    Engagement,
    Milestone,
    DeliverableSubmission,
    Message,
    HoursLog,
    Payment,
    Review,
]


def demo_data_present() -> bool:
    """The marker of a seeded database: the first demo university exists."""
    return University.objects.filter(slug=data.UNIVERSITIES[0].slug).exists()


@contextlib.contextmanager
def explicit_created_at(model_classes: Sequence[type[models.Model]]) -> Iterator[None]:
    """Let bulk_create keep the created_at values the builder chose instead of stamping "now".

    `auto_now_add` is switched off on those fields for the duration and restored afterwards; a row without
    a value then fails loudly on the NOT NULL column rather than silently getting the wrong time.
    """
    fields = [model._meta.get_field("created_at") for model in model_classes]
    previous = [f.auto_now_add for f in fields]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in zip(fields, previous, strict=True):
            f.auto_now_add = value


class Spread:
    """Draws weighted random choices, but the first draws go once through every option (in random order),
    so each option appears at least once however few draws are made."""

    def __init__(self, rng: random.Random, weights: dict[str, int]) -> None:
        self.rng = rng
        self.options = list(weights)
        self.weights = list(weights.values())
        self.pending = list(weights)
        rng.shuffle(self.pending)

    def draw(self) -> str:
        if self.pending:
            return self.pending.pop()
        return self.rng.choices(self.options, self.weights)[0]


@dataclass(eq=False)
class EmployerRec:
    spec: data.EmployerSpec
    employer: Employer
    currency: str
    members: list[User] = field(default_factory=list)
    partner_universities: set[int] = field(default_factory=set)  # indexes of active partnerships

    @property
    def owner(self) -> User:
        return self.members[0]


@dataclass(eq=False)
class StudentRec:
    user: User
    profile: StudentProfile
    university_index: int | None
    verified: bool
    skill_ids: list[int]
    major: str
    hours: int
    year_label: str


@dataclass(eq=False)
class ProjectRec:
    project: Project
    template: data.ProjectTemplate
    employer: EmployerRec
    required_ids: list[int]
    nice_ids: list[int]
    started: bool = False  # a cancelled project on which work had begun
    term: bool = False  # one of the career office's term postings (demo/builder/term.py)


@dataclass
class ForcedApplication:
    """An application the demo accounts must have, with its outcome."""

    student: StudentRec
    status: str
    engagement_status: str | None = None


def money(value: float | Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# First words of skill names that stay capitalised mid-sentence ("experience with Google Analytics").
PROPER_WORDS = {
    "Adobe", "Angular", "Arabic", "Canva", "Django", "Docker", "Excel", "Figma", "Flutter", "French",
    "German", "Git", "Go", "Google", "Hindi", "Japanese", "Java", "JavaScript", "Jupyter", "Kubernetes",
    "Looker", "Mandarin", "Portuguese", "Power", "Python", "React", "Ruby", "Spanish", "Swift", "Tableau",
    "TypeScript", "WordPress",
}  # fmt: skip


def skill_phrase(name: str) -> str:
    """A skill name as it reads inside a sentence: "data analysis", but "Python" and "SQL"."""
    first = name.split(" ")[0]
    if name[1:2].islower() and first not in PROPER_WORDS:
        return name[0].lower() + name[1:]
    return name


def with_article(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def about_employer(spec: data.EmployerSpec) -> str:
    return f"{spec.name} is {with_article(spec.industry)} based in {spec.city}. {spec.about}"


def year_label(graduation_year: int, this_year: int) -> str:
    return {0: "final-year", 1: "third-year", 2: "second-year"}.get(graduation_year - this_year, "first-year")


def summary() -> list[tuple[str, str]]:
    """Counts of what the demo database holds, for the command's output and the tests."""

    def by_status(model: type[models.Model]) -> str:
        counts = Counter(dict(model.objects.values_list("status").annotate(n=models.Count("pk"))))
        return ", ".join(f"{status} {counts[status]}" for status in sorted(counts))

    verified = StudentProfile.objects.filter(verified_at__isnull=False, university__isnull=False).count()
    return [
        ("universities", str(University.objects.count())),
        ("career staff", str(CareerStaffMembership.objects.count())),
        ("employers", f"{Employer.objects.count()} ({EmployerMember.objects.count()} members)"),
        ("partnerships", by_status(Partnership)),
        (
            "students",
            f"{StudentProfile.objects.count()} ({verified} verified)",
        ),
        ("skills", str(Skill.objects.count())),
        ("projects", by_status(Project)),
        ("applications", by_status(Application)),
        ("engagements", by_status(Engagement)),
        ("milestones", by_status(Milestone)),
        ("payments", by_status(Payment)),
        ("reviews", str(Review.objects.count())),
    ]
