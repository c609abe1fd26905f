"""What keeps the search fast on a large catalogue: counts that stop at a cap, a bounded set of matches to
rank, one query for a page and its count, an employer list read once a minute, and plans that read indexes.

The cap is lowered in most tests (monkeypatching `SEARCH_COUNT_CAP`), so a few dozen projects cross it.
"""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from employers.factories import EmployerFactory
from employers.models import Employer
from projects import selectors_search
from projects.factories import SkillFactory
from projects.forms_search import PlainSelect, ProjectSearchForm, _options_html
from projects.models import Project, Visibility
from projects.selectors_search import SearchPaginator, attach_card_skills, project_search
from projects.tests.searching import URL, open_project, search, titles
from projects.tests.test_search_index import SEQ_SCAN, seeded_student
from students.factories import StudentProfileFactory
from universities.factories import PartnershipFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db

SEARCH_API = "/api/v1/projects/"


@pytest.fixture
def cap_of_five(monkeypatch):
    monkeypatch.setattr(selectors_search, "SEARCH_COUNT_CAP", 5)


def surveys(count: int) -> list[Project]:
    """`count` open projects matching "survey", the first the newest."""
    now = timezone.now()
    return [
        open_project(title=f"Survey {n}", published_at=now - dt.timedelta(minutes=n)) for n in range(count)
    ]


# --- Counts that stop at the cap ----------------------------------------------------------------------------


def test_past_the_cap_the_page_says_how_many_at_least_and_pages_stop_there(client, searcher, cap_of_five):
    surveys(8)
    response = search(client, q="survey", sort="newest")
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.capped) == (5, True)
    assert titles(response) == [f"Survey {n}" for n in range(5)]
    html = response.content.decode()
    assert "<strong>5+</strong> projects" in html
    assert "Showing the first 5. Add words or filters to narrow the search." in html


def test_within_the_cap_the_count_is_exact(client, searcher, cap_of_five):
    surveys(5)
    response = search(client, q="survey")
    paginator = response.context["page"].paginator
    assert (paginator.count, paginator.capped) == (5, False)
    html = response.content.decode()
    assert "<strong>5</strong> projects" in html
    assert "Showing the first" not in html


def test_pages_reach_the_cap_and_a_page_past_it_shows_the_last(client, searcher, monkeypatch):
    monkeypatch.setattr(selectors_search, "SEARCH_COUNT_CAP", 25)
    surveys(30)
    second = search(client, q="survey", sort="newest", page=2)
    assert second.context["page"].paginator.num_pages == 2
    assert titles(second) == [f"Survey {n}" for n in range(20, 25)]
    beyond = search(client, q="survey", sort="newest", page=7)
    assert beyond.context["page"].number == 2
    assert titles(beyond) == titles(second)


def test_a_relevance_search_past_the_cap_ranks_the_newest_matches(client, searcher, cap_of_five):
    # The oldest match names the word in its title (the best rank), but it is not among the newest five.
    now = timezone.now()
    open_project(title="Survey of everything", published_at=now - dt.timedelta(days=30))
    for n in range(6):
        open_project(
            title=f"Brief {n}", summary="Includes a short survey.", published_at=now - dt.timedelta(hours=n)
        )
    shown = titles(search(client, q="survey"))
    assert shown == [f"Brief {n}" for n in range(5)]


def test_within_the_cap_the_best_match_comes_first_however_old(client, searcher, cap_of_five):
    now = timezone.now()
    open_project(title="Survey of everything", published_at=now - dt.timedelta(days=30))
    for n in range(3):
        open_project(
            title=f"Brief {n}", summary="Includes a short survey.", published_at=now - dt.timedelta(hours=n)
        )
    assert titles(search(client, q="survey"))[0] == "Survey of everything"


def test_the_api_says_when_the_count_stops_at_the_cap(api, student_profile, cap_of_five):
    api.force_login(student_profile.user)
    surveys(8)
    body = api.get(SEARCH_API, {"q": "survey", "page_size": 2}).json()
    assert (body["count"], body["count_capped"]) == (5, True)
    assert body["next"] is not None
    assert api.get(SEARCH_API, {"q": "survey", "page_size": 2, "page": 3}).json()["results"]
    assert api.get(SEARCH_API, {"q": "survey", "page_size": 2, "page": 4}).status_code == 404
    within = api.get(SEARCH_API, {"q": "survey 1"}).json()
    assert (within["count"], within["count_capped"]) == (1, False)


def test_a_page_and_its_count_are_one_query(searcher, cap_of_five):
    surveys(8)
    paginator = SearchPaginator(project_search(student=searcher, query="survey"), 3)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.get_page(2)
        assert (paginator.count, paginator.capped, paginator.num_pages) == (5, True, 2)
    page_query, skills_query = [query["sql"] for query in queries]
    assert "COUNT(*) OVER ()" in page_query
    assert "UNION ALL" in skills_query  # the required and the nice-to-have skills of the page, together
    assert [project.title for project in page] == ["Survey 3", "Survey 4"]


@pytest.mark.parametrize(("number", "expected"), [("abc", 1), ("0", 2), ("-3", 2), ("9", 2), (2.0, 2)])
def test_an_odd_page_number_gets_a_real_page(searcher, cap_of_five, number, expected):
    surveys(8)
    paginator = SearchPaginator(project_search(student=searcher, query="survey"), 3)
    assert paginator.get_page(number).number == expected


# --- The employer filter ------------------------------------------------------------------------------------


def reads_employer_list(sql: str) -> bool:
    return sql.startswith('SELECT "employers_employer"')


def test_the_employer_list_is_read_once_a_minute_per_audience(client, searcher):
    partner = EmployerFactory(name="Partner Ltd")
    PartnershipFactory(employer=partner, university=searcher.university, status=PartnershipStatus.ACTIVE)
    open_project(employer=partner, visibility=Visibility.PARTNERS)
    open_project(employer=EmployerFactory(name="Public Co"))

    first = search(client).content.decode()
    assert ">Partner Ltd</option>" in first and ">Public Co</option>" in first
    with CaptureQueriesContext(connection) as queries:
        search(client)
    assert not [query for query in queries if reads_employer_list(query["sql"])]

    # Another audience (a student of another university, a visitor) has a list of its own.
    client.force_login(StudentProfileFactory().user)
    other = search(client).content.decode()
    assert ">Public Co</option>" in other and "Partner Ltd" not in other
    client.logout()
    assert "Partner Ltd" not in search(client).content.decode()

    # A new organisation shows once the kept list expires.
    open_project(employer=EmployerFactory(name="Newcomer Inc"))
    assert ">Newcomer Inc</option>" not in search(client).content.decode()
    cache.clear()
    assert ">Newcomer Inc</option>" in search(client).content.decode()


def test_the_chosen_employer_stays_selected_and_labelled(client, searcher):
    employer = EmployerFactory(name="Acme & Sons", slug="acme")
    open_project(employer=employer)
    html = search(client, employer="acme").content.decode()
    assert '<label for="id_employer">Employer' in html
    assert '<select name="employer" id="id_employer">' in html
    assert '<option value="">Any employer</option>' in html
    assert '<option value="acme" selected>Acme &amp; Sons</option>' in html


def test_an_htmx_search_does_not_read_the_employer_list(client, searcher):
    open_project(title="Survey design")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"q": "survey"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert not [query for query in queries if reads_employer_list(query["sql"])]


# --- Plans on a grown catalogue -----------------------------------------------------------------------------

COMMON_WORD_SEARCHES = [
    {"q": "analysis"},
    {"q": "analysis", "sort": "fee"},
    {"q": "analysis", "sort": "deadline"},
    {"q": "analysis", "remote": "on", "hours_max": "20"},
    {},
    {"field": "data", "remote": "on", "hours_max": "20"},
    {"sort": "fee"},
]


def test_every_query_of_the_page_reads_indexes_and_ranks_a_bounded_set(client):
    student = seeded_student()
    client.force_login(student.user)
    for params in COMMON_WORD_SEARCHES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
        assert response.status_code == 200
        for query in queries:
            # The employer filter's list is read once a minute (its own test), not per page.
            if 'FROM "projects_project"' not in query["sql"] or reads_employer_list(query["sql"]):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT TEXT) {query['sql']}")
                plan = "\n".join(row[0] for row in cursor.fetchall())
            assert not SEQ_SCAN.search(plan), f"{params}: scans the whole projects table:\n{plan}"
            for rows in re.findall(r"Index Scan using projects_project_pkey .*? rows=(\d+) loops=1", plan):
                assert int(rows) <= selectors_search.SEARCH_COUNT_CAP + 1, f"{params} ranks {rows} rows"


def test_the_options_are_written_once_and_only_the_chosen_one_is_marked():
    widget = PlainSelect(choices=[("", "Any"), ("a", "A & B"), ("b", "<b>"), ("Group", [("c", "C")])])
    _options_html.cache_clear()
    first = widget.render("employer", "a")
    second = widget.render("employer", "c")

    assert _options_html.cache_info().hits == 1
    assert first == (
        '<select name="employer"><option value="">Any</option><option value="a" selected>A &amp; B</option>'
        '<option value="b">&lt;b&gt;</option><optgroup label="Group"><option value="c">C</option></optgroup>'
        "</select>"
    )
    assert '<option value="c" selected>C</option>' in second and " selected>A" not in second
    assert '<option value="" selected>Any</option>' in widget.render("employer", None)
    widget.choices = [("", "Any"), ("z", "Z")]
    assert widget.render("employer", "z").endswith('<option value="z" selected>Z</option></select>')


def test_the_employer_choices_are_read_once_per_form_rendered():
    reads = []

    def choices() -> list[tuple[str, str]]:
        reads.append(1)
        return [("acme", "Acme")]

    form = ProjectSearchForm({}, employers=Employer.objects.none(), employer_choices=choices)
    html = str(form["employer"])

    assert '<option value="acme">Acme</option>' in html
    assert len(reads) == 1


def test_the_page_reads_each_projects_two_skill_lists_by_name_in_one_query(
    searcher, django_assert_num_queries
):
    zeta, alpha, beta = (
        SkillFactory(name="Zeta skill"),
        SkillFactory(name="Alpha skill"),
        SkillFactory(name="Beta"),
    )
    skilled = open_project(title="Skilled", required_skills=[zeta, alpha], nice_to_have_skills=[beta])
    open_project(title="Bare")
    projects = [*project_search(student=searcher)]
    with django_assert_num_queries(1):
        attach_card_skills(projects)
    by_title = {project.title: project for project in projects}
    assert [skill["name"] for skill in by_title["Skilled"].card_required_skills] == [
        "Alpha skill",
        "Zeta skill",
    ]
    assert by_title["Skilled"].card_nice_skills == [{"pk": beta.pk, "slug": beta.slug, "name": "Beta"}]
    assert by_title["Bare"].card_required_skills == by_title["Bare"].card_nice_skills == []
    assert skilled.pk == by_title["Skilled"].pk
