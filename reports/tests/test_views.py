"""The report pages over HTTP: who may see them, about which university, bad filters, constant queries."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import UserFactory
from employers.factories import EmployerMemberFactory
from reports.formatting import Money
from reports.selectors import (
    employers_report,
    funnel_report,
    headline_figures,
    outcomes_report,
    trends_report,
)
from reports.tests.world import END, START
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

# Each report runs in a transaction with its settings: a savepoint here (in the test's transaction), the
# settings, the release.
ANALYTICAL_OVERHEAD = 3
REPORT_NAMES = ["funnel", "outcomes", "employers", "trends", "courses"]
URL_NAMES = ["index", *REPORT_NAMES]
RANGE = {"start": START.isoformat(), "end": END.isoformat()}


def _get(client, name, **params):
    return client.get(reverse(f"reports:{name}"), {**RANGE, **params})


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_visitors_are_sent_to_the_admin_login(client, world, name):
    response = _get(client, name)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("who", ["student", "employer"])
def test_students_and_employers_never_see_a_report(client, world, name, who):
    user = (
        StudentProfileFactory(university=world.north).user
        if who == "student"
        else EmployerMemberFactory().user
    )
    client.force_login(user)
    response = _get(client, name)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "North University" not in response.content.decode()


@pytest.mark.parametrize("name", URL_NAMES)
def test_staff_without_a_career_office_are_refused(client, world, name):
    client.force_login(UserFactory(career_staff=True))
    assert _get(client, name).status_code == 403


def test_staff_without_mfa_are_sent_to_enrol_first(client, world):
    from universities.factories import CareerStaffFactory

    user = CareerStaffFactory(university=world.north, user__mfa=False).user
    client.force_login(user)
    response = _get(client, "funnel")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("name", URL_NAMES)
def test_career_staff_see_their_own_university(client, world, north_staff, name):
    client.force_login(north_staff)
    response = _get(client, name)
    assert response.status_code == 200
    body = response.content.decode()
    assert "North University" in body
    assert "South University" not in body


def test_career_staff_cannot_ask_for_another_university(client, world, north_staff):
    client.force_login(north_staff)
    response = _get(client, "funnel", university=world.south.pk)
    assert response.status_code == 200
    assert response.context["filters"].university == world.north
    assert response.context["sections"][0].table.rows[0][1] == 5
    assert "South University" not in response.content.decode()


def test_the_funnel_page_shows_north_figures_in_chart_and_table(client, world, north_staff):
    client.force_login(north_staff)
    response = _get(client, "funnel")
    body = response.content.decode()
    funnel = response.context["sections"][0]
    assert [row[1] for row in funnel.table.rows] == [5, 4, 3, 3, 2, 1]
    assert 'role="img"' in body and '<title id="chart-funnel-title">Participation funnel</title>' in body
    assert "<caption" in body and 'scope="col"' in body
    assert "style=" not in body.split('<div class="reports">', 1)[1]


def test_site_admins_see_every_university_or_the_one_they_choose(client, world, site_admin):
    client.force_login(site_admin)
    every = _get(client, "funnel")
    assert every.status_code == 200
    assert every.context["filters"].university is None
    assert every.context["sections"][0].table.rows[0][1] == 6
    south = _get(client, "funnel", university=world.south.pk)
    assert south.context["filters"].university == world.south
    assert south.context["sections"][0].table.rows[0][1] == 1


def test_the_default_range_is_the_current_term(client, world, north_staff):
    from django.utils import timezone

    from reports.filters import term_containing

    client.force_login(north_staff)
    response = client.get(reverse("reports:outcomes"))
    term = term_containing(timezone.localdate())
    assert response.status_code == 200
    assert (response.context["filters"].start, response.context["filters"].end) == (term.start, term.end)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-02-30"}, "Enter a valid date"),
        ({"start": "yesterday"}, "Enter a valid date"),
        ({"start": "2026-05-01", "end": "2026-01-01"}, "The end date is before the start date."),
        ({"start": "2020-01-01", "end": "2026-01-01"}, "at most three years"),
        ({"interval": "fortnight"}, "Select a valid choice"),
        ({"field": "astrology"}, "Select a valid choice"),
        ({"year": "twenty"}, "Enter a whole number"),
        ({"format": "pdf"}, "Select a valid choice"),
    ],
)
def test_bad_filters_re_render_the_form_with_a_message(client, world, north_staff, params, message):
    client.force_login(north_staff)
    response = _get(client, "trends", **params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response["Content-Type"].startswith("text/html")


def test_a_site_admin_asking_for_an_unknown_university_gets_a_message(client, world, site_admin):
    client.force_login(site_admin)
    response = _get(client, "employers", university="999999")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_filters_are_in_the_links(client, world, north_staff):
    client.force_login(north_staff)
    response = _get(client, "outcomes", major="Physics", year="2028", field="data")
    body = response.content.decode()
    assert "major=Physics&amp;year=2028&amp;field=data" in body
    assert "format=csv" in body and "format=xlsx" in body


def _grow(world, count):
    """`count` more North students, each with an application, an engagement, hours, a payment and a review."""
    from decimal import Decimal

    from applications.factories import ApplicationFactory
    from applications.models import ApplicationStatus
    from engagements.factories import EngagementFactory
    from engagements.models import EngagementStatus, HoursLog, Payment, PaymentStatus, Review, ReviewSide
    from projects.factories import ProjectFactory
    from reports.tests.world import at

    for i in range(count):
        student = StudentProfileFactory(
            university=world.north, major=f"Major {i % 4}", graduation_year=2026 + i % 3
        )
        project = ProjectFactory(published=True, field=["data", "design", "writing"][i % 3])
        application = ApplicationFactory(student=student, project=project, status=ApplicationStatus.ACCEPTED)
        engagement = EngagementFactory(
            application=application, status=EngagementStatus.COMPLETED, completed_at=at(3, 1 + i % 20)
        )
        HoursLog.objects.create(engagement=engagement, date=at(3, 2).date(), hours=Decimal("2"))
        Payment.objects.create(
            engagement=engagement,
            amount=Decimal("10"),
            currency=["USD", "EUR", "GBP"][i % 3],
            status=PaymentStatus.PAID,
            due_at=at(3, 10),
            paid_at=at(3, 5),
        )
        Review.objects.create(engagement=engagement, side=ReviewSide.EMPLOYER, rating=1 + i % 5)


def _count_queries(client, name, **params):
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, name, **params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", URL_NAMES)
@pytest.mark.parametrize("params", [{}, {"interval": "week", "major": "Economics", "field": "data"}])
def test_the_number_of_queries_does_not_grow_with_the_data(client, world, north_staff, name, params):
    if name != "trends":
        params = {k: v for k, v in params.items() if k != "interval"}
    client.force_login(north_staff)
    _grow(world, 2)
    small = _count_queries(client, name, **params)
    _grow(world, 18)
    assert _count_queries(client, name, **params) == small


@pytest.mark.parametrize(
    ("build", "report_queries"),
    [(funnel_report, 2), (outcomes_report, 7), (employers_report, 3), (trends_report, 7)],
)
def test_each_report_costs_a_fixed_number_of_queries(
    world, north_filters, django_assert_num_queries, build, report_queries
):
    _grow(world, 5)
    with django_assert_num_queries(report_queries + ANALYTICAL_OVERHEAD):
        build(university=world.north, filters=north_filters)


def test_the_headline_figures_cost_seven_queries(world, django_assert_num_queries):
    with django_assert_num_queries(7 + ANALYTICAL_OVERHEAD):
        headline_figures(university=world.north, start=START, end=END)


def test_the_overview_shows_the_headline_figures_with_their_trend(client, world, north_staff):
    client.force_login(north_staff)
    response = _get(client, "index")
    figures = response.context["headline"]["figures"]
    assert (figures["signed_up"].value, figures["signed_up"].previous) == (5, 1)
    body = response.content.decode()
    assert "Students signed up" in body and "up from" in body
    assert "Earnings paid (USD)" in body
    for name in REPORT_NAMES:
        assert reverse(f"reports:{name}") in body


def test_charts_and_tables_of_one_office_count_only_its_students(client, world, south_staff):
    """Employer One had five North applicants and one from South: South's office sees one, in the chart
    and in the table."""
    client.force_login(south_staff)
    employers = _get(client, "employers").content.decode()
    assert "Employer One, Applicants: 1" in employers
    assert "Employer One, Applicants: 5" not in employers
    funnel = _get(client, "funnel").content.decode()
    assert "Signed up: 1" in funnel and "Signed up: 5" not in funnel
    outcomes = _get(client, "outcomes")
    assert outcomes.context["sections"][1].table.rows == [["USD", Money(Decimal("999.00"), "USD"), 1]]
