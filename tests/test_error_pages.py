"""Error pages outside the API look like the site: its header, a sentence saying what happened and a way on
(templates/400.html, 403, 404, 500); under /api/ they stay JSON (tests/test_hostile_input and the API's)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from marketplace import views

pytestmark = pytest.mark.django_db

SITE_HEADER = 'class="site-header"'


def test_a_control_character_in_a_form_field_gets_the_sites_400_page_naming_the_field(client):
    response = client.get(reverse("account_login"), {"next": "/x\x00"})
    assert response.status_code == 400
    page = response.content.decode()
    assert SITE_HEADER in page and "This request could not be accepted" in page
    assert "“next”" in page and "Nothing was saved" in page


def test_an_unknown_address_gets_the_sites_404_page(client, student):
    client.force_login(student)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert SITE_HEADER in page and "Page not found" in page
    assert reverse("dashboard") in page and "Log out" in page  # the signed-in header


def test_a_refusal_gets_the_sites_403_page(student):
    request = RequestFactory().get("/somewhere/")
    request.user = student
    response = views.permission_denied(request, PermissionDenied("not yours"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "not yours" not in page  # the reason given in code is not shown
    assert SITE_HEADER in page and "You don't have access to this page" in page


def test_the_500_page_needs_neither_the_request_context_nor_the_database():
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_api_keeps_its_json_errors(client):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
