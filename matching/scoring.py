"""The one definition of how well a student and a project match, computed in SQL, with its reasons.

A match is made of components, each annotated on the rows by PostgreSQL:

=========================  ======================================================================  ======
component                  meaning                                                                 weight
=========================  ======================================================================  ======
m_required_matched/total   required skills the student has (a synonym skill counts, see below)       50
m_nice_matched/total       nice-to-have skills the student has                                        10
m_major_fit                the student's major belongs to the project's field                         10
m_weekly_added/left        the project's hours a week against the student's budget left over         20
                           after their ongoing engagements (the weekly-hours budget rule)
m_location                 remote, on-site near the student (their time zone's city), hybrid, on-site  5
m_deadline                 none, later, soon (within DEADLINE_SOON), passed                            5
=========================  ======================================================================  ======

`match_score` (0-100) combines them; it is 0 when the two share no skill at all, so "every student with a
positive score" means the students with at least one skill the project asks for. Reasons are written in
Python from the annotated components (`matching.reasons.match_from_row`), never recomputed.

The same expressions serve both directions: projects for one student (`ProjectSide.columns()` with
`StudentSide.of(student)`), and students or applicants for one project (`ProjectSide.of(project)` with
`StudentSide.columns()`). Only the skill counts take a different but equivalent SQL shape depending on
which side is fixed, so each direction stays index-driven.

Skills are one taxonomy, so a match is normally the same skill id; `SkillEquivalence` also counts skills
whose names or synonyms overlap (a separate "JS" row and "JavaScript").
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    DateTimeField,
    Exists,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Lower, Round
from django.db.models.lookups import Exact, GreaterThan, IsNull, LessThanOrEqual
from django.utils import timezone

from applications.commitments import weekly_hours_expression
from engagements.commitments import engagement_weekly_load_expression
from matching.models import SkillEquivalence
from projects.models import LocationType, Project, Skill, SkillCategory
from students.models import StudentProfile

WEIGHTS = {"required": 50, "nice": 10, "major": 10, "hours": 20, "location": 5, "deadline": 5}
DEADLINE_SOON = dt.timedelta(days=3)

# Words in a major (matched at the start of a word, case-insensitively) that belong to each project field.
FIELD_MAJOR_WORDS: dict[str, tuple[str, ...]] = {
    SkillCategory.SOFTWARE: (
        "computer", "computing", "software", "informatics", "information systems", "information technology",
        "cyber", "web", "electrical", "mechanical", "engineering",
    ),
    SkillCategory.DATA: (
        "data", "statistic", "mathemat", "math", "econom", "analytics", "computer science", "physics",
        "actuarial", "information systems",
    ),
    SkillCategory.DESIGN: (
        "design", "human-computer", "hci", "architecture", "art", "film", "media", "animation", "visual",
    ),
    SkillCategory.MARKETING: (
        "marketing", "communication", "advertising", "public relations", "media", "business", "entrepreneur",
    ),
    SkillCategory.RESEARCH: (
        "research", "psycholog", "sociolog", "biolog", "chemi", "physics", "politic", "anthropolog",
        "environment", "public health", "econom", "international relations", "statistic", "history",
    ),
    SkillCategory.BUSINESS: (
        "business", "management", "entrepreneur", "supply chain", "operations", "administration", "commerce",
        "logistics", "information systems",
    ),
    SkillCategory.FINANCE: ("financ", "accounting", "econom", "actuarial", "banking", "mathemat"),
    SkillCategory.WRITING: (
        "english", "literature", "journalism", "writing", "communication", "linguistic", "creative",
        "philosophy", "history",
    ),
    SkillCategory.OTHER: ("education", "law", "nursing", "health", "international relations", "linguistic"),
}  # fmt: skip


def _major_pattern(words: Iterable[str]) -> str:
    return r"\m(" + "|".join(word.replace("-", r"\-") for word in words) + ")"


FIELD_MAJOR_PATTERNS = {category: _major_pattern(words) for category, words in FIELD_MAJOR_WORDS.items()}


# --- The two sides ---


@dataclass(frozen=True)
class ProjectSide:
    """The project half of a match: columns of the queried rows, or the values of one fixed project."""

    pk: Any
    field: Expression
    estimated_hours: Expression
    due_date: Expression
    location_type: Expression
    location: Expression
    application_deadline: Expression
    required_ids: tuple[int, ...] | None = None
    nice_ids: tuple[int, ...] | None = None

    @classmethod
    def columns(cls) -> "ProjectSide":
        """The projects being queried (a Project queryset)."""
        return cls(
            pk=OuterRef("pk"),
            field=F("field"),
            estimated_hours=F("estimated_hours"),
            due_date=F("due_date"),
            location_type=F("location_type"),
            location=F("location"),
            application_deadline=F("application_deadline"),
        )

    @classmethod
    def of(
        cls, project: Project, *, skill_ids: tuple[tuple[int, ...], tuple[int, ...]] | None = None
    ) -> "ProjectSide":
        """One fixed project; its skill ids are read here (one query) unless `skill_ids` gives them (as
        `project_skill_ids` reads them)."""
        required, nice = project_skill_ids(project=project) if skill_ids is None else skill_ids
        return cls(
            pk=Value(project.pk),
            field=Value(project.field, output_field=CharField()),
            estimated_hours=Value(project.estimated_hours, output_field=IntegerField()),
            due_date=Value(project.due_date, output_field=DateField()),
            location_type=Value(project.location_type, output_field=CharField()),
            location=Value(project.location, output_field=CharField()),
            application_deadline=Value(project.application_deadline, output_field=DateTimeField()),
            required_ids=required,
            nice_ids=nice,
        )


def project_skill_ids(*, project: Project) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The ids of `project`'s required and of its nice-to-have skills, in one query."""
    required_rows = Project.required_skills.through.objects.filter(project_id=project.pk)
    nice_rows = Project.nice_to_have_skills.through.objects.filter(project_id=project.pk)
    rows = list(
        required_rows.annotate(kind=Value("required"))
        .values_list("skill_id", "kind")
        .union(nice_rows.annotate(kind=Value("nice")).values_list("skill_id", "kind"), all=True)
    )
    required = tuple(skill_id for skill_id, kind in rows if kind == "required")
    nice = tuple(skill_id for skill_id, kind in rows if kind == "nice")
    return required, nice


@dataclass(frozen=True)
class StudentSide:
    """The student half of a match: columns of the queried rows (`prefix` "student__" for applications), or
    the values of one fixed student with the ids of the skills equivalent to theirs."""

    pk: Any
    major: Expression
    weekly_hours_available: Expression
    time_zone: Expression
    skill_closure: tuple[int, ...] | None = None
    names: dict[int, str] = field(default_factory=dict)

    @classmethod
    def columns(cls, *, prefix: str = "") -> "StudentSide":
        return cls(
            pk=OuterRef(f"{prefix.removesuffix('__')}_id" if prefix else "pk"),
            major=F(f"{prefix}major"),
            weekly_hours_available=F(f"{prefix}weekly_hours_available"),
            time_zone=F(f"{prefix}time_zone"),
        )

    @classmethod
    def of(cls, student: StudentProfile, *, closure: tuple[int, ...] | None = None) -> "StudentSide":
        """One fixed student; the skills equivalent to theirs are read here (one query) unless `closure`
        gives them (as `student_skill_closure` reads them)."""
        if closure is None:
            closure = student_skill_closure(student=student)
        return cls(
            pk=Value(student.pk),
            major=Value(student.major, output_field=CharField()),
            weekly_hours_available=Value(student.weekly_hours_available, output_field=IntegerField()),
            time_zone=Value(student.time_zone, output_field=CharField()),
            skill_closure=closure,
        )


def student_skill_closure(*, student: StudentProfile) -> tuple[int, ...]:
    """The ids of the skills `student` holds and of every skill equivalent to one of them, lowest first."""
    return tuple(
        SkillEquivalence.objects.filter(skill__students=student.pk)
        .values_list("equivalent_id", flat=True)
        .distinct()
        .order_by("equivalent_id")
    )


# --- Components ---


def _count(queryset: QuerySet, column: str = "pk", *, distinct: bool = False) -> Coalesce:
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    counted = queryset.order_by().annotate(n=Func(F(column), template=template, output_field=IntegerField()))
    return Coalesce(Subquery(counted.values("n")[:1]), Value(0), output_field=IntegerField())


def _names(queryset: QuerySet, column: str) -> ArraySubquery:
    return ArraySubquery(queryset.order_by(column).values(column))


def _skill_components(
    name: str,
    through: type,
    project: ProjectSide,
    student: StudentSide,
    ids: tuple[int, ...] | None,
    *,
    with_names: bool,
) -> dict[str, Expression]:
    """`m_<name>_total` and `m_<name>_matched` (and with names, `m_<name>_matched_names` and
    `m_<name>_missing_names`): how many of the project's skills of this kind the student has.

    With the student fixed, the project's rows of `through` are checked against the student's skill closure
    (a constant array, one index probe per project). With the project fixed, the student's skills are joined
    to the project's skills through `SkillEquivalence` (one index probe per student).
    """
    if student.skill_closure is not None:
        rows = through.objects.filter(project_id=project.pk)
        matched = rows.filter(skill_id__in=student.skill_closure)
        components = {f"m_{name}_total": _count(rows), f"m_{name}_matched": _count(matched)}
        if with_names:
            components[f"m_{name}_matched_names"] = _names(matched, "skill__name")
            components[f"m_{name}_missing_names"] = _names(
                rows.exclude(skill_id__in=student.skill_closure), "skill__name"
            )
        return components
    if ids is None:
        raise ValueError("One side of a match must be fixed: a student or a project.")
    held = SkillEquivalence.objects.filter(skill_id__in=ids, equivalent__students=student.pk)
    components = {
        f"m_{name}_total": Value(len(ids), output_field=IntegerField()),
        f"m_{name}_matched": _count(held, "skill_id", distinct=True),
    }
    if with_names:
        # One level deeper than `held`: the student is the outer query's outer row.
        outer_student = OuterRef(student.pk) if isinstance(student.pk, OuterRef) else student.pk
        held_skill = SkillEquivalence.objects.filter(
            skill_id=OuterRef("pk"), equivalent__students=outer_student
        )
        has_it = Exists(held_skill)
        components[f"m_{name}_matched_names"] = _names(Skill.objects.filter(has_it, pk__in=ids), "name")
        components[f"m_{name}_missing_names"] = _names(Skill.objects.filter(~has_it, pk__in=ids), "name")
    return components


def _major_fit(project: ProjectSide, student: StudentSide) -> Expression:
    pattern = Case(
        *(When(Exact(project.field, Value(category)), then=Value(regex)) for category, regex in
          FIELD_MAJOR_PATTERNS.items()),
        default=Value("$^"),
        output_field=CharField(),
    )  # fmt: skip
    return Func(
        student.major, pattern, template="(%(expressions)s)", arg_joiner=" ~* ", output_field=BooleanField()
    )


def _location(project: ProjectSide, student: StudentSide) -> Expression:
    """remote, near (on-site or hybrid where the student's time zone city is), hybrid or onsite."""
    city = Func(
        Func(
            student.time_zone, Value("^.*/"), Value(""), function="regexp_replace", output_field=CharField()
        ),
        Value("_"),
        Value(" "),
        function="replace",
        output_field=CharField(),
    )
    in_city = Func(Lower(project.location), Lower(city), function="strpos", output_field=IntegerField())
    has_city = Func(student.time_zone, Value("/"), function="strpos", output_field=IntegerField())
    return Case(
        When(Exact(project.location_type, Value(LocationType.REMOTE)), then=Value("remote")),
        When(GreaterThan(has_city, 0) & GreaterThan(in_city, 0), then=Value("near")),
        default=project.location_type,
        output_field=CharField(),
    )


def _deadline(project: ProjectSide, now: dt.datetime) -> Expression:
    return Case(
        When(IsNull(project.application_deadline, True), then=Value("none")),
        When(LessThanOrEqual(project.application_deadline, Value(now)), then=Value("passed")),
        When(LessThanOrEqual(project.application_deadline, Value(now + DEADLINE_SOON)), then=Value("soon")),
        default=Value("later"),
        output_field=CharField(),
    )  # fmt: skip


SKILL_COUNTS = ("m_required_matched", "m_required_total", "m_nice_matched", "m_nice_total")


def match_components(
    *,
    project: ProjectSide,
    student: StudentSide,
    now: dt.datetime | None = None,
    with_names: bool = False,
    skill_counts: dict[str, Expression] | None = None,
) -> dict[str, Expression]:
    """The component annotations of a match between the two sides (see the module docstring).

    `skill_counts` replaces the four `SKILL_COUNTS` subqueries with columns a ranking query already
    aggregated (see matching.ranking); they must count the same thing.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if skill_counts is not None:
        skills = {name: skill_counts[name] for name in SKILL_COUNTS}
    else:
        required = Project.required_skills.through
        nice = Project.nice_to_have_skills.through
        skills = {
            **_skill_components(
                "required", required, project, student, project.required_ids, with_names=with_names
            ),
            **_skill_components("nice", nice, project, student, project.nice_ids, with_names=with_names),
        }
    components = {
        **skills,
        "m_major_fit": _major_fit(project, student),
        "m_weekly_added": weekly_hours_expression(
            estimated_hours=project.estimated_hours, due_date=project.due_date, today=today
        ),
        "m_weekly_left": Cast(student.weekly_hours_available, FloatField())
        - engagement_weekly_load_expression(student_id=student.pk, today=today),
        "m_location": _location(project, student),
        "m_deadline": _deadline(project, now),
    }
    return components


def _fraction(matched: Expression, total: Expression, *, empty: float) -> Case:
    return Case(
        When(Exact(total, 0), then=Value(empty)),
        default=Cast(matched, FloatField()) / Cast(total, FloatField()),
        output_field=FloatField(),
    )


def match_score_expression(components: dict[str, Expression]) -> Case:
    """The weighted sum of the components as an integer 0-100; 0 when no skill is shared."""
    added, left = components["m_weekly_added"], components["m_weekly_left"]
    hours = Case(
        When(LessThanOrEqual(added, left), then=Value(1.0)),
        When(LessThanOrEqual(left, Value(0.0)), then=Value(0.0)),
        default=left / added,
        output_field=FloatField(),
    )
    location = Case(
        When(Q(Exact(components["m_location"], "remote")) | Q(Exact(components["m_location"], "near")),
             then=Value(1.0)),
        When(Exact(components["m_location"], "hybrid"), then=Value(0.5)),
        default=Value(0.0),
        output_field=FloatField(),
    )  # fmt: skip
    weighted = (
        Value(float(WEIGHTS["required"]))
        * _fraction(components["m_required_matched"], components["m_required_total"], empty=1.0)
        + Value(float(WEIGHTS["nice"]))
        * _fraction(components["m_nice_matched"], components["m_nice_total"], empty=1.0)
        + Case(When(components["m_major_fit"], then=Value(float(WEIGHTS["major"]))), default=Value(0.0))
        + Value(float(WEIGHTS["hours"])) * hours
        + Value(float(WEIGHTS["location"])) * location
        + Case(
            When(Exact(components["m_deadline"], "passed"), then=Value(0.0)),
            default=Value(float(WEIGHTS["deadline"])),
        )
    )
    return Case(
        When(Exact(components["m_required_matched"] + components["m_nice_matched"], 0), then=Value(0)),
        default=Cast(Round(weighted), IntegerField()),
        output_field=IntegerField(),
    )


def match_annotations(
    *, project: ProjectSide, student: StudentSide, now: dt.datetime | None = None, with_names: bool = False
) -> dict[str, Expression]:
    """The components and `match_score`, ready for `queryset.annotate(**...)`."""
    components = match_components(project=project, student=student, now=now, with_names=with_names)
    return {**components, "match_score": match_score_expression(components)}


def project_student_scores(*, project: Project, now: dt.datetime | None = None) -> QuerySet[StudentProfile]:
    """Every student with a positive score for this project, annotated `match_score` (int 0-100) and the
    components; unordered, unlimited; SQL only.

    Positive means sharing at least one of the project's skills (synonyms count). Who may see the project
    (partners-only) and who already applied are not considered here: the caller narrows the audience.
    """
    side = ProjectSide.of(project)
    skill_ids = (*side.required_ids, *side.nice_ids)
    shares_a_skill = Exists(
        SkillEquivalence.objects.filter(skill_id__in=skill_ids, equivalent__students=OuterRef("pk"))
    )
    return (
        StudentProfile.objects.filter(shares_a_skill)
        .annotate(**match_annotations(project=side, student=StudentSide.columns(), now=now))
        .order_by()
    )
