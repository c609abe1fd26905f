"""A `next` that is not a path on this site sends the user to the centre, never into a 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", ["-1", "home", "notifications:centre", "https://evil.example/"])
def test_mark_all_read_ignores_a_next_that_is_not_a_site_path(client, student, target):
    client.force_login(student)
    response = client.post(reverse("notifications:read_all"), {"next": target})
    assert response.status_code == 302
    assert response.url == reverse("notifications:centre")
