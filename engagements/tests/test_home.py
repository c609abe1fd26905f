"""The home page: the figures that are true, a few public projects open now, each role's way in."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from engagements.factories import EngagementFactory
from engagements.models import HoursLog, Payment, PaymentStatus
from engagements.selectors_home import HOME_FIGURES_CACHE_KEY, HOME_PROJECTS_SHOWN, home_page
from projects.factories import ProjectFactory
from projects.models import ProjectStatus, Visibility
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


def _pay(engagement, status=PaymentStatus.PAID) -> None:
    Payment.objects.create(
        engagement=engagement, amount=engagement.fee, currency=engagement.currency, status=status
    )


def _log(engagement, hours: str) -> None:
    HoursLog.objects.create(engagement=engagement, date=timezone.localdate(), hours=Decimal(hours))


@pytest.fixture
def home_world(db):
    """Two public projects open now, and five that no visitor may see on the home page; two students with
    three engagements between them: Maya paid twice, Leo's payment still pending; 7.75 hours logged."""
    now = timezone.now()
    older = ProjectFactory(
        published=True, title="Survey the campus cafés", published_at=now - dt.timedelta(days=2)
    )
    newer = ProjectFactory(
        published=True, title="Clean our sales data", published_at=now - dt.timedelta(days=1)
    )
    ProjectFactory(published=True, title="Partners only brief", visibility=Visibility.PARTNERS)
    ProjectFactory(title="A draft nobody sees")
    ProjectFactory(published=True, title="Deadline passed", application_deadline=now - dt.timedelta(hours=1))
    ProjectFactory(published=True, title="Work under way", status=ProjectStatus.IN_PROGRESS)
    ProjectFactory(published=True, title="Cancelled", status=ProjectStatus.CANCELLED)
    maya = StudentProfileFactory()
    leo = StudentProfileFactory()
    first, second, third = (
        EngagementFactory(
            application__student=student, application__project__status=ProjectStatus.IN_PROGRESS
        )
        for student in (maya, maya, leo)
    )
    _pay(first)
    _pay(second)
    _pay(third, status=PaymentStatus.PENDING)
    _log(first, "2.5")
    _log(second, "4")
    _log(third, "1.25")
    return {"older": older, "newer": newer}


def test_the_figures_are_the_true_ones(home_world):
    figures = home_page().figures

    assert figures.projects_open == 2
    assert figures.students_paid == 1
    assert figures.hours_worked == Decimal("7.75")


def test_only_public_open_projects_are_shown_newest_first(home_world):
    projects = home_page().projects

    assert [project.title for project in projects] == ["Clean our sales data", "Survey the campus cafés"]


def test_no_more_than_a_few_projects_are_shown(db):
    for _ in range(HOME_PROJECTS_SHOWN + 2):
        ProjectFactory(published=True)

    assert len(home_page().projects) == HOME_PROJECTS_SHOWN


def test_the_page_shows_the_figures_and_links_each_project_to_its_page(client, home_world):
    page = client.get(reverse("home")).text

    assert "<dt>Projects open now</dt>\n      <dd>2</dd>" in page
    assert "<dt>Students paid</dt>\n      <dd>1</dd>" in page
    assert "<dt>Hours worked</dt>\n      <dd>8</dd>" in page
    assert reverse("projects:detail", args=[home_world["newer"].public_id]) in page
    assert "Partners only brief" not in page
    assert f"{reverse('account_signup')}?role=student" in page
    assert f'href="{reverse("projects:search")}">Browse every open project' in page


def test_an_empty_marketplace_says_so(client, db):
    page = client.get(reverse("home")).text

    assert "No project is open to everyone right now." in page
    assert "<dt>Hours worked</dt>\n      <dd>0</dd>" in page


@pytest.mark.parametrize("projects", [1, 30])
def test_the_page_reads_a_constant_number_of_queries(client, db, django_assert_num_queries, projects):
    for _ in range(projects):
        ProjectFactory(published=True)

    # Open projects counted, students paid, hours summed, the shown projects with their organisations.
    with django_assert_num_queries(4):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    # The next visitors read the figures from the cache: only the shown projects are queried.
    with django_assert_num_queries(1):
        assert client.get(reverse("home")).status_code == 200


def test_the_figures_are_kept_for_a_while_then_recomputed(db):
    ProjectFactory(published=True)
    assert home_page().figures.projects_open == 1

    ProjectFactory(published=True)
    assert home_page().figures.projects_open == 1, "read from the cache"
    cache.delete(HOME_FIGURES_CACHE_KEY)  # what HOME_FIGURES_TTL seconds do
    assert home_page().figures.projects_open == 2


def test_a_signed_in_user_gets_a_way_to_their_dashboard(client, student):
    client.force_login(student)

    page = client.get(reverse("home")).text

    assert "Go to your dashboard" in page
    assert "?role=employer" not in page
