"""The engagement page (header and kickoff), the list of engagements, the links to them, and the page's
query budget."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from applications.factories import ApplicationFactory
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import DeliverableSubmission, EngagementStatus, HoursLog, Message, Payment, Review
from engagements.selectors import unread_message_count
from engagements.services import message_send
from engagements.services.hiring import application_accept
from projects.factories import ProjectFactory, SkillFactory
from tests.engagement_world import LINK, EngagementWorld, make_engagement_world

pytestmark = pytest.mark.django_db


def detail_url(engagement) -> str:
    return reverse("engagements:detail", kwargs={"public_id": engagement.public_id})


def kickoff_url(engagement) -> str:
    return reverse("engagements:confirm_kickoff", kwargs={"public_id": engagement.public_id})


LIST_URL = reverse("engagements:list")


@pytest.fixture
def accepted() -> SimpleNamespace:
    """An engagement made the real way: a member of the employer accepts an application."""
    project = ProjectFactory(
        published=True,
        title="Churn analysis",
        deliverables=["A cleaned data set", "A ten-page report"],
        fee="750.00",
        currency="EUR",
        estimated_hours=20,
    )
    accepter = EmployerMemberFactory(
        employer=project.employer, user__full_name="Dana Accepter", user__email="dana@acme.test"
    ).user
    application = ApplicationFactory(project=project, student__user__full_name="Sam Student")
    application_accept(application=application, by=accepter)
    engagement = application.engagement
    return SimpleNamespace(
        engagement=engagement,
        student=engagement.student.user,
        employer=accepter,
        colleague=EmployerMemberFactory(employer=project.employer).user,
    )


# The header ----------------------------------------------------------------------------------------


def test_the_student_sees_the_terms_and_the_member_who_accepted_them_as_contact(client, accepted):
    client.force_login(accepted.student)
    response = client.get(detail_url(accepted.engagement))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for text in ("Churn analysis", "750 EUR", "About 20 hours", "A cleaned data set", "A ten-page report"):
        assert text in html
    assert "Dana Accepter" in html
    assert 'href="mailto:dana@acme.test"' in html
    assert reverse("projects:detail", kwargs={"public_id": accepted.engagement.project.public_id}) in html


def test_every_member_of_the_employer_sees_the_student_and_their_application(client, accepted):
    client.force_login(accepted.colleague)
    response = client.get(detail_url(accepted.engagement))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sam Student" in html
    assert accepted.engagement.student.university.name in html
    assert (
        reverse("manage:applicant", kwargs={"public_id": accepted.engagement.application.public_id}) in html
    )
    assert reverse("manage:detail", kwargs={"public_id": accepted.engagement.project.public_id}) in html


def test_the_due_date_counts_down_and_says_when_the_work_is_overdue(client):
    w = make_engagement_world()
    w.engagement.due_date = timezone.localdate() + dt.timedelta(days=5)
    w.engagement.save()
    client.force_login(w.student)
    assert "In 5 days" in client.get(detail_url(w.engagement)).content.decode()

    w.engagement.due_date = timezone.localdate() - dt.timedelta(days=2)
    w.engagement.save()
    assert "2 days overdue" in client.get(detail_url(w.engagement)).content.decode()


def test_a_finished_engagement_is_not_called_overdue(client):
    w = make_engagement_world(status=EngagementStatus.COMPLETED)
    w.engagement.due_date = timezone.localdate() - dt.timedelta(days=2)
    w.engagement.completed_at = timezone.now()
    w.engagement.save()
    client.force_login(w.employer)
    html = client.get(detail_url(w.engagement)).content.decode()
    assert "overdue" not in html
    assert "Completed" in html


def test_a_cancelled_engagement_says_when_and_why(client):
    w = make_engagement_world(status=EngagementStatus.CANCELLED)
    w.engagement.cancelled_at = timezone.now()
    w.engagement.cancellation_reason = "The team was reorganised."
    w.engagement.save()
    client.force_login(w.student)
    html = client.get(detail_url(w.engagement)).content.decode()
    assert "The team was reorganised." in html


# Kickoff -------------------------------------------------------------------------------------------


def test_kickoff_starts_the_work_once_both_sides_confirm_through_the_page(client, accepted):
    engagement = accepted.engagement
    client.force_login(accepted.student)
    html = client.get(detail_url(engagement)).content.decode()
    assert "Confirm the kickoff" in html

    response = client.post(kickoff_url(engagement), follow=True)
    assert response.redirect_chain[-1][0] == detail_url(engagement) + "#kickoff"
    html = response.content.decode()
    assert "Kickoff confirmed. The work starts as soon as" in html
    assert "Confirm the kickoff" not in html
    engagement.refresh_from_db()
    assert engagement.student_confirmed_at is not None
    assert engagement.status == EngagementStatus.KICKOFF

    client.force_login(accepted.colleague)
    html = client.get(detail_url(engagement)).content.decode()
    assert "Your confirmation is the last step" in html
    response = client.post(kickoff_url(engagement), follow=True)
    assert response.redirect_chain[-1][0] == detail_url(engagement) + "#work"
    assert "You have both confirmed the kickoff: the work has started." in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.ACTIVE
    assert engagement.employer_confirmed_at is not None


def test_confirming_twice_changes_nothing(client, accepted):
    client.force_login(accepted.student)
    client.post(kickoff_url(accepted.engagement))
    first = type(accepted.engagement).objects.get(pk=accepted.engagement.pk).student_confirmed_at
    response = client.post(kickoff_url(accepted.engagement))
    assert response.status_code == 302
    again = type(accepted.engagement).objects.get(pk=accepted.engagement.pk).student_confirmed_at
    assert again == first


def test_the_work_cannot_start_without_a_milestone_and_the_page_says_so(client):
    w = make_engagement_world(status=EngagementStatus.KICKOFF, milestones=0)
    w.engagement.student_confirmed_at = timezone.now()
    w.engagement.save()
    client.force_login(w.employer)
    assert (
        "Add at least one milestone below before you confirm"
        in client.get(detail_url(w.engagement)).content.decode()
    )

    response = client.post(kickoff_url(w.engagement), follow=True)
    assert response.status_code == 200
    assert "Add at least one milestone before the work starts." in response.content.decode()
    w.engagement.refresh_from_db()
    assert (w.engagement.status, w.engagement.employer_confirmed_at) == (EngagementStatus.KICKOFF, None)


def test_kickoff_is_confirmed_only_by_post(client, accepted):
    client.force_login(accepted.student)
    assert client.get(kickoff_url(accepted.engagement)).status_code == 405
    accepted.engagement.refresh_from_db()
    assert accepted.engagement.student_confirmed_at is None


def test_there_is_no_kickoff_button_once_the_work_has_started(client):
    w = make_engagement_world()
    client.force_login(w.student)
    html = client.get(detail_url(w.engagement)).content.decode()
    assert "Confirm the kickoff" not in html


# Unread messages -------------------------------------------------------------------------------------


def test_showing_the_page_marks_the_thread_read(client):
    w = make_engagement_world()
    message_send(engagement=w.engagement, by=w.employer, body="Welcome aboard!")
    assert unread_message_count(engagement=w.engagement, user=w.student) == 1
    client.force_login(w.student)
    assert "Welcome aboard!" in client.get(detail_url(w.engagement)).content.decode()
    assert unread_message_count(engagement=w.engagement, user=w.student) == 0
    # The employer's own unread count is theirs alone.
    message_send(engagement=w.engagement, by=w.student, body="Thanks!")
    assert unread_message_count(engagement=w.engagement, user=w.employer) == 1


# The list ------------------------------------------------------------------------------------------


def test_the_list_shows_a_students_own_engagements_with_the_next_milestone_and_unread_count(client):
    w = make_engagement_world()
    w.milestones[0].title = "Draft the survey"
    w.milestones[0].save()
    message_send(engagement=w.engagement, by=w.employer, body="Any questions?")
    someone_elses = make_engagement_world()
    client.force_login(w.student)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert w.engagement.project.title in html
    assert someone_elses.engagement.project.title not in html
    assert detail_url(w.engagement) in html
    assert "Draft the survey" in html
    assert "1 unread message" in html
    assert w.engagement.employer.name in html


def test_an_employer_member_sees_the_engagements_of_their_organisations(client):
    w = make_engagement_world()
    colleague = EmployerMemberFactory(employer=w.engagement.employer).user
    other = make_engagement_world()
    client.force_login(colleague)
    html = client.get(LIST_URL).content.decode()
    assert w.engagement.project.title in html
    assert w.engagement.student.user.get_full_name() in html
    assert other.engagement.project.title not in html


def test_the_list_is_grouped_by_active_completed_and_cancelled(client):
    w = make_engagement_world()
    student = w.engagement.student
    done = EngagementFactory(
        application__student=student, status=EngagementStatus.COMPLETED, completed_at=timezone.now()
    )
    Payment.objects.create(engagement=done, amount=done.fee, currency=done.currency)
    dropped = EngagementFactory(
        application__student=student, status=EngagementStatus.CANCELLED, cancelled_at=timezone.now()
    )
    client.force_login(w.student)

    active = client.get(LIST_URL).content.decode()
    assert w.engagement.project.title in active
    assert done.project.title not in active and dropped.project.title not in active

    completed = client.get(LIST_URL, {"status": "completed"}).content.decode()
    assert done.project.title in completed
    assert w.engagement.project.title not in completed
    assert "pending" in completed

    cancelled = client.get(LIST_URL, {"status": "cancelled"}).content.decode()
    assert dropped.project.title in cancelled
    assert "Nothing owed" in cancelled

    assert client.get(LIST_URL, {"status": "bogus"}).status_code == 200


def test_the_list_is_paginated(client):
    w = make_engagement_world()
    for _ in range(20):
        EngagementFactory(application__student=w.engagement.student)
    client.force_login(w.student)
    assert "Page 1 of 2" in client.get(LIST_URL).content.decode()
    assert "Page 2 of 2" in client.get(LIST_URL, {"page": 2}).content.decode()
    assert client.get(LIST_URL, {"page": "nonsense"}).status_code == 200


def test_an_empty_list_says_what_to_do_next(client):
    client.force_login(UserFactory(student=True))
    html = client.get(LIST_URL).content.decode()
    assert "No engagements yet." in html
    assert reverse("projects:search") in html

    client.force_login(EmployerMemberFactory().user)
    html = client.get(LIST_URL).content.decode()
    assert "When you accept an applicant" in html


def test_career_staff_and_the_anonymous_have_no_list(client, career_staff_user):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    client.force_login(career_staff_user)
    assert client.get(LIST_URL).status_code == 404


@pytest.mark.parametrize("side", ["student", "employer"])
def test_the_list_runs_the_same_queries_for_1_and_50_engagements(client, django_assert_num_queries, side):
    project = ProjectFactory(published=True, openings=60)
    member = EmployerMemberFactory(employer=project.employer).user
    w = make_engagement_world(project=project)
    user = w.student if side == "student" else member

    def fill(n: int) -> None:
        for _ in range(n):
            if side == "student":
                engagement = EngagementFactory(application__student=w.engagement.student)
            else:
                engagement = EngagementFactory(application__project=project)
            MilestoneFactory(engagement=engagement, due_date=timezone.localdate())
            Message.objects.create(
                engagement=engagement,
                sender=member if side == "student" else engagement.student.user,
                body="hi",
            )

    client.force_login(user)
    client.get(LIST_URL)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(LIST_URL)
    fill(49)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL)
    assert response.content.decode().count('class="card engagement-item"') == 20


LIST_QUERIES = 5


# Links to the engagement -----------------------------------------------------------------------------


def test_the_student_reaches_the_engagement_from_their_applications(client, accepted):
    client.force_login(accepted.student)
    url = detail_url(accepted.engagement)
    assert url in client.get(reverse("applications:mine")).content.decode()
    detail = reverse("applications:detail", kwargs={"public_id": accepted.engagement.application.public_id})
    assert url in client.get(detail).content.decode()
    assert LIST_URL in client.get(reverse("students:dashboard")).content.decode()


def test_the_employer_reaches_the_engagement_from_the_applicant_page_and_the_dashboard(client, accepted):
    client.force_login(accepted.colleague)
    applicant = reverse("manage:applicant", kwargs={"public_id": accepted.engagement.application.public_id})
    assert detail_url(accepted.engagement) in client.get(applicant).content.decode()
    assert LIST_URL in client.get(reverse("employers:dashboard")).content.decode()


# The page's query budget -----------------------------------------------------------------------------


def _fill_engagement(w: EngagementWorld, n: int) -> None:
    """n more messages from each side, milestones each with a submission, and hours logs."""
    today = timezone.localdate()
    for i in range(n):
        Message.objects.create(engagement=w.engagement, sender=w.employer, body=f"Question {i}")
        Message.objects.create(engagement=w.engagement, sender=w.student, body=f"Answer {i}")
        milestone = MilestoneFactory(engagement=w.engagement, due_date=today + dt.timedelta(days=i - 3))
        DeliverableSubmission.objects.create(
            milestone=milestone, submitted_by=w.student, link=LINK, note="v1"
        )
        HoursLog.objects.create(engagement=w.engagement, date=today, hours="0.25", note=f"Work {i}")


@pytest.mark.parametrize("status", [EngagementStatus.ACTIVE, EngagementStatus.COMPLETED])
@pytest.mark.parametrize("side", ["student", "employer"])
def test_the_page_runs_the_same_queries_for_1_and_50_messages_milestones_and_hours(
    client, django_assert_num_queries, side, status
):
    w = make_engagement_world(milestones=0)
    w.engagement.started_at = timezone.now() - dt.timedelta(days=3)
    w.engagement.save()
    user = w.student if side == "student" else w.employer
    client.force_login(user)
    _fill_engagement(w, 1)
    if status == EngagementStatus.COMPLETED:
        # Finished, paid and reviewed both ways: the payment and reviews panels show everything.
        w.engagement.status = status
        w.engagement.completed_at = timezone.now()
        w.engagement.save()
        Payment.objects.create(engagement=w.engagement, amount=w.engagement.fee, currency="USD")
        Review.objects.create(
            engagement=w.engagement, side="student", author=w.student, rating=5, text="Great"
        )
        review = Review.objects.create(
            engagement=w.engagement, side="employer", author=w.employer, rating=4, text="Solid"
        )
        review.skills_demonstrated.set(SkillFactory.create_batch(2))
    expected = DETAIL_QUERIES[status][side]
    client.get(detail_url(w.engagement))
    with django_assert_num_queries(expected):
        assert client.get(detail_url(w.engagement)).status_code == 200
    _fill_engagement(w, 49)
    with django_assert_num_queries(expected):
        response = client.get(detail_url(w.engagement))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Question 48" in html and "Work 48" in html


# Once finished, the reviews panel reads the reviews for the side the page already knows (no party lookup).
# The academic credit panel (courses.templatetags.credit_tags) is one query in every state: the engagement's
# credit requests with their course, evaluation and reflection, and for the student whether a course is open.
DETAIL_QUERIES = {
    EngagementStatus.ACTIVE: {"student": 15, "employer": 16},
    EngagementStatus.COMPLETED: {"student": 18, "employer": 19},
}
