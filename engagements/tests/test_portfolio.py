"""The public portfolio: opt-in, the owner's preview, completed projects with visible reviews only."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from employers.factories import EmployerFactory, EmployerMemberFactory
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus, HoursLog, Review, ReviewSide
from projects.factories import ProjectFactory, SkillFactory
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db


def url(profile) -> str:
    return reverse("students:portfolio", kwargs={"public_id": profile.public_id})


def text(response) -> str:
    return html.unescape(response.content.decode())


def completed(profile, *, title: str = "Pricing study", employer=None, days_ago: int = 30, hours=()):
    engagement = EngagementFactory(
        application__student=profile,
        application__project=ProjectFactory(
            title=title, published=True, employer=employer or EmployerFactory(name="Brightlane")
        ),
        status=EngagementStatus.COMPLETED,
        completed_at=timezone.now() - dt.timedelta(days=days_ago),
        fee=Decimal("777.00"),
    )
    for i, amount in enumerate(hours):
        HoursLog.objects.create(engagement=engagement, date=dt.date(2026, 10, 1 + i), hours=Decimal(amount))
    return engagement


def review(engagement, side: str, rating: int, text: str, skills=()) -> Review:
    """A review row as review_submit makes it (the service's rules are tested with the service)."""
    made = Review.objects.create(engagement=engagement, side=side, rating=rating, text=text)
    made.skills_demonstrated.set(skills)
    return made


@pytest.fixture
def alice():
    return StudentProfileFactory(
        user__full_name="Alice Martin", user__email="alice.private@example.org", portfolio_public=True
    )


def test_anyone_sees_a_public_portfolio_with_the_employers_review_and_skills(client, alice):
    sql = SkillFactory(name="SQL")
    engagement = completed(alice, hours=["3.5", "4"])
    review(engagement, ReviewSide.EMPLOYER, 5, "Sharp analysis, delivered early.", [sql])
    review(engagement, ReviewSide.STUDENT, 4, "Kind team.")

    response = client.get(url(alice))

    assert response.status_code == 200
    body = text(response)
    assert "<h1>Alice Martin</h1>" in body
    assert "Pricing study" in body
    assert reverse("employers:public", args=[engagement.employer.slug]) in body
    assert "7.5 hours logged" in body
    assert "Sharp analysis, delivered early." in body
    assert "Rated 5 out of 5" in body
    assert '<li class="skill-tag">SQL</li>' in body
    assert "Kind team." not in body  # the student's own review of the employer is not part of it
    # No private data: no email, no fee, no résumé.
    assert "alice.private@example.org" not in body
    assert "777" not in body
    assert "resume" not in body


def test_a_review_still_blind_is_not_shown(client, alice):
    engagement = completed(alice, days_ago=3)
    review(engagement, ReviewSide.EMPLOYER, 2, "Blind words.", [SkillFactory(name="Hidden skill")])

    body = text(client.get(url(alice)))

    assert "Pricing study" in body
    assert "Blind words." not in body
    assert "Hidden skill" not in body
    assert "No review from Brightlane to show yet." in body


def test_a_blind_review_is_shown_once_the_window_closes(client, alice):
    engagement = completed(alice, days_ago=15)
    review(engagement, ReviewSide.EMPLOYER, 4, "Visible now.")
    assert "Visible now." in text(client.get(url(alice)))


def test_only_completed_engagements_are_listed(client, alice):
    completed(alice, title="Done project")
    EngagementFactory(
        application__student=alice, status=EngagementStatus.ACTIVE, application__project__title="Ongoing"
    )
    EngagementFactory(
        application__student=alice,
        status=EngagementStatus.CANCELLED,
        cancelled_at=timezone.now(),
        application__project__title="Dropped",
    )
    body = text(client.get(url(alice)))
    assert "Done project" in body
    assert "Ongoing" not in body
    assert "Dropped" not in body
    assert "<strong>1</strong> project completed" in body


def test_a_hidden_portfolio_is_404_to_everyone_but_its_owner(client):
    bob = StudentProfileFactory(portfolio_public=False)
    for viewer in (
        None,
        StudentProfileFactory().user,
        EmployerMemberFactory().user,
        UserFactory(career_staff=True),
    ):
        if viewer is None:
            client.logout()
        else:
            client.force_login(viewer)
        assert client.get(url(bob)).status_code == 404

    client.force_login(bob.user)
    response = client.get(url(bob))
    assert response.status_code == 200
    assert "Preview: only you can see this." in text(response)
    assert reverse("students:profile_step", args=["about"]) in text(response)


def test_the_owner_of_a_public_portfolio_is_told_it_is_public(client, alice):
    client.force_login(alice.user)
    assert "This is your public portfolio" in text(client.get(url(alice)))


def test_an_unknown_portfolio_is_404(client):
    assert (
        client.get(reverse("students:portfolio", args=["8b7c3c9e-0000-4000-8000-000000000000"])).status_code
        == 404
    )


def test_an_empty_portfolio_says_what_comes_next(client, alice):
    assert "has not completed a project here yet" in text(client.get(url(alice)))
    client.force_login(alice.user)
    assert "Your completed projects will appear here" in text(client.get(url(alice)))


@pytest.mark.parametrize("count", [1, 50])
def test_the_portfolio_runs_the_same_queries_for_1_and_50_projects(client, django_assert_num_queries, count):
    alice = StudentProfileFactory(portfolio_public=True)
    employer = EmployerFactory()
    skills = [SkillFactory(), SkillFactory()]
    for i in range(count):
        engagement = completed(alice, title=f"Project {i}", employer=employer, days_ago=20, hours=["2"])
        review(engagement, ReviewSide.EMPLOYER, 4, "Good.", skills)
    # Profile; totals (hours, ratings, count); page count; engagements; reviews; their skills; credentials;
    # the future-hire marks shown (exploration_tags).
    with django_assert_num_queries(10):
        response = client.get(url(alice))
    assert response.status_code == 200


def test_the_portfolio_pages_through_many_projects(client, alice):
    for i in range(25):
        completed(alice, title=f"Project {i:02d}", days_ago=40 - i)
    first = text(client.get(url(alice)))
    assert "Page 1 of 2" in first
    assert "Project 24" in first  # the latest first
    assert "Project 00" in text(client.get(url(alice) + "?page=2"))
