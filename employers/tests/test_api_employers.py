"""Organisations in the API: the public page's data (public, as the page is) and the member's own list."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from applications.models import ApplicationEvent, ApplicationStatus
from employers.factories import EmployerMemberFactory
from employers.models import MemberRole
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus, Payment, PaymentStatus, Review, ReviewSide
from projects.factories import ProjectFactory
from projects.models import Visibility
from students.factories import StudentProfileFactory
from universities.factories import PartnershipFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db
NOW = timezone.now()
ORGANISATIONS = reverse("api-employer-organisation-list")


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


# --- My organisations ---------------------------------------------------------------------------------------


def test_a_member_lists_their_organisations_with_their_role(api):
    owner = EmployerMemberFactory(employer__name="Alpha", role=MemberRole.OWNER)
    EmployerMemberFactory(user=owner.user, employer__name="Beta", role=MemberRole.MEMBER)
    EmployerMemberFactory(employer__name="Not mine")
    api.force_login(owner.user)
    body = api.get(ORGANISATIONS).json()
    assert [(row["name"], row["role"]) for row in body["results"]] == [("Alpha", "owner"), ("Beta", "member")]
    assert body["results"][0]["public_url"].endswith(f"/employers/profile/{owner.employer.slug}/")


@pytest.mark.parametrize("kind", ["student", "career_staff"])
def test_other_roles_get_a_403_for_the_organisation_list(api, kind):
    api.force_login(UserFactory(student=True) if kind == "student" else UserFactory(career_staff=True))
    response = api.get(ORGANISATIONS)
    assert response.status_code == 403
    assert response.json()["type"] == "permission_denied"


def test_the_organisation_list_needs_a_sign_in(api):
    assert api.get(ORGANISATIONS).status_code == 401


@pytest.mark.parametrize("count", [1, 50])
def test_the_organisation_list_runs_the_same_queries_for_one_or_fifty(api, django_assert_num_queries, count):
    user = UserFactory(employer=True)
    for _ in range(count):
        EmployerMemberFactory(user=user)
    api.force_login(user)
    # session, user, the count, the page (the role annotated).
    with django_assert_num_queries(4):
        body = api.get(ORGANISATIONS, {"page_size": 100}).json()
    assert body["count"] == count
