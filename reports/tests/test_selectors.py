"""Each report's figures against the hand-built world of `world.py`, where the answers are known."""

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.utils import timezone

from employers.factories import EmployerFactory
from engagements.models import Payment, PaymentStatus
from engagements.selectors_employer import employer_payment_record
from projects.factories import ProjectFactory
from projects.models import SkillCategory
from reports.filters import Interval, ReportFilters
from reports.selectors import (
    employers_report,
    funnel_report,
    headline_figures,
    outcomes_report,
    trends_report,
)
from reports.tests.world import END, START, at

pytestmark = pytest.mark.django_db


def _rows(rows):
    return {row.label: row.counts for row in rows}


def test_the_funnel_follows_the_cohort_step_by_step(world, north_filters):
    report = funnel_report(university=world.north, filters=north_filters)
    assert [(step.key, step.count) for step in report.steps] == [
        ("signed_up", 5),
        ("verified", 4),
        ("complete", 3),
        ("applied", 3),
        ("accepted", 2),
        ("completed", 1),
    ]
    assert report.steps[0].conversion is None
    assert report.steps[1].conversion == pytest.approx(4 / 5)
    assert report.steps[4].conversion == pytest.approx(2 / 3)
    assert report.steps[5].overall == pytest.approx(1 / 5)


def test_the_funnel_breaks_down_by_major_year_and_field(world, north_filters):
    report = funnel_report(university=world.north, filters=north_filters)
    assert _rows(report.by_major) == {"Economics": [3, 3, 2, 2, 1, 1], "Physics": [2, 1, 1, 1, 1, 0]}
    assert _rows(report.by_year) == {"2027": [3, 3, 2, 2, 1, 1], "2028": [2, 1, 1, 1, 1, 0]}
    assert _rows(report.by_field) == {"Data & analytics": [2, 2, 1], "Design & UX": [2, 1, 1]}


def test_the_funnel_filters_by_major_year_and_field(world, north_filters):
    physics = funnel_report(university=world.north, filters=replace(north_filters, major="Physics"))
    assert [step.count for step in physics.steps] == [2, 1, 1, 1, 1, 0]
    class_of_2027 = funnel_report(university=world.north, filters=replace(north_filters, year=2027))
    assert [step.count for step in class_of_2027.steps] == [3, 3, 2, 2, 1, 1]
    design = funnel_report(university=world.north, filters=replace(north_filters, field="design"))
    assert [step.count for step in design.steps] == [5, 4, 3, 2, 1, 1]


def test_the_funnel_of_every_university_counts_both(world, north_filters):
    report = funnel_report(university=None, filters=north_filters)
    assert report.steps[0].count == 6
    assert report.filters.university is None


def test_outcomes(world, north_filters):
    report = outcomes_report(university=world.north, filters=north_filters)
    assert (report.completed, report.cancelled) == (3, 1)
    assert report.completion_rate == pytest.approx(3 / 4)
    assert (report.completing_students, report.repeat_students) == (2, 1)
    assert report.hours == Decimal("12.5")
    assert [(e.currency, e.amount, e.payments) for e in report.earnings] == [
        ("EUR", Decimal("150.00"), 1),
        ("USD", Decimal("200.00"), 1),
    ]
    assert (report.payments_due, report.payments_on_time) == (3, 1)
    ratings = {r.side: r for r in report.ratings}
    assert (ratings["employer"].reviews, ratings["employer"].average) == (2, pytest.approx(4.5))
    assert ratings["employer"].stars == [0, 0, 0, 1, 1]
    assert (ratings["student"].reviews, ratings["student"].average) == (1, pytest.approx(3))
    assert report.accepted_students == 3
    assert report.median_time_to_acceptance == dt.timedelta(days=4)
    assert report.average_time_to_acceptance == dt.timedelta(days=4)


def test_outcomes_of_a_field_and_a_major(world, north_filters):
    design = outcomes_report(university=world.north, filters=replace(north_filters, field="design"))
    assert (design.completed, design.cancelled, design.hours) == (1, 0, Decimal("0"))
    assert [(e.currency, e.amount) for e in design.earnings] == [("EUR", Decimal("150.00"))]
    physics = outcomes_report(university=world.north, filters=replace(north_filters, major="Physics"))
    assert (physics.completed, physics.cancelled, physics.hours) == (0, 1, Decimal("2.5"))


def test_employers(world, north_filters):
    report = employers_report(university=world.north, filters=north_filters)
    rows = {row.name: row for row in report.employers}
    assert list(rows) == ["Employer One", "Employer Two", "Employer Three"]
    one, two, three = rows["Employer One"], rows["Employer Two"], rows["Employer Three"]
    assert (one.is_partner, one.partner_since) == (True, dt.date(2026, 2, 1))
    assert (one.projects_posted, one.applicants, one.applications, one.hires) == (1, 5, 5, 3)
    assert (one.answered, one.closed_unanswered) == (3, 1)
    assert one.median_time_to_answer == dt.timedelta(days=4)
    assert (two.is_partner, two.projects_posted, two.applicants, two.hires) == (False, 1, 2, 1)
    assert two.median_time_to_answer == dt.timedelta(days=6)
    assert (three.is_partner, three.projects_posted, three.applicants) == (True, 0, 0)
    assert report.partners == 2
    assert [(p.name, p.approved_on) for p in report.new_partners] == [("Employer One", dt.date(2026, 2, 1))]
    assert (report.projects_posted, report.applications, report.hires, report.closed_unanswered) == (
        2,
        7,
        4,
        1,
    )
    assert report.median_time_to_answer == dt.timedelta(days=4)


def test_trends_per_month(world, north_filters):
    report = trends_report(university=world.north, filters=north_filters)
    assert report.buckets == [dt.date(2026, month, 1) for month in range(1, 6)]
    series = {s.key: s.values for s in report.series}
    assert series["signed_up"] == [2, 1, 1, 1, 0]
    assert series["verified"] == [2, 1, 1, 0, 0]
    assert series["applied"] == [0, 3, 4, 0, 0]
    assert series["accepted"] == [0, 3, 1, 0, 0]
    assert series["completed"] == [0, 0, 2, 1, 0]
    assert series["hours"] == [0, Decimal("4"), Decimal("8.5"), 0, 0]
    earnings = {s.key: s.values for s in report.earnings}
    assert earnings == {
        "EUR": [0, 0, 0, Decimal("150.00"), 0],
        "USD": [0, 0, Decimal("200.00"), 0, 0],
    }


def test_trends_per_week_start_on_mondays(world):
    filters = ReportFilters(
        university=world.north, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), interval=Interval.WEEK
    )
    report = trends_report(university=world.north, filters=filters)
    assert report.buckets[0] == dt.date(2026, 2, 23)
    assert all(day.weekday() == 0 for day in report.buckets)
    completed = dict(zip(report.buckets, {s.key: s.values for s in report.series}["completed"], strict=True))
    assert completed[dt.date(2026, 3, 9)] == 1  # Mar 10
    assert completed[dt.date(2026, 3, 16)] == 1  # Mar 20


def test_headline_figures_compare_with_the_period_before(world):
    headline = headline_figures(university=world.north, start=START, end=END)
    figures = {key: (h.value, h.previous) for key, h in headline["figures"].items()}
    assert figures == {
        "signed_up": (5, 1),
        "verified": (4, 1),
        "applied": (6, 0),
        "accepted": (3, 0),
        "completed": (3, 0),
        "hours": (Decimal("12.5"), Decimal("0")),
    }
    assert headline["previous_end"] == dt.date(2025, 12, 31)
    assert headline["previous_start"] == dt.date(2025, 8, 3)
    assert headline["figures"]["signed_up"].direction == "up"
    assert {c: (h.value, h.previous) for c, h in headline["earnings"].items()} == {
        "EUR": (Decimal("150.00"), Decimal("0.00")),
        "USD": (Decimal("200.00"), Decimal("0.00")),
    }


def test_no_figure_of_north_counts_a_south_student(world, north_filters):
    """South's student works on North's partner's project and is paid and rated: none of it shows."""
    outcomes = outcomes_report(university=world.north, filters=north_filters)
    assert all(e.amount != Decimal("999.00") for e in outcomes.earnings)
    assert [r.stars[0] for r in outcomes.ratings] == [0, 0]  # South's one-star reviews
    south = outcomes_report(university=world.south, filters=replace(north_filters, university=world.south))
    assert (south.completed, south.hours) == (1, Decimal("7"))
    assert [(e.currency, e.amount) for e in south.earnings] == [("USD", Decimal("999.00"))]
    employers = employers_report(university=world.south, filters=north_filters)
    names = {row.name: row for row in employers.employers}
    assert set(names) == {"Employer One", "Employer Two"}
    assert names["Employer One"].applicants == 1
    assert names["Employer Two"].is_partner


def test_the_on_time_rate_follows_the_rule_of_the_organisation_page(world, north_filters):
    """One rule (`engagements.selectors_employer.payment_record`): a payment of no amount is left out, one
    without a due date is due the payment terms after it was recorded."""
    Payment.objects.filter(engagement=world.engagements["e61"]).update(amount=Decimal("0"))
    undated = Payment.objects.create(
        engagement=world.engagements["e21"],
        amount=Decimal("40"),
        currency="USD",
        status=PaymentStatus.PAID,
        due_at=None,
        paid_at=at(3, 10),
    )
    Payment.objects.filter(pk=undated.pk).update(created_at=at(3, 1))  # due Mar 15: paid on time
    report = outcomes_report(university=world.north, filters=north_filters)
    # e11 on time, e12 late, the undated one on time; e61's payment of nothing left out.
    assert (report.payments_due, report.payments_on_time) == (3, 2)
    record = employer_payment_record(employer=world.employers["one"], now=timezone.now())
    assert (record.due, record.on_time) == (3, 3)  # e11, the undated one (North) and e71 (South)


def test_projects_posted_counts_every_employer_the_rows_count(world, north_filters):
    """The summary counts what the column counts, for every employer (also one neither partner nor applied
    to), and the partners' share apart; the page says so."""
    unlisted = EmployerFactory(name="Employer Four")
    ProjectFactory(employer=unlisted, field=SkillCategory.DATA, published=True, published_at=at(2, 20))
    report = employers_report(university=world.north, filters=north_filters)
    assert "Employer Four" not in {row.name for row in report.employers}
    assert sum(row.projects_posted for row in report.employers) == 2
    assert (report.projects_posted, report.partner_projects_posted) == (3, 1)
    summary = dict(report.tables()[0].rows)
    assert summary["Projects posted (open to the students, every employer)"] == 3
    assert summary["…of which by partner employers"] == 1
    assert "for every employer" in report.tables()[0].caption
