import pytest

from reports.filters import ReportFilters
from reports.rollups import rollups_refresh
from reports.tests.world import END, START, World, make_world
from universities.factories import CareerStaffFactory


@pytest.fixture
def world(db) -> World:
    """The hand-built world, with the rollups refreshed as the beat task would after it was written."""
    built = make_world()
    rollups_refresh()
    return built


@pytest.fixture
def north_filters(world) -> ReportFilters:
    return ReportFilters(university=world.north, start=START, end=END)


@pytest.fixture
def north_staff(world):
    """A career-office member of North University (enrolled in MFA, as the admin requires)."""
    return CareerStaffFactory(university=world.north).user


@pytest.fixture
def south_staff(world):
    return CareerStaffFactory(university=world.south).user


@pytest.fixture(autouse=True)
def _reports_computed_afresh(settings):
    """Figures are computed on every call here; `test_caching.py` turns the cache back on."""
    settings.REPORTS_CACHE_SECONDS = 0
