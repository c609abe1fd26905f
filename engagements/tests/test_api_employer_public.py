"""An organisation's public page in the API: the page's data, public as the page is."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.factories import ApplicationFactory
from applications.models import ApplicationEvent, ApplicationStatus
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus, Payment, PaymentStatus, Review, ReviewSide
from projects.factories import ProjectFactory
from projects.models import Visibility
from students.factories import StudentProfileFactory
from universities.factories import PartnershipFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def public_url(employer) -> str:
    return reverse("api-employer-public", kwargs={"slug": employer.slug})


def completed_engagement(employer, *, days_ago: int = 20):
    return EngagementFactory(
        application__project=ProjectFactory(employer=employer, published=True),
        status=EngagementStatus.COMPLETED,
        completed_at=NOW - dt.timedelta(days=days_ago),
    )


# --- The public page ----------------------------------------------------------------------------------------


def test_anyone_may_read_the_public_page_without_signing_in(api, brightlane):
    response = api.get(public_url(brightlane))
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["slug"], body["description"]) == ("Brightlane", "brightlane", "We make maps.")
    assert body["logo_url"] is None
    assert body["url"] == "http://testserver/employers/profile/brightlane/"
    assert body["rating"] == {"average": None, "count": 0}
    assert body["answer_time"]["median_hours"] is None
    assert body["payments"] == {"due": 0, "on_time": 0, "on_time_percent": None}
    assert body["open_projects"] == []
    assert body["more_projects"] is False


def test_an_unknown_organisation_is_a_404(api):
    response = api.get(reverse("api-employer-public", kwargs={"slug": "nobody"}))
    assert response.status_code == 404
    assert response.json()["type"] == "not_found"


def test_the_figures_are_the_pages_figures(api, brightlane):
    Review.objects.create(engagement=completed_engagement(brightlane), side=ReviewSide.STUDENT, rating=4)
    application = ApplicationFactory(project=ProjectFactory(employer=brightlane, published=True))
    type(application).objects.filter(pk=application.pk).update(created_at=NOW - dt.timedelta(days=3))
    event = ApplicationEvent.objects.create(application=application, status=ApplicationStatus.SHORTLISTED)
    ApplicationEvent.objects.filter(pk=event.pk).update(created_at=NOW - dt.timedelta(days=1))
    Payment.objects.create(
        engagement=completed_engagement(brightlane),
        amount=Decimal("100.00"),
        currency="USD",
        due_at=NOW - dt.timedelta(days=5),
        status=PaymentStatus.PAID,
        paid_at=NOW - dt.timedelta(days=6),
    )
    body = api.get(public_url(brightlane)).json()
    assert body["rating"] == {"average": 4.0, "count": 1}
    assert body["answer_time"]["median_hours"] == pytest.approx(48)
    assert body["answer_time"]["words"] == "2 days"
    assert body["answer_time"]["answered"] == 1
    assert body["payments"] == {"due": 1, "on_time": 1, "on_time_percent": 100}


def test_open_projects_follow_the_viewers_visibility_rules(api, brightlane):
    ProjectFactory(employer=brightlane, published=True, title="Public")
    ProjectFactory(employer=brightlane, published=True, title="Partners", visibility=Visibility.PARTNERS)
    ProjectFactory(employer=brightlane, title="Draft")
    partner_student = StudentProfileFactory()
    PartnershipFactory(
        employer=brightlane, university=partner_student.university, status=PartnershipStatus.ACTIVE
    )

    def shown() -> list[str]:
        return sorted(project["title"] for project in api.get(public_url(brightlane)).json()["open_projects"])

    assert shown() == ["Public"]
    api.force_login(partner_student.user)
    assert shown() == ["Partners", "Public"]
    api.force_login(StudentProfileFactory().user)
    assert shown() == ["Public"]


@pytest.mark.parametrize("count", [1, 50])
def test_the_public_page_runs_the_same_queries_for_one_or_fifty_projects(
    api, brightlane, django_assert_num_queries, count
):
    ProjectFactory.create_batch(count, employer=brightlane, published=True)
    # the organisation, its open projects and their skills, rating, answer time, payments.
    with django_assert_num_queries(6):
        body = api.get(public_url(brightlane)).json()
    assert len(body["open_projects"]) == min(count, 10)
    assert body["more_projects"] is (count > 10)
