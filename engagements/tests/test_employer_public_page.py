"""The organisation's public page: anyone may read it; its figures come from SQL aggregates."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from applications.models import ApplicationEvent, ApplicationStatus
from applications.selectors import employer_answer_time
from employers.factories import EmployerFactory, EmployerMemberFactory
from employers.text import duration_words
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus, Payment, PaymentStatus, Review, ReviewSide
from engagements.selectors_employer import employer_payment_record, employer_rating
from projects.factories import ProjectFactory
from projects.models import ProjectStatus, Visibility
from students.factories import StudentProfileFactory
from universities.factories import PartnershipFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db
NOW = timezone.now()


def url(employer) -> str:
    return reverse("employers:public", kwargs={"slug": employer.slug})


def text(response) -> str:
    return html.unescape(response.content.decode())


def engagement_of(employer, *, days_ago: int = 30):
    return EngagementFactory(
        application__project=ProjectFactory(employer=employer, published=True),
        status=EngagementStatus.COMPLETED,
        completed_at=NOW - dt.timedelta(days=days_ago),
    )


def answered_after(
    employer, delay: dt.timedelta, status=ApplicationStatus.SHORTLISTED, *, applied_days_ago=30
):
    application = ApplicationFactory(project=ProjectFactory(employer=employer, published=True))
    applied = NOW - dt.timedelta(days=applied_days_ago)
    type(application).objects.filter(pk=application.pk).update(created_at=applied)
    event = ApplicationEvent.objects.create(application=application, status=status)
    ApplicationEvent.objects.filter(pk=event.pk).update(created_at=applied + delay)
    return application


def payment(employer, *, due_days_ago: int, paid_days_ago: int | None, amount: str = "100.00"):
    return Payment.objects.create(
        engagement=engagement_of(employer),
        amount=Decimal(amount),
        currency="USD",
        due_at=NOW - dt.timedelta(days=due_days_ago),
        status=PaymentStatus.PAID if paid_days_ago is not None else PaymentStatus.PENDING,
        paid_at=NOW - dt.timedelta(days=paid_days_ago) if paid_days_ago is not None else None,
    )


# The figures ---------------------------------------------------------------------------------------------


def test_the_rating_counts_students_reviews_once_no_longer_blind(brightlane):
    closed = engagement_of(brightlane, days_ago=20)
    Review.objects.create(engagement=closed, side=ReviewSide.STUDENT, rating=5)
    both = engagement_of(brightlane, days_ago=2)
    Review.objects.create(engagement=both, side=ReviewSide.STUDENT, rating=4)
    Review.objects.create(
        engagement=both, side=ReviewSide.EMPLOYER, rating=1
    )  # about the student: not counted
    blind = engagement_of(brightlane, days_ago=2)
    Review.objects.create(engagement=blind, side=ReviewSide.STUDENT, rating=1)
    Review.objects.create(engagement=engagement_of(EmployerFactory()), side=ReviewSide.STUDENT, rating=1)

    rating = employer_rating(employer=brightlane, now=NOW)

    assert (rating.average, rating.count) == (4.5, 2)


def test_the_median_answer_time_takes_the_first_decision_of_each_application(brightlane):
    answered_after(brightlane, dt.timedelta(hours=2))
    answered_after(brightlane, dt.timedelta(days=1), ApplicationStatus.REJECTED)
    late = answered_after(brightlane, dt.timedelta(days=9))
    ApplicationEvent.objects.create(application=late, status=ApplicationStatus.ACCEPTED)  # a later decision
    ApplicationFactory(project=ProjectFactory(employer=brightlane, published=True))  # still waiting: left out
    answered_after(brightlane, dt.timedelta(days=40), applied_days_ago=400)  # older than a year: left out

    answer = employer_answer_time(employer=brightlane, now=NOW)

    assert answer.median == dt.timedelta(days=1)
    assert answer.answered == 3


def test_the_on_time_rate_counts_payments_that_came_due(brightlane):
    payment(brightlane, due_days_ago=5, paid_days_ago=7)  # early
    payment(brightlane, due_days_ago=5, paid_days_ago=5)  # on the day
    payment(brightlane, due_days_ago=10, paid_days_ago=2)  # late
    payment(brightlane, due_days_ago=3, paid_days_ago=None)  # overdue: late
    payment(brightlane, due_days_ago=-5, paid_days_ago=None)  # not due yet: left out
    payment(brightlane, due_days_ago=-5, paid_days_ago=1)  # paid before it was due
    payment(brightlane, due_days_ago=5, paid_days_ago=None, amount="0.00")  # nothing owed: left out

    record = employer_payment_record(employer=brightlane, now=NOW)

    assert (record.on_time, record.due) == (3, 5)
    assert record.rate == 60


def test_a_payment_without_a_due_date_is_due_two_weeks_after_it_was_recorded(brightlane):
    recorded = Payment.objects.create(
        engagement=engagement_of(brightlane), amount=Decimal("50"), currency="USD"
    )
    Payment.objects.filter(pk=recorded.pk).update(created_at=NOW - dt.timedelta(days=15))
    assert employer_payment_record(employer=brightlane, now=NOW).due == 1
    Payment.objects.filter(pk=recorded.pk).update(created_at=NOW - dt.timedelta(days=13))
    assert employer_payment_record(employer=brightlane, now=NOW).due == 0


@pytest.mark.parametrize(
    ("delta", "words"),
    [
        (dt.timedelta(minutes=20), "under an hour"),
        (dt.timedelta(hours=1), "1 hour"),
        (dt.timedelta(hours=30), "30 hours"),
        (dt.timedelta(days=3, hours=5), "3 days"),
    ],
)
def test_answer_times_read_as_people_say_them(delta, words):
    assert duration_words(delta) == words


# The page ------------------------------------------------------------------------------------------------


def test_anyone_reads_the_page_with_its_figures_explained(client, brightlane):
    Review.objects.create(
        engagement=engagement_of(brightlane, days_ago=20), side=ReviewSide.STUDENT, rating=4
    )
    answered_after(brightlane, dt.timedelta(hours=5))
    payment(brightlane, due_days_ago=5, paid_days_ago=6)

    response = client.get(url(brightlane))

    assert response.status_code == 200
    body = text(response)
    assert "<h1" in body and "Brightlane" in body
    assert "We make maps." in body
    assert 'href="https://brightlane.example"' in body
    assert "4.0" in body and "The average of 1 rating from students" in body
    assert "5 hours" in body and "Half of the applicants who got an answer" in body
    assert (
        "100" in body
        and "1 of 1 payment to students was marked paid on or before the date it was due" in body
    )


def test_a_new_organisation_says_there_is_nothing_yet(client, brightlane):
    body = text(client.get(url(brightlane)))
    assert "No ratings yet" in body
    assert "No answers yet" in body
    assert "No payments yet" in body
    assert "has no projects open to everyone right now" in body


def test_the_verified_badge_shows_only_for_verified_organisations(client, brightlane):
    assert "badge-success" not in text(client.get(url(brightlane)))
    brightlane.is_verified = True
    brightlane.save()
    assert '<span class="badge badge-success">Verified</span>' in text(client.get(url(brightlane)))


def test_an_unknown_organisation_is_404(client):
    assert client.get(reverse("employers:public", args=["nobody"])).status_code == 404


def test_open_projects_follow_the_visibility_rules(client, brightlane):
    ProjectFactory(employer=brightlane, published=True, title="Public map")
    ProjectFactory(employer=brightlane, published=True, title="Partners map", visibility=Visibility.PARTNERS)
    ProjectFactory(employer=brightlane, title="Draft map")
    ProjectFactory(employer=brightlane, published=True, title="Closed map", status=ProjectStatus.IN_PROGRESS)
    ProjectFactory(
        employer=brightlane, published=True, title="Past map", application_deadline=NOW - dt.timedelta(days=1)
    )
    partner_student = StudentProfileFactory()
    PartnershipFactory(
        employer=brightlane, university=partner_student.university, status=PartnershipStatus.ACTIVE
    )

    def titles(user) -> set[str]:
        client.logout()
        if user is not None:
            client.force_login(user)
        body = text(client.get(url(brightlane)))
        return {t for t in ("Public map", "Partners map", "Draft map", "Closed map", "Past map") if t in body}

    assert titles(None) == {"Public map"}
    assert titles(StudentProfileFactory().user) == {"Public map"}
    assert titles(EmployerMemberFactory(employer=brightlane).user) == {"Public map"}
    assert titles(UserFactory(career_staff=True)) == {"Public map"}
    assert titles(partner_student.user) == {"Public map", "Partners map"}


def test_students_get_links_to_projects_and_the_anonymous_a_way_to_sign_in(client, brightlane):
    project = ProjectFactory(employer=brightlane, published=True, title="Public map")
    detail = reverse("projects:detail", args=[project.public_id])
    assert f'href="{reverse("account_login")}?next={detail}"' in text(client.get(url(brightlane)))
    client.force_login(StudentProfileFactory().user)
    assert f'href="{detail}"' in text(client.get(url(brightlane)))


@pytest.mark.parametrize("count", [1, 50])
def test_the_page_runs_the_same_queries_for_1_and_50_of_everything(
    client, django_assert_num_queries, brightlane, count
):
    for i in range(count):
        ProjectFactory(employer=brightlane, published=True, title=f"Project {i}")
        engagement = engagement_of(brightlane, days_ago=20)
        Review.objects.create(engagement=engagement, side=ReviewSide.STUDENT, rating=4)
        Payment.objects.create(
            engagement=engagement, amount=Decimal("10"), currency="USD", due_at=NOW - dt.timedelta(days=1)
        )
        answered_after(brightlane, dt.timedelta(hours=i + 1))
    student = StudentProfileFactory()
    client.force_login(student.user)
    # Session, user; organisation; the student's profile; projects and their skills; three figures.
    with django_assert_num_queries(9):
        assert client.get(url(brightlane)).status_code == 200
