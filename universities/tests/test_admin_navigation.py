"""The admin's navigation and lists for the career office: the reports in the index and the sidebar (for
career staff and site staff only, and only the reports that exist), and lists narrow enough for 1280 px
whose CSV export still has every column."""

import csv
import io

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from students.factories import StudentProfileFactory
from universities.factories import UniversityFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
STUDENTS = reverse("admin:students_studentprofile_changelist")


def test_career_staff_find_the_reports_on_the_index_and_in_the_sidebar(client, carol):
    client.force_login(carol)
    index = client.get(INDEX).content.decode()
    assert 'class="app-reports module' in index
    for name in (
        "reports:index",
        "reports:funnel",
        "reports:outcomes",
        "reports:employers",
        "reports:trends",
    ):
        assert f'href="{reverse(name)}"' in index
    sidebar = client.get(STUDENTS).content.decode()
    assert 'id="nav-sidebar"' in sidebar
    assert f'href="{reverse("reports:funnel")}"' in sidebar


def test_site_staff_see_the_reports_too(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True, mfa=True))
    assert f'href="{reverse("reports:index")}"' in client.get(INDEX).content.decode()


def test_staff_of_no_university_see_no_reports(client):
    client.force_login(UserFactory(career_staff=True, mfa=True))
    response = client.get(INDEX)
    assert response.status_code == 200
    assert "app-reports" not in response.content.decode()


def test_the_admin_works_while_the_reports_do_not_exist(client, carol, settings):
    settings.ROOT_URLCONF = "universities.tests.urls_without_reports"
    client.force_login(carol)
    response = client.get("/admin/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "app-reports" not in page
    assert "Back to the site" in page


def test_the_admin_is_branded_and_styled(client, carol):
    client.force_login(carol)
    page = client.get(INDEX).content.decode()
    assert "css/admin.css" in page
    assert 'class="admin-brand"' in page and "Micro-internships" in page
    assert f'href="{reverse("home")}">Back to the site' in page


def test_career_staff_lists_leave_out_their_own_university_but_exports_keep_it(client, carol, north):
    profile = StudentProfileFactory(university=north)
    client.force_login(carol)
    page = client.get(STUDENTS).content.decode()
    assert ' column-university"' not in page
    assert ' column-full_name"' in page

    export = client.post(STUDENTS, {"action": "export_as_csv", "index": 0, "_selected_action": [profile.pk]})
    header, row = list(csv.reader(io.StringIO(export.content.decode())))
    assert header[:5] == ["Email", "Name", "University", "Verified", "Verified at"]
    assert row[2] == "North University"


def test_site_staff_see_the_university_column(client, north):
    StudentProfileFactory(university=north)
    client.force_login(UserFactory(is_superuser=True, is_staff=True, mfa=True))
    assert ' column-university"' in client.get(STUDENTS).content.decode()


def test_a_university_without_a_country_is_filtered_as_not_given(client):
    UniversityFactory(name="Nowhere College", slug="nowhere", country="")
    UniversityFactory(name="Lyon University", slug="lyon", country="France")
    client.force_login(UserFactory(is_superuser=True, is_staff=True, mfa=True))
    url = reverse("admin:universities_university_changelist")
    page = client.get(url).content.decode()
    assert ">Not given</a>" in page and ">France</a>" in page
    not_given = client.get(url, {"country": "-"}).content.decode()
    assert "Nowhere College" in not_given and "Lyon University" not in not_given
