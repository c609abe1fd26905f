"""Students' requests for their university to be added, in the admin: site admins see them with how many
students wait on each domain and may decline them; career offices never see them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import UserFactory
from universities.models import UniversityRequest, UniversityRequestStatus

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:universities_universityrequest_changelist")


def _request(email: str, name: str, **extra) -> UniversityRequest:
    user = UserFactory(student=True, email=email)
    return UniversityRequest.objects.create(
        requested_by=user, name=name, domain=email.rpartition("@")[2], **extra
    )


@pytest.fixture
def waiting_requests(db) -> list[UniversityRequest]:
    """Three students of lakeside.ac waiting (one spelling it oddly), one of hillcrest.ac, one declined."""
    return [
        _request("uma@lakeside.ac", "Lakeside College"),
        _request("sam@lakeside.ac", "Lakeside College"),
        _request("ned@lakeside.ac", "Lakeside Coll."),
        _request("hal@hillcrest.ac", "Hillcrest University"),
        _request("old@lakeside.ac", "Lakeside", status=UniversityRequestStatus.DECLINED),
    ]


def _row_counts(content: str) -> dict[str, str]:
    """Each request's email and the number in its "Waiting on this domain" cell."""
    rows = re.findall(r"<tr>.*?</tr>", content, flags=re.S)
    counts = {}
    for row in rows:
        email = re.search(r"[a-z]+@[a-z.]+", row)
        cell = re.search(r'<td class="field-waiting_on_domain">(\d+)</td>', row)
        if email and cell:
            counts[email.group(0)] = cell.group(1)
    return counts


def test_site_admins_see_each_request_with_the_count_on_its_domain(
    client, site_admin, waiting_requests, django_assert_max_num_queries
):
    client.force_login(site_admin)
    client.get(CHANGELIST)
    with django_assert_max_num_queries(14):
        response = client.get(CHANGELIST)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Lakeside College" in content and "Hillcrest University" in content
    assert _row_counts(content) == {
        "uma@lakeside.ac": "3",
        "sam@lakeside.ac": "3",
        "ned@lakeside.ac": "3",
        "hal@hillcrest.ac": "1",
        "old@lakeside.ac": "3",
    }
    ordered = client.get(CHANGELIST + "?o=-3").content.decode()  # by the count, most first
    assert ordered.index("uma@lakeside.ac") < ordered.index("hal@hillcrest.ac")


def test_the_list_runs_the_same_queries_for_few_or_many_requests(
    client, site_admin, waiting_requests, django_assert_num_queries
):
    client.force_login(site_admin)
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as few:
        client.get(CHANGELIST)
    for n in range(30):
        _request(f"student{n}@domain{n % 4}.ac", "Somewhere")
    with django_assert_num_queries(len(few)):
        client.get(CHANGELIST)


def test_site_admins_may_decline_waiting_requests(client, site_admin, waiting_requests):
    client.force_login(site_admin)
    chosen = [waiting_requests[3].pk, waiting_requests[4].pk]  # one waiting, one declined already
    response = client.post(CHANGELIST, {"action": "decline", "_selected_action": chosen}, follow=True)
    assert "1 request declined." in response.content.decode()
    assert UniversityRequest.objects.get(pk=chosen[0]).status == UniversityRequestStatus.DECLINED
    assert UniversityRequest.objects.filter(status=UniversityRequestStatus.PENDING).count() == 3


def test_a_request_cannot_be_changed_or_added_by_hand(client, site_admin, waiting_requests):
    client.force_login(site_admin)
    change = reverse("admin:universities_universityrequest_change", args=[waiting_requests[0].pk])
    content = client.get(change).content.decode()
    assert 'name="name"' not in content
    assert client.get(reverse("admin:universities_universityrequest_add")).status_code == 403


def test_career_offices_never_see_the_requests(client, carol, waiting_requests):
    client.force_login(carol)
    assert client.get(CHANGELIST).status_code == 403
    assert "universityrequest" not in client.get(reverse("admin:index")).content.decode()
