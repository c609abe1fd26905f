"""Reads for the students' project search: full-text search over the open projects a student may see, with
filters, sorts and a trigram fallback for typos.

The rule of what a student can still apply to is `projects.selectors.project_open_to_student_q` (visible to
them, open, deadline ahead), shared with the recommendations; this module searches, filters and orders it.
Whether the student already applied to each result is for applications to say: the page and the API mark
the results with `applications.selectors.project_list_marked_applied`.
Full-text search uses the stored `search_vector` (filled by a trigger, GIN-indexed). The typo fallback
needs PostgreSQL's pg_trgm, which the embedded development PostgreSQL lacks: it is detected once per
database and skipped quietly when absent.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramStrictWordSimilarity,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    QuerySet,
    TextChoices,
    TextField,
    Value,
)
from django.db.models.functions import Greatest
from django.utils import timezone

from employers.models import Employer
from projects.models import LocationType, Project, SavedProject, Skill
from projects.selectors import project_open_to_student_q
from students.models import StudentProfile

SEARCH_CONFIG = "english"
# pg_trgm's word similarity above which a title counts as a close match ("pyton" ~ "Python": about 0.5).
TRIGRAM_THRESHOLD = 0.3
# A skill is offered as "Did you mean" only when it is at least this close to what was typed.
SUGGESTION_THRESHOLD = 0.4
SYNONYM_WEIGHT = 0.9


class SearchSort(TextChoices):
    RELEVANCE = "relevance", "Best match"
    NEWEST = "newest", "Newest"
    DEADLINE = "deadline", "Closing soonest"
    FEE = "fee", "Highest fee"


@dataclass(frozen=True)
class SearchResult:
    """What the search page shows: the projects, and whether they are close matches rather than exact ones
    (`fuzzy`), with a skill name the student may have meant."""

    projects: QuerySet[Project]
    fuzzy: bool = False
    suggestion: str | None = None


def _open_projects_for(student: StudentProfile | None, *, now: dt.datetime) -> QuerySet[Project]:
    """Projects `student` (None: a visitor who is no student) can still apply to, annotated with what each
    result card shows."""
    saved = (
        Exists(SavedProject.objects.filter(student=student, project_id=OuterRef("pk")))
        if student is not None
        else Value(False, output_field=BooleanField())
    )
    return (
        Project.objects.filter(project_open_to_student_q(student=student, now=now))
        .annotate(is_saved=saved)
        .select_related("employer")
        .prefetch_related("required_skills", "nice_to_have_skills")
    )


def _skill_ids(skills: Iterable[Skill | int]) -> list[int]:
    return [skill.pk if isinstance(skill, Skill) else int(skill) for skill in skills]


def _end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after `day` in the current time zone: "closes by Friday" includes Friday."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def project_search(
    *,
    student: StudentProfile | None,
    query: str = "",
    skills: Iterable[Skill | int] = (),
    field: str | None = None,
    hours_min: int | None = None,
    hours_max: int | None = None,
    fee_min: Decimal | None = None,
    fee_max: Decimal | None = None,
    remote_only: bool = False,
    deadline_before: dt.date | None = None,
    employer: str | None = None,
    sort: str = SearchSort.RELEVANCE,
    fuzzy: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet[Project]:
    """Open projects `student` may see and apply to, matching `query` and every filter given (`student=None`:
    a signed-out visitor, who sees the public ones; see `projects.selectors.project_visible_to_student_q`).

    `query` uses web-search syntax (`python -django`, `"data cleaning"`, `sql or excel`) against the stored
    search vector, where title words weigh most. `skills` matches projects that require or would like any
    of them. `employer` is an organisation's slug. `sort` is a `SearchSort`; relevance is the newest first
    when there is no query. With `fuzzy=True` the query matches titles by trigram word similarity instead
    (needs pg_trgm; see `project_search_results`).
    """
    projects = _open_projects_for(student, now=now or timezone.now())
    query = query.strip()
    ranked = False
    if query and fuzzy:
        projects = projects.filter(title__trigram_word_similar=query).annotate(
            rank=TrigramWordSimilarity(query, "title")
        )
        ranked = True
    elif query:
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        projects = projects.filter(search_vector=search_query).annotate(
            rank=SearchRank(F("search_vector"), search_query)
        )
        ranked = True

    skill_ids = _skill_ids(skills)
    if skill_ids:
        required = Project.required_skills.through.objects.filter(
            project_id=OuterRef("pk"), skill_id__in=skill_ids
        )
        nice = Project.nice_to_have_skills.through.objects.filter(
            project_id=OuterRef("pk"), skill_id__in=skill_ids
        )
        projects = projects.filter(Exists(required) | Exists(nice))
    if field:
        projects = projects.filter(field=field)
    if hours_min is not None:
        projects = projects.filter(estimated_hours__gte=hours_min)
    if hours_max is not None:
        projects = projects.filter(estimated_hours__lte=hours_max)
    if fee_min is not None:
        projects = projects.filter(fee__gte=fee_min)
    if fee_max is not None:
        projects = projects.filter(fee__lte=fee_max)
    if remote_only:
        projects = projects.filter(location_type=LocationType.REMOTE)
    if deadline_before is not None:
        projects = projects.filter(application_deadline__lt=_end_of_day(deadline_before))
    if employer:
        projects = projects.filter(employer__slug=employer)

    if sort not in SearchSort.values or (sort == SearchSort.RELEVANCE and not ranked):
        sort = SearchSort.NEWEST
    # Every ordering ends with the primary key, so pages never repeat or skip a project.
    if sort == SearchSort.NEWEST:
        return projects.order_by("-published_at", "-pk")
    if sort == SearchSort.DEADLINE:
        return projects.order_by("application_deadline", "-pk")
    if sort == SearchSort.FEE:
        return projects.order_by("-fee", "-published_at", "-pk")
    return projects.order_by("-rank", "-published_at", "-pk")


_trigram_available: dict[tuple, bool] = {}


def trigram_search_available() -> bool:
    """Whether pg_trgm is installed in the database (asked once per database and process)."""
    settings = connection.settings_dict
    key = (settings.get("HOST"), settings.get("PORT"), settings.get("NAME"))
    if key not in _trigram_available:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            _trigram_available[key] = cursor.fetchone() is not None
    return _trigram_available[key]


def _use_trigram_threshold() -> None:
    """pg_trgm's `%>` operator (the one its index serves) compares with a per-session setting, 0.6 by default,
    which is too strict for typos; lower it for this connection."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)", [str(TRIGRAM_THRESHOLD)]
        )


def skill_suggestion(*, query: str) -> str | None:
    """The skill name closest to `query` by its name or one of its synonyms, when one is close enough.

    A close synonym counts a little less than a close name: "pyton" means Python more likely than
    pandas (a synonym of which is "python pandas"). Needs pg_trgm."""
    query = query.strip()
    if not query:
        return None
    synonyms = Func(F("synonyms"), Value(" "), function="array_to_string", output_field=TextField())
    skill = (
        Skill.objects.annotate(
            closeness=Greatest(
                TrigramSimilarity("name", query),
                TrigramStrictWordSimilarity(query, "name"),
                TrigramStrictWordSimilarity(query, synonyms)
                * Value(SYNONYM_WEIGHT, output_field=FloatField()),
            )
        )
        .filter(closeness__gte=SUGGESTION_THRESHOLD)
        .order_by("-closeness", "name")
        .only("name")
        .first()
    )
    if skill is None or skill.name.casefold() == query.casefold():
        return None
    return skill.name


def project_search_results(*, student: StudentProfile | None, query: str = "", **filters) -> SearchResult:
    """`project_search`, and when a text query finds nothing, the close matches of a typo instead.

    The fallback runs only when pg_trgm is installed; without it an empty result stays empty."""
    projects = project_search(student=student, query=query, **filters)
    if not query.strip() or projects.exists() or not trigram_search_available():
        return SearchResult(projects=projects)
    _use_trigram_threshold()
    return SearchResult(
        projects=project_search(student=student, query=query, fuzzy=True, **filters),
        fuzzy=True,
        suggestion=skill_suggestion(query=query),
    )


def employer_list_for_search(*, student: StudentProfile | None) -> QuerySet[Employer]:
    """Organisations with at least one project `student` could apply to now, for the employer filter."""
    open_projects = Project.objects.filter(
        project_open_to_student_q(student=student, now=timezone.now()), employer_id=OuterRef("pk")
    )
    return Employer.objects.filter(Exists(open_projects)).order_by("name", "pk")
