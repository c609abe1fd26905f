"""The students' project search page, /projects/: text search, filters, sorts, pages, who sees what."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from employers.factories import EmployerFactory, EmployerMemberFactory
from projects.factories import ProjectFactory, SkillFactory
from projects.models import LocationType, ProjectStatus, SavedProject, SkillCategory, Visibility
from projects.tests.searching import open_project, search, titles
from students.factories import StudentProfileFactory
from students.models import StudentProfile
from universities.factories import PartnershipFactory, UniversityFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db


# --- Who may use the page -----------------------------------------------------------------------------------


def test_the_anonymous_search_the_public_open_projects(client):
    """Signed out, the same search over the public open projects (more in tests/test_public_projects.py)."""
    open_project(title="Python data cleaning")
    open_project(title="Python for partners", visibility=Visibility.PARTNERS)
    assert titles(search(client, q="python")) == ["Python data cleaning"]


@pytest.mark.parametrize("kind", ["employer", "career_staff"])
def test_other_roles_search_the_public_open_projects(client, kind):
    open_project(title="Python data cleaning")
    open_project(title="Python for partners", visibility=Visibility.PARTNERS)
    user = EmployerMemberFactory().user if kind == "employer" else UserFactory(career_staff=True)
    client.force_login(user)
    assert titles(search(client, q="python")) == ["Python data cleaning"]


def test_a_student_without_a_profile_yet_can_search(client, student):
    open_project(title="Churn analysis")
    client.force_login(student)
    assert titles(search(client)) == ["Churn analysis"]
    assert StudentProfile.objects.filter(user=student).exists()


# --- What is listed -----------------------------------------------------------------------------------------


def test_only_open_projects_still_taking_applications_are_listed(client, searcher):
    open_project(title="Open one")
    ProjectFactory(title="A draft")
    open_project(title="Filled one", status=ProjectStatus.IN_PROGRESS)
    open_project(title="Cancelled one", status=ProjectStatus.CANCELLED)
    open_project(title="Completed one", status=ProjectStatus.COMPLETED)
    open_project(title="Past its deadline", application_deadline=timezone.now() - dt.timedelta(minutes=1))
    assert titles(search(client)) == ["Open one"]
    assert titles(search(client, q="one")) == ["Open one"]


def test_partners_only_projects_show_only_to_verified_students_of_partner_universities(client):
    university = UniversityFactory()
    project = open_project(title="Partners only brief", visibility=Visibility.PARTNERS)
    PartnershipFactory(employer=project.employer, university=university, status=PartnershipStatus.ACTIVE)
    partner_student = StudentProfileFactory(university=university)
    unverified_partner_student = StudentProfileFactory(university=university, unverified=True)
    other_student = StudentProfileFactory()
    requested_uni_student = StudentProfileFactory()
    PartnershipFactory(
        employer=project.employer,
        university=requested_uni_student.university,
        status=PartnershipStatus.REQUESTED,
    )

    for profile, sees in [
        (partner_student, True),
        (unverified_partner_student, False),
        (other_student, False),
        (requested_uni_student, False),
    ]:
        client.force_login(profile.user)
        for params in [{}, {"q": "partners"}, {"employer": project.employer.slug}]:
            assert (titles(search(client, **params)) == ["Partners only brief"]) is sees, (profile, params)
        assert (project.title in search(client).content.decode()) is sees


def test_a_card_shows_what_a_student_decides_on(client, searcher):
    python = SkillFactory(name="Python")
    excel = SkillFactory(name="Excel")
    figma = SkillFactory(name="Figma")
    searcher.skills.set([python])
    project = open_project(
        title="Data cleaning and dashboard",
        employer=EmployerFactory(name="Acme Bikes", is_verified=True),
        fee=Decimal("1250.00"),
        currency="EUR",
        estimated_hours=25,
        openings=3,
        application_deadline=timezone.now() + dt.timedelta(days=3, hours=2),
        required_skills=[python, excel],
        nice_to_have_skills=[figma],
    )
    html = search(client).content.decode()
    assert reverse("projects:detail", args=[project.public_id]) in html
    assert "Acme Bikes" in html
    assert "1,250 EUR" in html
    assert "about 25 hours" in html
    assert "Remote" in html
    assert re.search(r"Closes</span> in [34] days", html)  # 3 days and 2 hours: 4 calendar days late at night
    assert "3 left" in html
    assert '<li class="skill-tag skill-mine">' in html
    assert "(one of your skills)" in html
    assert html.count("skill-mine") == 1
    assert 'Figma<span class="skill-nice-note"> (nice to have)' in html


def test_saved_and_applied_projects_are_marked(client, searcher):
    saved = open_project(title="Saved one")
    applied = open_project(title="Applied one")
    open_project(title="Neither")
    SavedProject.objects.create(student=searcher, project=saved)
    ApplicationFactory(student=searcher, project=applied)
    response = search(client)
    marks = {p.title: (p.is_saved, p.has_applied) for p in response.context["page"].object_list}
    assert marks == {"Saved one": (True, False), "Applied one": (False, True), "Neither": (False, False)}
    html = response.content.decode()
    assert html.count("is-saved") == 1
    assert html.count(">Applied</span>") == 1


def test_an_empty_marketplace_says_what_to_do_next(client, searcher):
    html = search(client).content.decode()
    assert "No open projects right now" in html
    assert reverse("students:profile") in html


def test_a_search_without_results_offers_to_clear_the_filters(client, searcher):
    open_project(title="Churn analysis")
    html = search(client, q="astronomy", remote="on").content.decode()
    assert "No projects match this search" in html
    assert "Clear filters" in html


# --- Text search --------------------------------------------------------------------------------------------


def test_text_search_finds_words_of_the_title_summary_and_deliverables(client, searcher):
    open_project(title="Competitor analysis", summary="Compare five rivals.", deliverables=["A slide deck"])
    open_project(title="Brand style guide", summary="Colours, fonts and tone for a bakery.")
    open_project(title="Inventory forecast", deliverables=["A spreadsheet model with scenarios"])
    assert titles(search(client, q="competitor")) == ["Competitor analysis"]
    assert titles(search(client, q="bakery")) == ["Brand style guide"]
    assert titles(search(client, q="scenarios")) == ["Inventory forecast"]
    assert titles(search(client, q="rivals deck")) == ["Competitor analysis"]


def test_text_search_understands_stemming(client, searcher):
    open_project(title="Analysing customer surveys")
    assert titles(search(client, q="customers survey")) == ["Analysing customer surveys"]


def test_websearch_syntax_excludes_words_and_matches_phrases(client, searcher):
    open_project(title="Python scraper", summary="A small Python tool.")
    open_project(title="Django admin tweaks", summary="Python and Django.")
    open_project(title="Data cleaning sprint", summary="Clean the data we have.")
    open_project(title="Cleaning data in bulk", summary="Deduplicate records.")
    assert titles(search(client, q="python -django")) == ["Python scraper"]
    assert titles(search(client, q='"data cleaning"')) == ["Data cleaning sprint"]
    assert set(titles(search(client, q="scraper or deduplicate"))) == {
        "Python scraper",
        "Cleaning data in bulk",
    }


def test_a_title_match_ranks_above_a_description_match(client, searcher):
    now = timezone.now()
    open_project(title="Marketing plan", description="Includes a podcast outline.", published_at=now)
    open_project(
        title="Podcast launch",
        description="Plan the first episodes.",
        published_at=now - dt.timedelta(days=9),
    )
    assert titles(search(client, q="podcast")) == ["Podcast launch", "Marketing plan"]


def test_the_query_text_stays_in_the_form(client, searcher):
    html = search(client, q='"data cleaning" -excel').content.decode()
    assert 'value="&quot;data cleaning&quot; -excel"' in html


# --- Filters ------------------------------------------------------------------------------------------------


def test_the_skills_filter_matches_required_or_nice_to_have_skills(client, searcher):
    sql = SkillFactory(name="SQL")
    figma = SkillFactory(name="Figma")
    other = SkillFactory(name="Copywriting")
    open_project(title="Needs SQL", required_skills=[sql])
    open_project(title="Likes Figma", nice_to_have_skills=[figma])
    open_project(title="Copy", required_skills=[other])
    open_project(title="Both", required_skills=[sql], nice_to_have_skills=[figma])
    assert set(titles(search(client, skills="SQL"))) == {"Needs SQL", "Both"}
    assert set(titles(search(client, skills="sql, Figma"))) == {"Needs SQL", "Likes Figma", "Both"}


def test_the_field_filter(client, searcher):
    open_project(title="Numbers", field=SkillCategory.DATA)
    open_project(title="Pictures", field=SkillCategory.DESIGN)
    assert titles(search(client, field="data")) == ["Numbers"]


def test_the_hours_and_fee_ranges_include_their_ends(client, searcher):
    open_project(title="Small", estimated_hours=5, fee=Decimal("100"))
    open_project(title="Medium", estimated_hours=20, fee=Decimal("400"))
    open_project(title="Large", estimated_hours=40, fee=Decimal("900"))
    assert set(titles(search(client, hours_min=20))) == {"Medium", "Large"}
    assert set(titles(search(client, hours_max=20))) == {"Small", "Medium"}
    assert titles(search(client, hours_min=10, hours_max=30)) == ["Medium"]
    assert set(titles(search(client, fee_min="400"))) == {"Medium", "Large"}
    assert titles(search(client, fee_min="100.50", fee_max="400")) == ["Medium"]


def test_the_remote_filter_leaves_out_on_site_and_hybrid_work(client, searcher):
    open_project(title="Anywhere", location_type=LocationType.REMOTE)
    open_project(title="At the office", location_type=LocationType.ONSITE, location="Leeds")
    open_project(title="Some days in", location_type=LocationType.HYBRID, location="York")
    assert titles(search(client, remote="on")) == ["Anywhere"]
    assert "Leeds" in search(client).content.decode()


def test_the_deadline_filter_includes_the_whole_chosen_day(client, searcher):
    day = timezone.localdate() + dt.timedelta(days=5)
    late_that_day = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 30)))
    open_project(title="Closes that evening", application_deadline=late_that_day)
    open_project(title="Closes the day after", application_deadline=late_that_day + dt.timedelta(hours=1))
    assert titles(search(client, deadline_before=day.isoformat())) == ["Closes that evening"]


def test_the_employer_filter_uses_the_slug_and_offers_only_employers_with_open_projects(client, searcher):
    acme = EmployerFactory(name="Acme", slug="acme")
    open_project(title="Acme brief", employer=acme)
    open_project(title="Other brief")
    idle = EmployerFactory(name="Idle Ltd", slug="idle")
    ProjectFactory(title="Idle draft", employer=idle)
    response = search(client, employer="acme")
    assert titles(response) == ["Acme brief"]
    html = response.content.decode()
    assert '<option value="acme" selected>Acme</option>' in html
    assert "Idle Ltd" not in html


def test_filters_combine(client, searcher):
    sql = SkillFactory(name="SQL")
    open_project(title="SQL dashboard", required_skills=[sql], estimated_hours=10, fee=Decimal("300"))
    open_project(title="SQL dashboard, big", required_skills=[sql], estimated_hours=35, fee=Decimal("900"))
    open_project(title="Excel dashboard", estimated_hours=10, fee=Decimal("300"))
    assert titles(search(client, q="dashboard", skills="SQL", hours_max=20, fee_min=200)) == ["SQL dashboard"]


def test_active_filters_are_listed_each_with_a_link_that_removes_it(client, searcher):
    SkillFactory(name="SQL")
    SkillFactory(name="Excel")
    response = search(client, q="report", skills="SQL, Excel", hours_min=5, remote="on", sort="fee")
    chips = dict(response.context["active_filters"])
    assert set(chips) == {"Skill: SQL", "Skill: Excel", "at least 5 hours", "Remote only"}
    assert chips["Skill: SQL"] == "q=report&skills=Excel&hours_min=5&remote=on&sort=fee"
    assert chips["Remote only"] == "q=report&skills=SQL%2C+Excel&hours_min=5&sort=fee"
    assert response.context["clear_filters_query"] == "q=report&sort=fee"
    assert "Clear filters" in response.content.decode()
