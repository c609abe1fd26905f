"""Students not verified (their university not on the platform yet, or not confirmed): who may see and
apply to what, and what employers see of them.

The access matrix: an unverified student sees and may apply to public open projects; partners-only ones
stay for verified students of the partner universities (404 to everyone else, as for a project that does
not exist). Employers see "Not verified" beside such an applicant, in words, and may list verified students
only, on the page and in the API, in the same number of queries however many applicants there are.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from applications.models import Application
from applications.selectors import application_refusal
from projects.factories import ProjectFactory
from projects.models import Visibility
from students.factories import StudentProfileFactory
from students.services import student_profile_create, student_university_request
from universities.factories import PartnershipFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified_world(employer, north):
    """North's employer partner with a public and a partners-only open project, and four students: Uma (her
    university is not listed), Lin (linked to North, not verified), Vic (verified at North) and Oz (verified
    at another university)."""
    PartnershipFactory(employer=employer, university=north, status=PartnershipStatus.ACTIVE)
    uma = student_profile_create(
        user=UserFactory(student=True, email="uma@lakeside.ac", full_name="Uma Unlisted")
    )
    student_university_request(profile=uma, name="Lakeside College")
    return {
        "public": ProjectFactory(employer=employer, published=True, title="Public survey"),
        "partners": ProjectFactory(
            employer=employer, published=True, visibility=Visibility.PARTNERS, title="Partners survey"
        ),
        "uma": uma,
        "lin": StudentProfileFactory(university=north, unverified=True),
        "vic": StudentProfileFactory(university=north, user__full_name="Vic Verified"),
        "oz": StudentProfileFactory(),
    }


# who, project, may see it, may apply to it
MATRIX = [
    ("uma", "public", True, True),
    ("uma", "partners", False, False),
    ("lin", "public", True, True),
    ("lin", "partners", False, False),
    ("vic", "public", True, True),
    ("vic", "partners", True, True),
    ("oz", "public", True, True),
    ("oz", "partners", False, False),
]


@pytest.mark.parametrize(("who", "which", "sees", "applies"), MATRIX)
def test_the_access_matrix_of_unverified_students(client, unverified_world, who, which, sees, applies):
    student, project = unverified_world[who], unverified_world[which]
    client.force_login(student.user)
    detail = client.get(reverse("projects:detail", args=[project.public_id]))
    assert detail.status_code == (200 if sees else 404)
    assert (application_refusal(student=student, project=project) is None) == applies
    if sees:
        assert (reverse("projects:apply", args=[project.public_id]) in detail.content.decode()) == applies
    response = client.post(
        reverse("projects:apply", args=[project.public_id]),
        {"cover_note": "I would like to help.", "answer_0": "Python", "answer_1": "Monday"},
    )
    assert response.status_code == (302 if sees else 404)
    assert Application.objects.filter(student=student, project=project).exists() == applies


def test_the_search_lists_public_projects_to_an_unverified_student(client, unverified_world):
    client.force_login(unverified_world["uma"].user)
    content = client.get(reverse("projects:search")).content.decode()
    assert "Public survey" in content and "Partners survey" not in content


def test_a_partners_only_project_tells_an_unverified_student_to_verify(unverified_world):
    refusal = application_refusal(student=unverified_world["lin"], project=unverified_world["partners"])
    assert refusal.code == "student_not_verified"
    assert "verified students" in refusal.messages[0]


# --- What employers see -------------------------------------------------------------------------------------


def _applied(world) -> tuple[Application, Application]:
    unverified = ApplicationFactory(project=world["public"], student=world["uma"])
    verified = ApplicationFactory(project=world["public"], student=world["vic"])
    return unverified, verified


def test_the_applicants_page_shows_not_verified_in_words(client, member, unverified_world):
    _applied(unverified_world)
    client.force_login(member)
    content = client.get(reverse("manage:applicants", args=[unverified_world["public"].public_id])).content
    content = content.decode()
    assert 'Lakeside College <span class="muted">(not on the platform yet)</span>' in content
    assert (
        'Not verified<span class="visually-hidden">: no university has confirmed this student yet</span>'
        in (content)
    )
    assert content.count("badge-unverified") == 1


def test_the_applicant_page_shows_not_verified(client, member, unverified_world):
    unverified, _ = _applied(unverified_world)
    client.force_login(member)
    content = client.get(reverse("manage:applicant", args=[unverified.public_id])).content.decode()
    assert "Lakeside College" in content and "badge-unverified" in content


def test_the_applicants_page_filters_verified_students_only(client, member, unverified_world):
    _applied(unverified_world)
    client.force_login(member)
    url = reverse("manage:applicants", args=[unverified_world["public"].public_id])
    everyone = client.get(url)
    assert len(everyone.context["rows"]) == 2
    assert f'href="{url}?verified=1"' in everyone.content.decode()
    verified = client.get(url + "?verified=1&sort=match")
    assert [row.application.student.user.full_name for row in verified.context["rows"]] == ["Vic Verified"]
    content = verified.content.decode()
    assert '<strong aria-current="true">Verified students only</strong>' in content
    assert f"{url}?status=submitted&amp;sort=match&amp;verified=1" in content  # the tabs keep the filter
    assert everyone.context["counts"]["all"] == 2
    assert verified.context["counts"]["all"] == 1  # the tabs count what they will show


def test_the_api_filters_verified_students_only(api, member, unverified_world):
    _applied(unverified_world)
    api.force_login(member)
    url = reverse("api-applicant-list", args=[unverified_world["public"].public_id])
    rows = api.get(url).json()["results"]
    assert {(row["student"]["name"], row["student"]["is_verified"]) for row in rows} == {
        ("Uma Unlisted", False),
        ("Vic Verified", True),
    }
    uma = next(row for row in rows if not row["student"]["is_verified"])
    assert uma["student"]["university"] is None and uma["student"]["university_name"] == "Lakeside College"
    only = api.get(url + "?verified=true").json()["results"]
    assert [row["student"]["name"] for row in only] == ["Vic Verified"]
    response = api.get(url + "?verified=maybe")
    assert response.status_code == 400 and "verified" in response.json()["errors"]


def test_an_outsider_cannot_list_the_applicants_even_filtered(api, other_member, unverified_world):
    _applied(unverified_world)
    api.force_login(other_member)
    url = reverse("api-applicant-list", args=[unverified_world["public"].public_id])
    assert api.get(url + "?verified=true").status_code == 404


def _queries(get) -> int:
    with CaptureQueriesContext(connection) as captured:
        get()
    return len(captured)


@pytest.mark.parametrize("verified_only", [False, True])
def test_the_filtered_page_and_api_run_the_same_queries_for_few_or_many_applicants(
    client, api, member, unverified_world, verified_only
):
    project = unverified_world["public"]
    _applied(unverified_world)
    client.force_login(member)
    api.force_login(member)
    suffix = "?verified=1" if verified_only else ""
    page = reverse("manage:applicants", args=[project.public_id]) + suffix
    endpoint = reverse("api-applicant-list", args=[project.public_id]) + (
        "?verified=true" if verified_only else ""
    )
    client.get(page), api.get(endpoint)
    few = (_queries(lambda: client.get(page)), _queries(lambda: api.get(endpoint)))
    for n in range(15):
        ApplicationFactory(project=project, student=StudentProfileFactory(unverified=n % 2 == 0))
        ApplicationFactory(
            project=project,
            student=student_profile_create(user=UserFactory(student=True, email=f"s{n}@college{n}.example")),
        )
    many = (_queries(lambda: client.get(page)), _queries(lambda: api.get(endpoint)))
    assert many == few
