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
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    TrigramSimilarity,
    TrigramStrictWordSimilarity,
    TrigramWordSimilarity,
)
from django.core.cache import cache
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    QuerySet,
    TextChoices,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.functional import cached_property

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
# A search counts its matches up to this many, and a relevance search ranks the newest this many (see
# `_ordered`): past it the page says "200+ projects" and its pages stop at the 200th. Finding them walks an
# index until this many match (about 600 rows for a word in a third of the projects, 4,000 for filters
# that keep one in twenty), so the cap is what a page costs.
SEARCH_COUNT_CAP = 200


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


def _with_card_data(projects: QuerySet[Project], student: StudentProfile | None) -> QuerySet[Project]:
    """`projects` annotated with what each result card shows: `is_saved` (the skills come with the page, see
    `SearchPaginator`)."""
    saved = (
        Exists(SavedProject.objects.filter(student=student, project_id=OuterRef("pk")))
        if student is not None
        else Value(False, output_field=BooleanField())
    )
    return projects.annotate(is_saved=saved).select_related("employer")


def attach_card_skills(projects: list[Project]) -> None:
    """Set each project's `card_required_skills` and `card_nice_skills`: its two skill lists as
    {"pk", "slug", "name"}, by name, both read for every project in one query of plain rows.

    Prefetching the two relations cost two queries and ~100 model instances a page (~40% of the search's
    Python); reading them in the page's own rows cost two subqueries per row, offset rows included."""
    for project in projects:
        project.card_required_skills, project.card_nice_skills = [], []
    if not projects:
        return
    by_id = {project.pk: project for project in projects}
    columns = ("project_id", "list", "skill_id", "skill__slug", "skill__name")
    required = Project.required_skills.through.objects.filter(project_id__in=by_id).annotate(
        list=Value("required")
    )
    nice = Project.nice_to_have_skills.through.objects.filter(project_id__in=by_id).annotate(
        list=Value("nice")
    )
    rows = required.values_list(*columns).union(nice.values_list(*columns), all=True)
    for project_id, kind, skill_id, slug, name in sorted(rows, key=lambda row: (row[4], row[2])):
        project = by_id[project_id]
        skills = project.card_required_skills if kind == "required" else project.card_nice_skills
        skills.append({"pk": skill_id, "slug": slug, "name": name})


def _skill_ids(skills: Iterable[Skill | int]) -> list[int]:
    return [skill.pk if isinstance(skill, Skill) else int(skill) for skill in skills]


def _end_of_day(day: dt.date) -> dt.datetime:
    """The first instant after `day` in the current time zone: "closes by Friday" includes Friday."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _matching(
    *,
    student: StudentProfile | None,
    query: str,
    fuzzy: bool,
    now: dt.datetime | None,
    skills: Iterable[Skill | int] = (),
    field: str | None = None,
    hours_min: int | None = None,
    hours_max: int | None = None,
    fee_min: Decimal | None = None,
    fee_max: Decimal | None = None,
    remote_only: bool = False,
    deadline_before: dt.date | None = None,
    employer: str | None = None,
) -> tuple[QuerySet[Project], Func | None]:
    """The open projects `student` may see that match the query and the filters, unordered, and the
    expression that ranks them by the query (None without one)."""
    projects = Project.objects.filter(project_open_to_student_q(student=student, now=now or timezone.now()))
    query = query.strip()
    rank = None
    if query and fuzzy:
        projects = projects.filter(title__trigram_word_similar=query)
        rank = TrigramWordSimilarity(query, "title")
    elif query:
        search_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        projects = projects.filter(search_vector=search_query)
        rank = SearchRank(F("search_vector"), search_query)
    projects = _filtered(
        projects,
        skill_ids=_skill_ids(skills),
        field=field,
        hours_min=hours_min,
        hours_max=hours_max,
        fee_min=fee_min,
        fee_max=fee_max,
        remote_only=remote_only,
        deadline_before=deadline_before,
        employer=employer,
    )
    return projects, rank


# Every ordering ends with the primary key, so pages never repeat or skip a project.
SORT_ORDERS = {
    SearchSort.NEWEST: ("-published_at", "-pk"),
    SearchSort.DEADLINE: ("application_deadline", "-pk"),
    SearchSort.FEE: ("-fee", "-published_at", "-pk"),
    SearchSort.RELEVANCE: ("-rank", "-published_at", "-pk"),
}


class _IsAnyOf(Func):
    """`expression = ANY(array)`. With an `ArraySubquery` the subquery runs once, before the rest (an init
    plan): `pk IN (subquery)` let the planner choose a join that sorted the whole table first."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        expression, array = self.get_source_expressions()
        expression_sql, expression_params = compiler.compile(expression)
        array_sql, array_params = compiler.compile(array)
        return f"{expression_sql} = ANY({array_sql})", (*expression_params, *array_params)


def _ordered(
    matching: QuerySet[Project], *, rank: Func | None, sort: str, student: StudentProfile | None
) -> QuerySet[Project]:
    """The first `SEARCH_COUNT_CAP + 1` matches in the order of `sort`, with what each result card shows.

    The bound is what keeps a common word cheap: the matches are taken in an order an index gives (newest
    first for relevance) and only those are counted, ranked and paged, never the tens of thousands a word
    like "data" matches (see `SearchPaginator`)."""
    if sort not in SearchSort.values or (sort == SearchSort.RELEVANCE and rank is None):
        sort = SearchSort.NEWEST
    walk = SORT_ORDERS[SearchSort.NEWEST if sort == SearchSort.RELEVANCE else sort]
    candidates = ArraySubquery(matching.order_by(*walk).values("pk")[: SEARCH_COUNT_CAP + 1])
    projects = _with_card_data(Project.objects.filter(_IsAnyOf(F("pk"), candidates)), student)
    if rank is not None:
        projects = projects.annotate(rank=rank)
    return projects.order_by(*SORT_ORDERS[sort])


def project_search(
    *,
    student: StudentProfile | None,
    query: str = "",
    sort: str = SearchSort.RELEVANCE,
    fuzzy: bool = False,
    now: dt.datetime | None = None,
    **filters: Any,
) -> QuerySet[Project]:
    """Open projects `student` may see and apply to, matching `query` and every filter given (`student=None`:
    a signed-out visitor, who sees the public ones; see `projects.selectors.project_visible_to_student_q`).

    `query` uses web-search syntax (`python -django`, `"data cleaning"`, `sql or excel`) against the stored
    search vector, where title words weigh most. The filters: `skills` (projects that require or would like
    any of them), `field`, `hours_min`/`hours_max`, `fee_min`/`fee_max`, `remote_only`, `deadline_before`
    (a day), `employer` (an organisation's slug). `sort` is a `SearchSort`; relevance is the newest first
    when there is no query. With `fuzzy=True` the query matches titles by trigram word similarity instead
    (needs pg_trgm; see `project_search_results`).

    Only the first `SEARCH_COUNT_CAP + 1` matches in the order of the sort are returned, and a relevance
    search ranks the newest that many: page with `SearchPaginator`, which says "200+" past the cap.
    """
    matching, rank = _matching(student=student, query=query, fuzzy=fuzzy, now=now, **filters)
    return _ordered(matching, rank=rank, sort=sort, student=student)


def _filtered(
    projects: QuerySet[Project],
    *,
    skill_ids: list[int],
    field: str | None,
    hours_min: int | None,
    hours_max: int | None,
    fee_min: Decimal | None,
    fee_max: Decimal | None,
    remote_only: bool,
    deadline_before: dt.date | None,
    employer: str | None,
) -> QuerySet[Project]:
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
    return projects


class SearchPaginator(Paginator):
    """Pages of `project_search`: the count stops past `SEARCH_COUNT_CAP` (the page says "200+", see
    `capped`, and offers the pages up to the cap), and the page's own query brings the count along
    (`COUNT(*) OVER ()` over the bounded matches), so a page is one query, not a count and then a page;
    one more reads the page's skills (`attach_card_skills`).

    A page number past the results (or not a number) costs a count first, as with Django's paginator."""

    @cached_property
    def _matches(self) -> int:
        """How many projects match, counted up to one past the cap."""
        return self.object_list.order_by()[: SEARCH_COUNT_CAP + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._matches, SEARCH_COUNT_CAP)

    @property
    def capped(self) -> bool:
        """Whether more projects match than `count` says."""
        return self._matches > SEARCH_COUNT_CAP

    def _get_page(self, object_list: Any, number: int, paginator: Paginator) -> Page:
        """The page, its projects with their skills (`attach_card_skills`)."""
        projects = list(object_list)
        attach_card_skills(projects)
        return super()._get_page(projects, number, paginator)

    def get_page(self, number: Any) -> Page:
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)

    def page(self, number: Any) -> Page:
        if "_matches" not in self.__dict__:
            number_read = _page_number(number)
            bottom = (number_read - 1) * self.per_page
            if number_read >= 1 and bottom < SEARCH_COUNT_CAP:
                top = min(bottom + self.per_page, SEARCH_COUNT_CAP)
                rows = list(self.object_list.annotate(search_match_count=Window(Count("*")))[bottom:top])
                if rows:
                    self.__dict__["_matches"] = rows[0].search_match_count
                    return self._get_page(rows, number_read, self)
        return super().page(number)


def _page_number(number: Any) -> int:
    """`number` as a page number, or 0 when it is none (Django's paginator then says why)."""
    if isinstance(number, float) and not number.is_integer():
        return 0
    try:
        return int(number)
    except (TypeError, ValueError):
        return 0


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


def project_search_results(
    *, student: StudentProfile | None, query: str = "", sort: str = SearchSort.RELEVANCE, **filters: Any
) -> SearchResult:
    """`project_search`, and when a text query finds nothing, the close matches of a typo instead.

    The fallback runs only when pg_trgm is installed; without it an empty result stays empty."""
    matching, rank = _matching(student=student, query=query, fuzzy=False, now=None, **filters)
    projects = _ordered(matching, rank=rank, sort=sort, student=student)
    if not query.strip() or matching.exists() or not trigram_search_available():
        return SearchResult(projects=projects)
    _use_trigram_threshold()
    return SearchResult(
        projects=project_search(student=student, query=query, sort=sort, fuzzy=True, **filters),
        fuzzy=True,
        suggestion=skill_suggestion(query=query),
    )


def employer_list_for_search(
    *, student: StudentProfile | None, now: dt.datetime | None = None
) -> QuerySet[Employer]:
    """Organisations with at least one project `student` could apply to now, for the employer filter."""
    open_projects = Project.objects.filter(
        project_open_to_student_q(student=student, now=now or timezone.now()), employer_id=OuterRef("pk")
    )
    return Employer.objects.filter(Exists(open_projects)).order_by("name", "pk")


# How long the employer filter's list is kept: an organisation whose last project just closed stays offered
# (choosing it finds nothing, and says so) and a new one appears this much later.
EMPLOYER_CHOICES_SECONDS = 60


def employer_choices_cache_key(*, student: StudentProfile | None) -> str:
    """The cache key of `employer_choices_for_search`: what `project_open_to_student_q` reads of `student`.

    A visitor sees the public projects; a student, those of their university's partners when verified
    (`project_audience_q`) and the course-only projects whose audience lists them
    (`project_course_audience_q`, hence the student's own id). Written out rather than derived from the
    query's SQL, which cost building and compiling the query on every page; a test
    (projects/tests/test_search_speed.py) checks that students share a key exactly when the query's SQL is
    the same, so a new dependency of the rule fails there."""
    if student is None:
        return "search-employers:visitor"
    university_id = student.university_id if student.is_verified else 0
    return f"search-employers:u{university_id}:s{student.pk}"


def employer_choices_for_search(*, student: StudentProfile | None) -> list[tuple[str, str]]:
    """(slug, name) of `employer_list_for_search`, kept for a minute in the cache.

    Reading the list probes every organisation for an open project; it is kept per audience (see
    `employer_choices_cache_key`)."""
    key = employer_choices_cache_key(student=student)
    choices = cache.get(key)
    if choices is None:
        choices = list(employer_list_for_search(student=student).values_list("slug", "name"))
        cache.set(key, choices, EMPLOYER_CHOICES_SECONDS)
    return choices
