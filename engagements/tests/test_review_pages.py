"""The reviews panel of the engagement page and the review form: double-blind, through HTTP."""

import datetime as dt
import html
import re
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import User
from employers.factories import EmployerFactory, EmployerMemberFactory
from engagements.factories import EngagementFactory, MilestoneFactory
from engagements.models import Engagement, EngagementStatus, MilestoneStatus, Review, ReviewSide
from engagements.services.reviews import review_submit
from projects.factories import ProjectFactory, SkillFactory
from projects.models import Skill
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

# Session and user, engagement and side, sides written, skill choices (exists, then the list).
REVIEW_FORM_QUERIES = 6


@dataclass
class ReviewSkills:
    python: Skill
    sql: Skill
    excel: Skill
    unrelated: Skill


@dataclass
class ReviewWorld:
    """A finished engagement seen through the review pages: Alice Martin worked for Brightlane, whose
    members Bob Lane (`employer`) and Cleo Lane (`colleague`) review her; `detail` and `review` are its
    page and its review form."""

    engagement: Engagement
    student: User
    employer: User
    colleague: User
    skills: ReviewSkills
    detail: str
    review: str


def make_review_world(
    *, status: str = EngagementStatus.COMPLETED, ended_days_ago: int = 2, approved: int = 2
) -> ReviewWorld:
    """An engagement of Brightlane with Alice that ended `ended_days_ago` days ago, its two milestones
    `approved` of them approved; the project asks for Python (required) and SQL (nice), Alice has Excel."""
    python, sql, excel, unrelated = (SkillFactory(name=n) for n in ("Python", "SQL", "Excel", "Welding"))
    project = ProjectFactory(
        employer=EmployerFactory(name="Brightlane"),
        published=True,
        required_skills=[python],
        nice_to_have_skills=[sql],
    )
    student = StudentProfileFactory(user__full_name="Alice Martin", skills=[excel])
    ended = timezone.now() - dt.timedelta(days=ended_days_ago)
    ended_at = {
        EngagementStatus.COMPLETED: {"completed_at": ended},
        EngagementStatus.CANCELLED: {"cancelled_at": ended},
    }.get(status, {})
    engagement = EngagementFactory(
        application__project=project, application__student=student, status=status, **ended_at
    )
    for i in range(2):
        MilestoneFactory(
            engagement=engagement,
            status=MilestoneStatus.APPROVED if i < approved else MilestoneStatus.PENDING,
        )
    return ReviewWorld(
        engagement=engagement,
        student=student.user,
        employer=EmployerMemberFactory(employer=engagement.employer, user__full_name="Bob Lane").user,
        colleague=EmployerMemberFactory(employer=engagement.employer, user__full_name="Cleo Lane").user,
        skills=ReviewSkills(python=python, sql=sql, excel=excel, unrelated=unrelated),
        detail=reverse("engagements:detail", kwargs={"public_id": engagement.public_id}),
        review=reverse("engagements:review", kwargs={"public_id": engagement.public_id}),
    )


@pytest.fixture
def review_world() -> ReviewWorld:
    """The finished engagement of `make_review_world()`, ready to be reviewed by both sides."""
    return make_review_world()


def panel(client, user, review_world) -> str:
    client.force_login(user)
    response = client.get(review_world.detail)
    assert response.status_code == 200
    body = text(response)
    return body[body.index('id="reviews"') :]


def text(response) -> str:
    return html.unescape(response.content.decode())


# Writing a review through the form -----------------------------------------------------------------------


def test_the_student_writes_a_review_and_is_told_when_they_will_see_the_employers(client, review_world):
    client.force_login(review_world.student)
    page = client.get(review_world.review)
    assert page.status_code == 200
    body = text(page)
    assert "Review Brightlane" in body
    assert "cannot be changed once it is sent" in body
    assert 'name="skills"' not in body  # only the employer ticks skills

    response = client.post(
        review_world.review, {"rating": "5", "text": "Clear brief and quick answers."}, follow=True
    )

    assert response.redirect_chain[-1][0] == f"{review_world.detail}#reviews"
    review = Review.objects.get(engagement=review_world.engagement)
    assert (review.side, review.author, review.rating, review.text) == (
        ReviewSide.STUDENT,
        review_world.student,
        5,
        "Clear brief and quick answers.",
    )
    closes = timezone.localtime(review_world.engagement.completed_at + dt.timedelta(days=14))
    expected = f"You'll see Brightlane's review when they write theirs, or on {closes:%-d %b} at the latest."
    assert expected in text(response)


def test_the_employer_ticks_skills_from_the_project_and_the_students_profile(client, review_world):
    client.force_login(review_world.employer)
    body = text(client.get(review_world.review))
    assert "Review Alice Martin's work" in body
    for skill in ("Python", "SQL", "Excel"):
        assert f"> <span>{skill}</span>" in body
    assert "Welding" not in body

    response = client.post(
        review_world.review,
        {
            "rating": "4",
            "text": "Solid analysis.",
            "skills": [review_world.skills.python.pk, review_world.skills.excel.pk],
        },
    )

    assert response.status_code == 302
    review = Review.objects.get(engagement=review_world.engagement)
    assert review.side == ReviewSide.EMPLOYER
    assert set(review.skills_demonstrated.all()) == {review_world.skills.python, review_world.skills.excel}


def test_a_skill_outside_the_choices_is_refused_and_what_was_typed_is_kept(client, review_world):
    client.force_login(review_world.employer)
    response = client.post(
        review_world.review,
        {"rating": "4", "text": "Kept text.", "skills": [review_world.skills.unrelated.pk]},
    )
    assert response.status_code == 200
    body = text(response)
    assert "Select a valid choice" in body
    assert "Kept text." in body
    assert re.search(r'<input type="radio" name="rating" value="4"[^>]* checked', body)
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "Great."}, "Choose a rating from 1 to 5 stars."),
        ({"rating": "6", "text": "Great."}, "Select a valid choice"),
        ({"rating": "3", "text": "   "}, "Write a few words"),
        ({"rating": "3", "text": "x" * 5001}, "Ensure this value has at most 5000 characters"),
    ],
)
def test_bad_input_re_renders_the_form_with_the_message(client, review_world, data, message):
    client.force_login(review_world.student)
    response = client.post(review_world.review, data)
    assert response.status_code == 200
    assert message in text(response)
    assert not Review.objects.exists()


def test_a_side_that_has_reviewed_cannot_review_again(client, review_world):
    review_submit(engagement=review_world.engagement, by=review_world.employer, rating=4, text="Good.")
    client.force_login(review_world.colleague)  # another member of the same organisation: the same side

    page = client.get(review_world.review, follow=True)
    assert page.redirect_chain[-1][0] == f"{review_world.detail}#reviews"
    assert "reviews cannot be changed" in text(page)

    client.post(review_world.review, {"rating": "1", "text": "Changed my mind."})
    assert Review.objects.get().rating == 4


def test_reviews_wait_for_the_work_to_be_completed(client):
    review_world = make_review_world(status=EngagementStatus.ACTIVE, approved=1)
    client.force_login(review_world.student)

    response = client.post(review_world.review, {"rating": "5", "text": "Too early."}, follow=True)

    assert "Reviews open once the work is completed." in text(response)
    assert not Review.objects.exists()
    assert "Once the work is completed, you and Brightlane review each other" in panel(
        client, review_world.student, review_world
    )


def test_a_cancellation_after_approved_work_can_be_reviewed(client):
    review_world = make_review_world(status=EngagementStatus.CANCELLED, approved=1)
    client.force_login(review_world.student)
    assert client.post(review_world.review, {"rating": "3", "text": "Ended early."}).status_code == 302
    assert Review.objects.filter(side=ReviewSide.STUDENT).exists()


def test_a_cancellation_before_any_approved_work_has_nothing_to_review(client):
    review_world = make_review_world(status=EngagementStatus.CANCELLED, approved=0)
    assert "nothing to review" in panel(client, review_world.student, review_world)
    assert 'href="' + review_world.review not in panel(client, review_world.student, review_world)


# The double-blind rule on the page --------------------------------------------------------------------------


def test_the_other_sides_review_stays_hidden_until_both_are_written(client, review_world):
    review_submit(
        engagement=review_world.engagement, by=review_world.employer, rating=2, text="Late and sloppy."
    )

    student_panel = panel(client, review_world.student, review_world)
    assert "Brightlane has reviewed you." in student_panel
    assert "Write your review to read theirs" in student_panel
    assert "Late and sloppy." not in student_panel
    employer_panel = panel(client, review_world.colleague, review_world)
    assert "Late and sloppy." in employer_panel  # a colleague sees their side's review
    assert "By Bob Lane" in employer_panel

    client.force_login(review_world.student)
    response = client.post(review_world.review, {"rating": "4", "text": "Friendly team."}, follow=True)
    body = text(response)
    assert "Brightlane has reviewed you too, so you can both read them now." in body
    assert "Late and sloppy." in body
    assert "Friendly team." in panel(client, review_world.employer, review_world)


def test_the_waiting_side_is_told_exactly_what_is_going_on(client, review_world):
    review_submit(
        engagement=review_world.engagement, by=review_world.student, rating=5, text="Lovely people."
    )

    body = panel(client, review_world.student, review_world)
    closes = timezone.localtime(review_world.engagement.completed_at + dt.timedelta(days=14))
    words = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    assert (
        f"Your review is in. You'll see Brightlane's review when they write theirs, or on {closes:%-d %b} "
        "at the latest." in words
    )
    assert "Lovely people." in body
    assert "Rated 5 out of 5" in body
    employer_body = panel(client, review_world.employer, review_world)
    assert "Alice Martin has reviewed your organisation." in employer_body
    assert "Lovely people." not in employer_body


def test_once_the_window_closes_the_written_review_is_visible_to_the_other_side(client):
    review_world = make_review_world(ended_days_ago=15)
    review_submit(
        engagement=review_world.engagement, by=review_world.student, rating=5, text="Lovely people."
    )

    body = panel(client, review_world.employer, review_world)
    assert "Lovely people." in body
    assert "The review window closed on" in body
    assert "You can still write yours" in body
    student_body = panel(client, review_world.student, review_world)
    assert "Brightlane has not reviewed you" in student_body


# Access -----------------------------------------------------------------------------------------------------


def test_outsiders_get_404_and_the_anonymous_the_login_page(client, review_world):
    outsiders = [
        StudentProfileFactory().user,
        EmployerMemberFactory().user,
        UserFactory(career_staff=True),
    ]
    for outsider in outsiders:
        client.force_login(outsider)
        assert client.get(review_world.review).status_code == 404
        assert client.post(review_world.review, {"rating": "1", "text": "Spam."}).status_code == 404
    client.logout()
    response = client.get(review_world.review)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Review.objects.exists()


def test_the_reviews_panel_costs_the_same_queries_with_reviews_and_skills(client, django_assert_num_queries):
    """The panel's queries do not depend on how many skills were ticked."""
    few = make_review_world()
    review_submit(
        engagement=few.engagement,
        by=few.employer,
        rating=4,
        text="Good.",
        skills_demonstrated=[few.skills.python],
    )
    review_submit(engagement=few.engagement, by=few.student, rating=4, text="Good.")
    many = make_review_world()
    skills = [SkillFactory() for _ in range(30)]
    many.engagement.project.required_skills.add(*skills)
    review_submit(
        engagement=many.engagement, by=many.employer, rating=4, text="Good.", skills_demonstrated=skills
    )
    review_submit(engagement=many.engagement, by=many.student, rating=4, text="Good.")

    client.force_login(few.student)
    client.get(few.detail)
    with CaptureQueriesContext(connection) as captured:
        client.get(few.detail)
    few_queries = len(captured.captured_queries)  # read now: the next request resets the query log
    client.force_login(many.student)
    client.get(many.detail)
    with django_assert_num_queries(few_queries):
        client.get(many.detail)


@pytest.mark.parametrize("extra_skills", [0, 50])
def test_the_review_form_runs_a_fixed_number_of_queries(client, django_assert_num_queries, extra_skills):
    review_world = make_review_world()
    review_world.engagement.project.required_skills.add(*[SkillFactory() for _ in range(extra_skills)])
    client.force_login(review_world.employer)
    with django_assert_num_queries(REVIEW_FORM_QUERIES):
        response = client.get(review_world.review)
    assert response.status_code == 200
