"""The first visit: a signed-out visitor browses, searches and reads the public open projects, a shared link
previews well (title, description, Open Graph and Twitter tags, a schema.org JobPosting), search engines find
the pages (sitemap.xml, robots.txt), and "Apply" leads through sign-up and email confirmation back to the
project. Partners-only, draft and closed projects stay out of sight for anyone outside their audience.
"""

import json
import re
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from employers.factories import EmployerFactory, EmployerMemberFactory
from employers.models import MemberRole
from projects.factories import ProjectFactory
from projects.models import LocationType, ProjectStatus, Visibility
from students.factories import StudentProfileFactory
from universities.factories import PartnershipFactory, UniversityFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db

SITE = "https://interns.example.org"


@pytest.fixture(autouse=True)
def _site_url_for_sitemaps(settings):
    settings.MARKETPLACE = {**settings.MARKETPLACE, "SITE_URL": SITE}


@pytest.fixture
def public_world(db):
    """A public open project, and every kind of project a signed-out visitor must not see."""
    employer = EmployerFactory(name="Brightlane Analytics")
    quiet = EmployerFactory(name="Quiet Partners Ltd")
    partner_university = UniversityFactory(domain="partner-uni.edu")
    PartnershipFactory(employer=quiet, university=partner_university, status=PartnershipStatus.ACTIVE)
    now = timezone.now()
    return {
        "employer": employer,
        "quiet": quiet,
        "partner_university": partner_university,
        "public": ProjectFactory(employer=employer, published=True, title="Customer churn dashboard"),
        "partners": ProjectFactory(
            employer=quiet, published=True, title="Confidential pricing study", visibility=Visibility.PARTNERS
        ),
        "draft": ProjectFactory(employer=employer, title="Unpublished logo refresh"),
        "closed": ProjectFactory(
            employer=employer,
            published=True,
            title="Finished survey analysis",
            status=ProjectStatus.IN_PROGRESS,
        ),
        "expired": ProjectFactory(
            employer=employer,
            published=True,
            title="Expired inventory audit",
            application_deadline=now - timedelta(hours=1),
        ),
    }


def _detail(project) -> str:
    return reverse("projects:detail", args=[project.public_id])


HIDDEN = ["partners", "draft", "closed", "expired"]


def _link(body: str, path: str) -> str:
    """The page's link to `path` that brings the visitor back (the one with ?next=), unescaped."""
    links = re.findall(r'href="([^"]+)"', body)
    back = [link for link in links if link.startswith(path + "?") and "next=" in link]
    return back[0].replace("&amp;", "&")


# --- Browse, search, read -----------------------------------------------------------------------------------


def test_a_signed_out_visitor_browses_the_public_open_projects_only(client, public_world):
    response = client.get(reverse("projects:search"))
    assert response.status_code == 200
    body = response.content.decode()
    assert public_world["public"].title in body
    assert _detail(public_world["public"]) in body
    for name in HIDDEN:
        assert public_world[name].title not in body, name
    # What needs an account is left out: saving, the skills filter (its suggestions need signing in).
    assert reverse("projects:save", args=[public_world["public"].public_id]) not in body
    assert 'name="skills"' not in body
    assert reverse("account_signup") in body


def test_the_signed_out_search_is_the_same_full_text_search(client, public_world):
    found = client.get(reverse("projects:search"), {"q": "churn"}).content.decode()
    assert public_world["public"].title in found
    missed = client.get(reverse("projects:search"), {"q": "pricing"}).content.decode()
    assert public_world["partners"].title not in missed
    assert "No projects match this search" in missed
    # A filter of its page works too, and the employer filter offers only organisations with public projects.
    page = client.get(reverse("projects:search"), {"remote": "on", "employer": public_world["employer"].slug})
    assert public_world["public"].title in page.content.decode()
    assert public_world["quiet"].name not in page.content.decode()


def test_the_htmx_results_work_signed_out(client, public_world):
    response = client.get(reverse("projects:search"), {"q": "dashboard"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert public_world["public"].title in response.content.decode()
    assert "<html" not in response.content.decode()


@pytest.mark.parametrize("name", HIDDEN)
def test_a_hidden_project_answers_404_signed_out(client, public_world, name):
    assert client.get(_detail(public_world[name])).status_code == 404


def test_a_public_project_page_reads_signed_out_without_match_reasons(client, public_world):
    project = public_world["public"]
    response = client.get(_detail(project))
    assert response.status_code == 200
    body = response.content.decode()
    assert project.title in body
    assert project.description in body
    assert "Why this matches you" not in body
    assert reverse("projects:report", args=[project.public_id]) not in body
    assert reverse("projects:save", args=[project.public_id]) not in body


def test_apply_leads_to_sign_up_and_log_in_back_to_the_project(client, public_world):
    project = public_world["public"]
    body = client.get(_detail(project)).content.decode()
    signup = _link(body, reverse("account_signup"))
    login = _link(body, reverse("account_login"))
    assert parse_qs(urlsplit(signup).query)["next"] == [_detail(project)]
    assert parse_qs(urlsplit(login).query)["next"] == [_detail(project)]
    assert "Log in to apply" in body


def test_partners_only_projects_stay_within_their_audience(client, public_world):
    partners = public_world["partners"]
    outsider = StudentProfileFactory()
    insider = StudentProfileFactory(university=public_world["partner_university"])
    stranger_employer = EmployerMemberFactory(role=MemberRole.OWNER).user
    for user in (None, outsider.user, stranger_employer):
        client.logout()
        if user is not None:
            client.force_login(user)
        assert client.get(_detail(partners)).status_code == 404
        assert partners.title not in client.get(reverse("projects:search")).content.decode()
    client.force_login(insider.user)
    assert client.get(_detail(partners)).status_code == 200
    assert partners.title in client.get(reverse("projects:search")).content.decode()


def test_an_employer_sees_its_posting_as_the_public_does_with_a_way_to_manage_it(client, public_world):
    member = EmployerMemberFactory(employer=public_world["employer"], role=MemberRole.OWNER).user
    client.force_login(member)
    body = client.get(_detail(public_world["public"])).content.decode()
    assert reverse("manage:detail", args=[public_world["public"].public_id]) in body
    assert reverse("account_signup") + "?" not in body


def test_the_signed_out_search_takes_a_constant_number_of_queries(client, public_world):
    def count() -> int:
        cache.clear()  # the employer filter's list is kept a minute: count each page from cold
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("projects:search")).status_code == 200
        return len(queries)

    few = count()
    for _ in range(25):
        ProjectFactory(employer=EmployerFactory(), published=True)
    assert count() == few


# --- What a shared link and a search engine read ------------------------------------------------------------


def _json_ld(response) -> tuple[dict, str]:
    html = response.content.decode()
    (match,) = re.findall(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', html, re.S)
    return json.loads(match[1]), match[0]


def test_a_project_page_has_a_job_posting_in_json_ld_under_the_csp_nonce(client, public_world):
    project = public_world["public"]
    response = client.get(_detail(project))
    posting, nonce = _json_ld(response)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == project.title
    assert project.summary in posting["description"]
    assert posting["datePosted"] == project.published_at.isoformat()
    assert posting["validThrough"] == project.application_deadline.isoformat()
    assert posting["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Brightlane Analytics",
        "sameAs": public_world["employer"].website,
    }
    assert "INTERN" in posting["employmentType"]
    assert posting["baseSalary"]["currency"] == "USD"
    assert posting["baseSalary"]["value"]["value"] == 500.0
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["url"] == SITE + _detail(project)


def test_an_on_site_project_names_its_place_and_a_free_one_no_salary(client, public_world):
    project = ProjectFactory(
        employer=public_world["employer"],
        published=True,
        location_type=LocationType.ONSITE,
        location="Lyon",
        fee=Decimal("0"),
    )
    posting, _nonce = _json_ld(client.get(_detail(project)))
    assert "jobLocationType" not in posting
    assert posting["jobLocation"]["address"]["addressLocality"] == "Lyon"
    assert "baseSalary" not in posting


def test_the_json_ld_cannot_break_out_of_its_script_element(client, public_world):
    project = ProjectFactory(
        employer=public_world["employer"],
        published=True,
        title="</script><script>alert(1)</script> & more",
        summary="Tags <b>stay</b> data",
    )
    response = client.get(_detail(project))
    html = response.content.decode()
    block = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block.replace("\\u0026", "")
    posting = json.loads(block)
    assert posting["title"] == project.title


def test_a_project_page_has_a_title_description_and_share_tags(client, public_world):
    project = public_world["public"]
    html = client.get(_detail(project)).content.decode()
    assert f"<title>{project.title} · Brightlane Analytics" in html
    assert f'<meta name="description" content="{project.summary}">' in html
    assert f'<link rel="canonical" href="{SITE}{_detail(project)}">' in html
    for tag in ('property="og:title"', 'property="og:description"', 'name="twitter:card"'):
        assert tag in html, tag
    assert f'<meta property="og:url" content="{SITE}{_detail(project)}">' in html


def test_the_sitemap_lists_exactly_the_public_open_projects_and_their_employers(client, public_world):
    other = ProjectFactory(published=True)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {
        node.text for node in ElementTree.fromstring(response.content).findall("s:url/s:loc", namespace)
    }
    assert locations == {
        SITE + _detail(public_world["public"]),
        SITE + _detail(other),
        SITE + reverse("employers:public", args=[public_world["employer"].slug]),
        SITE + reverse("employers:public", args=[other.employer.slug]),
    }


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /projects/\n" not in text


# --- The journey: from a shared link to applying ------------------------------------------------------------


def test_signing_up_from_a_project_lands_back_on_it_after_confirming_the_email(client, public_world):
    project = public_world["public"]
    UniversityFactory(domain="ada-uni.edu")
    body = client.get(_detail(project)).content.decode()
    signup = _link(body, reverse("account_signup"))
    assert client.get(signup).status_code == 200
    response = client.post(
        signup,
        {
            "full_name": "Ada Student",
            "email": "ada@ada-uni.edu",
            "password1": "a-long-Pass-phrase-42",
            "password2": "a-long-Pass-phrase-42",
            "role": "student",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    (message,) = mail.outbox
    confirm = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body).group(1)
    response = client.post(confirm)
    assert response.status_code == 302
    assert response.url == _detail(project)
    page = client.get(response.url)
    assert page.status_code == 200
    # Signed in as a student, verified by the university address: the student's page, applying one click away.
    assert reverse("projects:apply", args=[project.public_id]) in page.content.decode()
