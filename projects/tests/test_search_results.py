"""The students' project search page, /projects/: sorts, pages, odd input, typos, htmx, query budget."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.factories import ApplicationFactory
from employers.factories import EmployerFactory
from projects.factories import SkillFactory
from projects.models import LocationType, SavedProject
from projects.tests.searching import URL, needs_trigram, open_project, search, titles

pytestmark = pytest.mark.django_db


# --- Sorts and pages ----------------------------------------------------------------------------------------


@pytest.fixture
def three_projects():
    now = timezone.now()
    open_project(
        title="Old, closes late, well paid",
        published_at=now - dt.timedelta(days=10),
        application_deadline=now + dt.timedelta(days=20),
        fee=Decimal("900"),
    )
    open_project(
        title="New, closes mid, modest fee",
        published_at=now - dt.timedelta(days=1),
        application_deadline=now + dt.timedelta(days=10),
        fee=Decimal("300"),
    )
    open_project(
        title="Middle, closes soon, mid fee",
        published_at=now - dt.timedelta(days=5),
        application_deadline=now + dt.timedelta(days=2),
        fee=Decimal("500"),
    )


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["New", "Middle", "Old"]),
        ("deadline", ["Middle", "New", "Old"]),
        ("fee", ["Old", "Middle", "New"]),
        ("relevance", ["New", "Middle", "Old"]),
        ("nonsense", ["New", "Middle", "Old"]),
    ],
)
def test_each_sort(client, searcher, three_projects, sort, expected):
    assert [title.split(",")[0] for title in titles(search(client, sort=sort))] == expected


def test_pages_of_twenty_whose_links_keep_the_search(client, searcher):
    for n in range(25):
        open_project(title=f"Survey design {n}", published_at=timezone.now() - dt.timedelta(minutes=n))
    first = search(client, q="survey", sort="newest", remote="on")
    assert len(titles(first)) == 20
    assert first.context["page"].paginator.count == 25
    html = first.content.decode()
    assert 'href="?q=survey&amp;sort=newest&amp;remote=on&amp;page=2"' in html
    second = search(client, q="survey", sort="newest", remote="on", page=2)
    assert titles(second) == [f"Survey design {n}" for n in range(20, 25)]
    assert set(titles(first)).isdisjoint(titles(second))


@pytest.mark.parametrize(("page", "expected"), [("999", 2), ("abc", 1), ("-1", 2), ("0", 2)])
def test_an_impossible_page_number_shows_a_real_page(client, searcher, page, expected):
    for n in range(21):
        open_project(title=f"Brief {n}")
    assert search(client, page=page).context["page"].number == expected


# --- Bad parameters never break the page --------------------------------------------------------------------


def test_unreadable_parameters_are_reported_and_the_rest_of_the_search_still_applies(client, searcher):
    open_project(title="Remote brief", location_type=LocationType.REMOTE, estimated_hours=10)
    open_project(title="Office brief", location_type=LocationType.ONSITE, location="Leeds")
    response = search(
        client,
        hours_min="abc",
        fee_max="lots",
        deadline_before="someday",
        employer="no-such-org",
        skills="Astrology",
        field="cooking",
        remote="on",
    )
    assert titles(response) == ["Remote brief"]
    form = response.context["form"]
    assert set(form.errors) == {"hours_min", "fee_max", "deadline_before", "employer", "skills", "field"}
    html = response.content.decode()
    assert "We left out what we could not read" in html
    assert "Hours (at least): Enter a whole number." in html
    assert "That employer has no open projects right now." in html
    assert 'value="abc"' in html
    assert 'value="Astrology"' in html


def test_a_range_upside_down_is_reported(client, searcher):
    open_project(title="Brief", estimated_hours=10, fee=Decimal("300"))
    response = search(client, hours_min=30, hours_max=10, fee_min=500, fee_max=100)
    assert response.context["form"].errors == {
        "hours_max": ["The most hours must not be below the least hours."],
        "fee_max": ["The most fee must not be below the least fee."],
    }
    assert titles(response) == []


def test_a_very_long_or_odd_query_does_not_break_the_search(client, searcher):
    open_project(title="Brief")
    for q in ["x" * 500, "!!! & | ( ) :* <->", "'", '"unclosed', "-", "or or or"]:
        search(client, q=q)


# --- Typos --------------------------------------------------------------------------------------------------


def test_a_typo_shows_close_matches_and_says_so(client, searcher):
    needs_trigram()
    open_project(title="Data cleaning and dashboard")
    open_project(title="Social media content plan")
    response = search(client, q="dashbord")
    assert titles(response) == ["Data cleaning and dashboard"]
    assert response.context["result"].fuzzy
    assert "No exact matches for “dashbord”; showing close matches." in response.content.decode()


def test_a_typo_of_a_skill_suggests_the_skill(client, searcher):
    needs_trigram()
    SkillFactory(name="Python", synonyms=["python3", "py"])
    open_project(title="Python scraper")
    response = search(client, q="pyton")
    assert response.context["result"].suggestion == "Python"
    html = response.content.decode()
    assert "Did you mean" in html
    assert 'href="/projects/?q=Python"' in html


def test_an_exact_match_does_not_fall_back(client, searcher):
    needs_trigram()
    open_project(title="Python scraper")
    open_project(title="Pythons in the zoo: a visitor survey")
    response = search(client, q="scraper")
    assert not response.context["result"].fuzzy
    assert titles(response) == ["Python scraper"]


def test_without_trigram_support_a_typo_simply_finds_nothing(client, searcher, monkeypatch):
    monkeypatch.setattr("projects.selectors_search.trigram_search_available", lambda: False)
    open_project(title="Data cleaning and dashboard")
    response = search(client, q="dashbord")
    assert titles(response) == []
    assert not response.context["result"].fuzzy
    assert "No projects match this search" in response.content.decode()


# --- htmx ---------------------------------------------------------------------------------------------------


def test_an_htmx_search_gets_only_the_results(client, searcher):
    open_project(title="Churn analysis")
    response = client.get(URL, {"q": "churn"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Churn analysis" in html
    assert "<h1" not in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_an_htmx_history_restore_gets_the_whole_page(client, searcher):
    response = client.get(URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<h1>Find a project</h1>" in response.content.decode()


def test_the_form_updates_results_in_place_and_works_without_javascript(client, searcher):
    html = search(client).content.decode()
    assert 'method="get" action="/projects/"' in html
    assert 'hx-get="/projects/"' in html
    assert 'hx-target="#search-results"' in html
    assert 'hx-push-url="true"' in html
    assert '<button type="submit">Search</button>' in html


# --- Query budget -------------------------------------------------------------------------------------------


def seed_matching(count: int, searcher) -> None:
    skills = [SkillFactory(name=f"Budget skill {n}") for n in range(3)]
    searcher.skills.set(skills[:1])
    employers = [EmployerFactory() for _ in range(3)]
    for n in range(count):
        project = open_project(
            title=f"Budget dashboard {n}",
            employer=employers[n % 3],
            required_skills=skills[:2],
            nice_to_have_skills=skills[2:],
        )
        if n % 2:
            SavedProject.objects.create(student=searcher, project=project)
        if n % 3 == 0:
            ApplicationFactory(student=searcher, project=project)


@pytest.mark.parametrize("count", [1, 50])
@pytest.mark.parametrize("params", [{}, {"q": "dashboard", "skills": "Budget skill 1", "sort": "fee"}])
def test_the_page_runs_the_same_queries_for_one_or_fifty_projects(
    client, searcher, django_assert_num_queries, count, params
):
    seed_matching(count, searcher)
    # session, user, profile and its skills, the page (with the count), the page's skills (both lists), the
    # skills picker's list, the employers of the employer filter (kept a minute in the cache, empty here);
    # a text query adds the check for exact matches (before the typo fallback), a skills filter the lookup
    # of the skills typed.
    expected = 10 if params else 8
    with django_assert_num_queries(expected):
        response = client.get(URL, params)
    assert response.context["page"].paginator.count == count
