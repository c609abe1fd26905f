"""Reports are kept for a few minutes (REPORTS_CACHE_SECONDS), keyed by report, university and filters."""

from dataclasses import replace

import pytest

from reports.selectors import funnel_report, headline_figures
from reports.tests.world import END, START

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.REPORTS_CACHE_SECONDS = 300


def test_a_report_asked_again_costs_no_query(world, north_filters, django_assert_num_queries):
    first = funnel_report(university=world.north, filters=north_filters)
    with django_assert_num_queries(0):
        again = funnel_report(university=world.north, filters=north_filters)
    assert again == first


def test_each_university_and_each_filter_has_its_own_figures(world, north_filters):
    north = funnel_report(university=world.north, filters=north_filters)
    south = funnel_report(university=world.south, filters=north_filters)
    physics = funnel_report(university=world.north, filters=replace(north_filters, major="Physics"))
    every = funnel_report(university=None, filters=north_filters)
    assert [r.steps[0].count for r in (north, south, physics, every)] == [5, 1, 2, 6]
    assert south.filters.university == world.south


def test_the_headline_figures_are_kept_per_university_and_range(world):
    north = headline_figures(university=world.north, start=START, end=END)
    south = headline_figures(university=world.south, start=START, end=END)
    assert (north["figures"]["signed_up"].value, south["figures"]["signed_up"].value) == (5, 1)
