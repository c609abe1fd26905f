import pytest
from django.core.cache import cache

from accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits and sessions live in the cache: every test starts without anyone else's counters."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_folders(settings, tmp_path):
    """Each test uploads into folders of its own, deleted with it: tests never see each other's files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def student(db):
    return UserFactory(student=True, email="alice@example.org", full_name="Alice Student")


@pytest.fixture
def employer_user(db):
    return UserFactory(employer=True, email="bob@example.org", full_name="Bob Employer")


@pytest.fixture
def career_staff_user(db):
    return UserFactory(career_staff=True, email="carol@example.org", full_name="Carol Career")
