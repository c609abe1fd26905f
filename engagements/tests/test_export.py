"""The student's data export: JSON Resume plus everything the marketplace holds, always their own."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory, reauthenticate
from applications.factories import ApplicationFactory
from applications.models import ApplicationEvent, ApplicationStatus
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import (
    DeliverableSubmission,
    EngagementStatus,
    HoursLog,
    Message,
    Payment,
    Review,
    ReviewSide,
)
from projects.factories import SkillFactory
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db
URL = "/students/export.json"
# Session and user; profile and skills; applications, events and threads before a decision; engagements,
# milestones, submissions, hours, messages; reviews and their skills; the recent-reauthentication check
# (email addresses and the user's three kinds of MFA authenticator).
EXPORT_QUERIES = 18


def test_the_url_is_named():
    assert reverse("students:export") == URL


def make_student(**extra):
    return StudentProfileFactory(
        user__full_name="Alice Martin",
        user__email="alice@uni.edu",
        bio="I like data.",
        links=["https://github.com/alicem", "https://alice.dev"],
        skills=[SkillFactory(name="Basket weaving", synonyms=["wicker"])],
        interests=["Climate"],
        **extra,
    )


def completed_engagement(profile, *, days_ago: int = 3, messages: int = 1, milestones: int = 1):
    engagement = EngagementFactory(
        application__student=profile,
        application__project__title="Pricing study",
        status=EngagementStatus.COMPLETED,
        started_at=timezone.now() - dt.timedelta(days=days_ago + 10),
        completed_at=timezone.now() - dt.timedelta(days=days_ago),
    )
    member = EmployerMemberFactory(employer=engagement.employer, user__full_name="Bob Lane").user
    for i in range(milestones):
        milestone = MilestoneFactory(engagement=engagement, title=f"Draft {i}")
        DeliverableSubmission.objects.create(
            milestone=milestone, link="https://docs.example.com/draft", note="v1"
        )
        submission = DeliverableSubmission(milestone=milestone, note="as a file")
        submission.file.save("report.pdf", ContentFile(b"%PDF-1.4 secret contents"), save=True)
    HoursLog.objects.create(
        engagement=engagement, date=dt.date(2026, 11, 2), hours=Decimal("2.5"), note="Interviews"
    )
    for i in range(messages):
        Message.objects.create(engagement=engagement, sender=member, body=f"Hello {i}")
        Message.objects.create(engagement=engagement, sender=profile.user, body=f"Reply {i}")
    Payment.objects.create(engagement=engagement, amount=engagement.fee, currency=engagement.currency)
    return engagement


def download(client, user) -> dict:
    client.force_login(user)
    reauthenticate(client)
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="micro-internships-data-{today}.json"'
    return json.loads(response.content)


def test_the_export_is_json_resume_plus_the_marketplace_data(client):
    profile = make_student(portfolio_public=True)
    application = ApplicationFactory(
        student=profile,
        answers=[{"question": "Why?", "answer": "Because."}],
        status=ApplicationStatus.SUBMITTED,
    )
    ApplicationEvent.objects.create(application=application, status=ApplicationStatus.SUBMITTED)
    completed_engagement(profile)

    data = download(client, profile.user)

    assert {"basics", "education", "skills", "interests", "projects", "meta", "marketplace"} <= data.keys()
    basics = data["basics"]
    assert basics["name"] == "Alice Martin"
    assert basics["email"] == "alice@uni.edu"
    assert basics["summary"] == "I like data."
    assert basics["url"].endswith(reverse("students:portfolio", args=[profile.public_id]))
    assert basics["profiles"][0] == {
        "network": "GitHub",
        "username": "alicem",
        "url": "https://github.com/alicem",
    }
    assert data["education"] == [
        {"institution": profile.university.name, "area": "Economics", "studyType": "", "endDate": "2027"}
    ]
    assert data["skills"] == [{"name": "Basket weaving", "keywords": ["wicker"]}]
    assert data["interests"] == [{"name": "Climate"}]
    [project] = data["projects"]
    assert project["name"] == "Pricing study"
    assert project["entity"]
    assert project["endDate"] == (timezone.now() - dt.timedelta(days=3)).date().isoformat()

    market = data["marketplace"]
    [app_data, _accepted] = sorted(market["applications"], key=lambda a: a["status"] != "submitted")
    assert app_data["answers"] == [{"question": "Why?", "answer": "Because."}]
    assert app_data["timeline"][0]["status"] == "submitted"
    [engagement] = market["engagements"]
    [milestone] = engagement["milestones"]
    assert [s["link"] for s in milestone["submissions"]] == ["https://docs.example.com/draft", ""]
    assert milestone["submissions"][1]["fileName"].startswith("report")
    assert "secret contents" not in json.dumps(data)  # file names, never file contents
    assert engagement["hoursLogged"] == "2.50"
    assert engagement["hoursLog"] == [{"date": "2026-11-02", "hours": "2.50", "note": "Interviews"}]
    assert [(m["from"], m["body"]) for m in engagement["messages"]] == [
        ("Bob Lane", "Hello 0"),
        ("you", "Reply 0"),
    ]
    assert engagement["payment"]["status"] == "pending"


def test_only_reviews_the_student_may_read_are_included(client):
    profile = make_student()
    blind = completed_engagement(profile, days_ago=2)
    Review.objects.create(engagement=blind, side=ReviewSide.EMPLOYER, rating=2, text="Still blind.")
    visible = completed_engagement(profile, days_ago=20)
    review = Review.objects.create(
        engagement=visible, side=ReviewSide.EMPLOYER, rating=5, text="Window closed."
    )
    review.skills_demonstrated.set([SkillFactory(name="Excel")])
    Review.objects.create(engagement=visible, side=ReviewSide.STUDENT, rating=4, text="Mine.")

    data = download(client, profile.user)

    reviews = data["marketplace"]["reviews"]
    assert [r["text"] for r in reviews["received"]] == ["Window closed."]
    assert reviews["received"][0]["skillsDemonstrated"] == ["Excel"]
    assert [r["text"] for r in reviews["written"]] == ["Mine."]
    assert "Still blind." not in json.dumps(data)
    keywords = {p["endDate"]: p["keywords"] for p in data["projects"]}
    assert sorted(keywords.values()) == [[], ["Excel"]]


def test_it_is_always_the_requesters_own_data(client):
    alice = completed_engagement(make_student()).student
    bob = StudentProfileFactory(user__full_name="Bob Other")

    data = download(client, bob.user)

    assert data["basics"]["name"] == "Bob Other"
    assert data["marketplace"]["engagements"] == []
    assert alice.user.email not in json.dumps(data)
    # There is no way to ask for someone else's: a query string changes nothing.
    client.force_login(bob.user)
    assert (
        json.loads(client.get(URL, {"student": str(alice.public_id)}).content)["basics"]["name"]
        == "Bob Other"
    )


def test_other_roles_get_404_and_the_anonymous_the_login_page(client):
    for user in (EmployerMemberFactory().user, UserFactory(career_staff=True)):
        client.force_login(user)
        assert client.get(URL).status_code == 404
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_student_without_a_profile_gets_404(client):
    client.force_login(UserFactory(student=True))
    reauthenticate(client)
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("size", [1, 20])
def test_the_export_runs_a_bounded_number_of_queries(client, django_assert_num_queries, size):
    profile = make_student()
    for _ in range(size if size == 1 else 5):
        engagement = completed_engagement(profile, days_ago=20, messages=size, milestones=size // 4 + 1)
        Review.objects.create(engagement=engagement, side=ReviewSide.EMPLOYER, rating=5, text="Good.")
        ApplicationEvent.objects.create(application=engagement.application, status=ApplicationStatus.ACCEPTED)
    client.force_login(profile.user)
    reauthenticate(client)
    with django_assert_num_queries(EXPORT_QUERIES):
        assert client.get(URL).status_code == 200
