"""Saving a project with a `next` that is not a path on this site goes back to the project, never a 500."""

import pytest
from django.urls import reverse

from projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", ["-1", "home", "https://evil.example/"])
def test_save_ignores_a_next_that_is_not_a_site_path(client, student_profile, target):
    project = ProjectFactory(published=True)
    client.force_login(student_profile.user)
    response = client.post(reverse("projects:save", args=[project.public_id]), {"next": target})
    assert response.status_code == 302
    assert response.url == reverse("projects:detail", args=[project.public_id])
