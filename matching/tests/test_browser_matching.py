"""In the browser: a student sees recommendations and why a project matches; the employer ranks applicants by
match. Screenshots of the three pages at 1280 and 390 px go to tests/screenshots/."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.factories import DEFAULT_PASSWORD
from applications.factories import ApplicationFactory
from employers.factories import EmployerMemberFactory
from projects.factories import ProjectFactory, SkillFactory
from projects.models import LocationType, SkillCategory
from students.factories import StudentProfileFactory
from tests.conftest import browser, page, screenshot  # noqa: F401  (the browser fixtures live there)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, live_server, email):  # noqa: F811
    page.goto(live_server.url + "/accounts/login/")
    form = page.get_by_role("main")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(DEFAULT_PASSWORD)
    form.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_recommendations_why_and_ranked_applicants(page, live_server, screenshot):  # noqa: F811
    python, sql, pandas, tableau, docker = (
        SkillFactory(name=name) for name in ("Python", "SQL", "pandas", "Tableau", "Docker")
    )
    owner = EmployerMemberFactory(employer__name="Brightlane Analytics")
    soon = timezone.now() + dt.timedelta(days=2)
    main = ProjectFactory(
        employer=owner.employer,
        published=True,
        title="Clean and chart three years of sales data",
        field=SkillCategory.DATA,
        required_skills=[python, sql, tableau],
        nice_to_have_skills=[pandas],
    )
    for title, required, extra in [
        ("Automate a weekly SQL report", [sql], {"application_deadline": soon}),
        ("Forecast demand for a bakery chain", [python, pandas], {"field": SkillCategory.DATA}),
        ("Containerise a small Flask app", [python, docker], {"location_type": LocationType.ONSITE,
                                                              "location": "Berlin, Germany"}),
    ]:  # fmt: skip
        ProjectFactory(published=True, title=title, required_skills=required, **extra)
    student = StudentProfileFactory(
        user__full_name="Alex Rivera",
        major="Data Science",
        weekly_hours_available=12,
        time_zone="Europe/Berlin",
        skills=[python, sql, pandas],
    )
    for name, skills in [("Sam Lee", [python]), ("Priya Das", [python, sql, tableau, pandas])]:
        ApplicationFactory(project=main, student=StudentProfileFactory(user__full_name=name, skills=skills))

    login(page, live_server, student.user.email)
    page.goto(live_server.url + "/dashboard/")
    recommended = page.get_by_role("region", name="Recommended for you")
    assert recommended.get_by_role("link", name="Forecast demand for a bakery chain").is_visible()
    screenshot("m1-dashboard-recommendations")

    page.goto(live_server.url + f"/projects/{main.public_id}/")
    why = page.get_by_role("region", name="Why this matches you")
    assert why.get_by_text("2 of 3 required skills (Python, SQL); missing: Tableau").is_visible()
    screenshot("m1-project-why")

    page.context.clear_cookies()
    login(page, live_server, owner.user.email)
    page.goto(live_server.url + f"/manage/projects/{main.public_id}/applicants/?sort=match")
    names = page.locator(".manage-applicant-name").all_inner_texts()
    assert names == ["Priya Das", "Sam Lee"]
    screenshot("m1-applicants-by-match")
