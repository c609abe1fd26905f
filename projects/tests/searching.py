"""What the search page tests share: the page's URL, a signed-in searcher, and reading the results."""

import pytest
from django.urls import reverse

from projects.factories import ProjectFactory
from projects.selectors_search import trigram_search_available

URL = reverse("projects:search")


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


def titles(response) -> list[str]:
    return [project.title for project in response.context["page"].object_list]


def open_project(**kwargs):
    return ProjectFactory(published=True, **kwargs)


def needs_trigram():
    if not trigram_search_available():
        pytest.skip("pg_trgm is not installed in this PostgreSQL (the embedded one lacks it; CI has it)")
