import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from employers.factories import EmployerMemberFactory
from engagements.models import EngagementStatus, Review, ReviewSide
from engagements.selectors import reviews_visible_to
from engagements.services.reviews import review_submit
from projects.factories import SkillFactory
from tests.engagement_world import make_engagement_world
from tests.errors import refused

# A finished engagement: completed ten days ago, one of its two milestones approved, with a second member
# of the organisation (the teammate) who may read the reviews but not write a second one.
FINISHED = {"status": EngagementStatus.COMPLETED, "approved": 1, "ended_days_ago": 10, "teammate": True}

pytestmark = [pytest.mark.django_db, pytest.mark.engagement_world(**FINISHED)]


def sides(reviews) -> set[str]:
    return {review.side for review in reviews}


# Writing a review -------------------------------------------------------------------------------------------


def test_the_student_reviews_the_employer_after_completion(w):
    review = review_submit(
        engagement=w.engagement, by=w.student, rating=5, text="  Clear brief, quick answers. "
    )
    assert (review.side, review.author, review.rating) == (ReviewSide.STUDENT, w.student, 5)
    assert review.text == "Clear brief, quick answers."


def test_an_employer_member_reviews_the_student_and_ticks_skills(w):
    excel, research = SkillFactory(name="Excel"), SkillFactory(name="Market research")
    w.engagement.project.required_skills.add(excel)
    w.engagement.student.skills.add(research)
    review = review_submit(
        engagement=w.engagement,
        by=w.employer,
        rating=4,
        text="Solid work.",
        skills_demonstrated=[excel, research],
    )
    assert review.side == ReviewSide.EMPLOYER
    assert set(review.skills_demonstrated.all()) == {excel, research}


def test_sending_the_same_review_again_keeps_one(w):
    skill = SkillFactory()
    w.engagement.project.nice_to_have_skills.add(skill)
    first = review_submit(
        engagement=w.engagement, by=w.employer, rating=4, text="Good", skills_demonstrated=[skill]
    )
    again = review_submit(
        engagement=w.engagement, by=w.employer, rating=4, text="Good", skills_demonstrated=[skill]
    )
    assert again.pk == first.pk
    assert Review.objects.count() == 1


def test_each_side_reviews_once_and_cannot_change_it(w):
    review_submit(engagement=w.engagement, by=w.employer, rating=4, text="Good")
    with refused("already_reviewed"):
        review_submit(engagement=w.engagement, by=w.teammate, rating=1, text="Actually, bad")
    review_submit(engagement=w.engagement, by=w.student, rating=5, text="Great")
    with refused("already_reviewed"):
        review_submit(engagement=w.engagement, by=w.student, rating=2, text="Changed my mind")
    assert Review.objects.count() == 2


@pytest.mark.parametrize("status", [EngagementStatus.KICKOFF, EngagementStatus.ACTIVE])
def test_work_still_under_way_cannot_be_reviewed(status):
    w = make_engagement_world(**(FINISHED | {"status": status}))
    with refused("engagement_not_finished"):
        review_submit(engagement=w.engagement, by=w.student, rating=5, text="Early praise")


def test_a_cancellation_with_approved_work_can_be_reviewed():
    w = make_engagement_world(**(FINISHED | {"status": EngagementStatus.CANCELLED}))
    assert review_submit(engagement=w.engagement, by=w.student, rating=2, text="Cancelled midway").rating == 2


def test_a_cancellation_before_any_approved_work_cannot_be_reviewed():
    w = make_engagement_world(**(FINISHED | {"status": EngagementStatus.CANCELLED, "approved": 0}))
    with refused("engagement_not_finished"):
        review_submit(engagement=w.engagement, by=w.employer, rating=1, text="Never started")


@pytest.mark.parametrize("rating", [0, 6, -1, True, "5", 4.5])
def test_a_rating_is_a_whole_number_from_1_to_5(w, rating):
    with refused("invalid_rating"):
        review_submit(engagement=w.engagement, by=w.student, rating=rating, text="")


def test_a_review_text_has_a_length_limit(w):
    with refused("text_too_long"):
        review_submit(engagement=w.engagement, by=w.student, rating=3, text="x" * 5001)


def test_only_the_employer_ticks_skills(w):
    with refused("skills_only_from_employer"):
        review_submit(
            engagement=w.engagement, by=w.student, rating=5, text="", skills_demonstrated=[SkillFactory()]
        )


def test_the_employer_ticks_only_skills_of_the_project_or_the_student(w):
    """The rule lives in the service, so the page, the API and any other caller keep to it alike."""
    with refused("unknown_skill", field="skills_demonstrated"):
        review_submit(
            engagement=w.engagement,
            by=w.employer,
            rating=5,
            text="Great",
            skills_demonstrated=[SkillFactory(name="Juggling")],
        )
    assert not Review.objects.exists()


def test_outsiders_cannot_review(w):
    for user in (w.outsider, EmployerMemberFactory().user):
        with pytest.raises(PermissionDenied):
            review_submit(engagement=w.engagement, by=user, rating=1, text="Drive-by")


# Double-blind visibility ------------------------------------------------------------------------------------


def test_a_party_always_sees_their_own_review_but_not_the_other_sides_alone(w):
    now = timezone.now()
    review_submit(engagement=w.engagement, by=w.student, rating=5, text="Great")
    assert sides(reviews_visible_to(engagement=w.engagement, user=w.student, now=now)) == {ReviewSide.STUDENT}
    assert sides(reviews_visible_to(engagement=w.engagement, user=w.employer, now=now)) == set()


def test_the_employers_review_stays_hidden_from_a_student_who_has_not_written_theirs(w):
    now = timezone.now()
    review_submit(engagement=w.engagement, by=w.employer, rating=3, text="Fine")
    assert sides(reviews_visible_to(engagement=w.engagement, user=w.student, now=now)) == set()
    assert sides(reviews_visible_to(engagement=w.engagement, user=w.teammate, now=now)) == {
        ReviewSide.EMPLOYER
    }


def test_both_reviews_show_to_both_sides_once_both_are_written(w):
    now = timezone.now()
    review_submit(engagement=w.engagement, by=w.employer, rating=3, text="Fine")
    review_submit(engagement=w.engagement, by=w.student, rating=4, text="Good")
    both = {ReviewSide.STUDENT, ReviewSide.EMPLOYER}
    for user in (w.student, w.employer, w.teammate):
        assert sides(reviews_visible_to(engagement=w.engagement, user=user, now=now)) == both


def test_the_other_sides_review_shows_once_the_window_closes_even_if_one_never_wrote(w):
    review_submit(engagement=w.engagement, by=w.employer, rating=3, text="Fine")
    closes = w.ended_at + dt.timedelta(days=14)
    before = reviews_visible_to(engagement=w.engagement, user=w.student, now=closes - dt.timedelta(seconds=1))
    assert sides(before) == set()
    after = reviews_visible_to(engagement=w.engagement, user=w.student, now=closes)
    assert sides(after) == {ReviewSide.EMPLOYER}


def test_the_window_of_a_cancelled_engagement_runs_from_its_cancellation():
    w = make_engagement_world(**(FINISHED | {"status": EngagementStatus.CANCELLED}))
    review_submit(engagement=w.engagement, by=w.student, rating=2, text="Cancelled midway")
    closes = w.ended_at + dt.timedelta(days=14)
    assert (
        sides(
            reviews_visible_to(engagement=w.engagement, user=w.employer, now=closes - dt.timedelta(hours=1))
        )
        == set()
    )
    assert sides(reviews_visible_to(engagement=w.engagement, user=w.employer, now=closes)) == {
        ReviewSide.STUDENT
    }


def test_outsiders_see_no_reviews_even_after_the_window(w):
    review_submit(engagement=w.engagement, by=w.employer, rating=3, text="Fine")
    review_submit(engagement=w.engagement, by=w.student, rating=4, text="Good")
    later = timezone.now() + dt.timedelta(days=365)
    assert list(reviews_visible_to(engagement=w.engagement, user=w.outsider, now=later)) == []
