"""Fixtures of the projects tests."""

import pytest


@pytest.fixture
def searcher(client, student_profile):
    """A signed-in student on the search page."""
    client.force_login(student_profile.user)
    return student_profile
