"""The employer's competency evaluation and the student's reflection: the rules, the notices, the pages and
who may reach them.

The world (courses/tests/evaluation_world.py): Ella's completed work for Fernway, credited in Nora's BUS 301.
"""

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from courses.factories import CreditRequestFactory
from courses.models import CompetencyEvaluation, CompetencyRating, CreditRequest, CreditStatus, Reflection
from courses.services import RatingInput, evaluation_competencies, evaluation_submit, reflection_submit
from courses.tests.evaluation_world import SUMMARY, all_ratings, build_evaluation_world, form_data, sign_off
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from notifications.models import Notification, NotificationKind
from projects.factories import ProjectFactory


@pytest.fixture
def ev_world(north_course, enrolled, prof_north, north, south) -> SimpleNamespace:
    """The credited engagement of Ella at Fernway (courses/tests/evaluation_world.py)."""
    return build_evaluation_world(
        north_course=north_course, enrolled=enrolled, prof_north=prof_north, north=north, south=south
    )


def _notices(user, kind=NotificationKind.ACADEMIC_CREDIT) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=kind).order_by("id"))


# --- What is rated ------------------------------------------------------------------------------------------


def test_it_rates_the_four_soft_skills_then_the_projects_skills_then_the_courses_own(ev_world):
    competencies = evaluation_competencies(credit=ev_world.credit)
    assert [competency.key for competency in competencies] == ev_world.keys
    assert [competency.label for competency in competencies][:4] == [
        "Time management",
        "Communication",
        "Problem-solving",
        "Working independently",
    ]
    assert [competency.kind for competency in competencies] == ["soft_skill"] * 4 + ["skill"] * 3


# --- The evaluation's rules ---------------------------------------------------------------------------------


def test_the_employer_sends_an_evaluation_and_the_student_and_faculty_are_told(ev_world):
    ratings = all_ratings(ev_world)
    ratings["communication"] = RatingInput(level=4, comment="  Clear weekly updates.  ")
    evaluation = evaluation_submit(
        credit=ev_world.credit, by=ev_world.employer, ratings=ratings, overall_comment="Great work."
    )
    assert evaluation.evaluator == ev_world.employer
    assert evaluation.overall_comment == "Great work."
    stored = {
        rating.label: (rating.level, rating.comment) for rating in evaluation.ratings.select_related("skill")
    }
    assert stored["Communication"] == (4, "Clear weekly updates.")
    assert stored["Spreadsheets"] == (3, "")
    assert len(stored) == 7
    [to_student] = _notices(ev_world.student)
    assert to_student.url == reverse("courses:credit_evaluation", args=[ev_world.credit.public_id])
    assert "Fernway" in to_student.title
    assert len(_notices(ev_world.faculty)) == 1
    assert _notices(ev_world.employer) == []


def test_changing_the_evaluation_replaces_it_whole_and_tells_nobody_again(ev_world):
    evaluation_submit(credit=ev_world.credit, by=ev_world.employer, ratings=all_ratings(ev_world, 2))
    evaluation_submit(
        credit=ev_world.credit,
        by=ev_world.employer,
        ratings=all_ratings(ev_world, 4),
        overall_comment="Better",
    )
    evaluation = CompetencyEvaluation.objects.get(credit_request=ev_world.credit)
    assert sorted(evaluation.ratings.values_list("level", flat=True)) == [4] * 7
    assert CompetencyRating.objects.count() == 7
    assert evaluation.overall_comment == "Better"
    assert len(_notices(ev_world.student)) == 1


def test_every_competency_needs_a_level_and_nothing_is_written_without(ev_world):
    ratings = all_ratings(ev_world)
    del ratings["problem_solving"]
    ratings["skill-python"] = RatingInput(level=7)
    ratings["communication"] = RatingInput(level=3, comment="x" * 1001)
    with pytest.raises(ValidationError) as caught:
        evaluation_submit(credit=ev_world.credit, by=ev_world.employer, ratings=ratings)
    assert set(caught.value.message_dict) == {
        "ratings.problem_solving.level",
        "ratings.skill-python.level",
        "ratings.communication.comment",
    }
    assert "Problem-solving" in caught.value.message_dict["ratings.problem_solving.level"][0]
    assert not CompetencyEvaluation.objects.exists()


def test_it_refuses_a_competency_that_is_not_asked_and_an_overlong_overall_comment(ev_world):
    ratings = {**all_ratings(ev_world), "skill-cooking": RatingInput(level=3)}
    with pytest.raises(ValidationError) as caught:
        evaluation_submit(
            credit=ev_world.credit, by=ev_world.employer, ratings=ratings, overall_comment="y" * 5001
        )
    assert set(caught.value.message_dict) == {"ratings", "overall_comment"}


@pytest.mark.parametrize(
    "change, code",
    [
        ({"status": CreditStatus.REQUESTED}, "credit_not_approved"),
        ({"status": CreditStatus.DECLINED}, "credit_not_approved"),
        ({"engagement_status": EngagementStatus.ACTIVE}, "work_not_completed"),
        ({"status": CreditStatus.SIGNED_OFF}, "signed_off"),
    ],
)
def test_the_evaluation_and_reflection_are_open_only_between_completion_andsign_off(ev_world, change, code):
    credit = ev_world.credit
    if change.get("engagement_status"):
        type(credit.engagement).objects.filter(pk=credit.engagement_id).update(
            status=change["engagement_status"]
        )
    elif change["status"] == CreditStatus.SIGNED_OFF:
        sign_off(credit)
    else:
        CreditRequest.objects.filter(pk=credit.pk).update(status=change["status"])
    with pytest.raises(ValidationError) as caught:
        evaluation_submit(credit=credit, by=ev_world.employer, ratings=all_ratings(ev_world))
    assert caught.value.code == code
    with pytest.raises(ValidationError) as caught:
        reflection_submit(credit=credit, by=ev_world.student, summary=SUMMARY, outcome_answers=["a", "b"])
    assert caught.value.code == code


def test_only_the_employers_members_evaluate_and_only_the_student_reflects(ev_world):
    for user in [ev_world.student, ev_world.faculty, ev_world.outsiders["employer of another organisation"]]:
        with pytest.raises(PermissionDenied):
            evaluation_submit(credit=ev_world.credit, by=user, ratings=all_ratings(ev_world))
    for user in [ev_world.employer, ev_world.faculty, ev_world.outsiders["another student"]]:
        with pytest.raises(PermissionDenied):
            reflection_submit(credit=ev_world.credit, by=user, summary=SUMMARY, outcome_answers=["a", "b"])


# --- The reflection's rules ---------------------------------------------------------------------------------


def test_the_student_writes_a_reflection_and_the_faculty_are_told(ev_world):
    reflection = reflection_submit(
        credit=ev_world.credit, by=ev_world.student, summary=f"  {SUMMARY} ", outcome_answers=[" One ", "Two"]
    )
    assert reflection.summary == SUMMARY
    assert reflection.outcome_answers == ["One", "Two"]
    [to_faculty] = _notices(ev_world.faculty)
    assert to_faculty.url == reverse("courses:credit_reflection", args=[ev_world.credit.public_id])
    assert _notices(ev_world.student) == []
    assert _notices(ev_world.employer) == []

    reflection_submit(
        credit=ev_world.credit, by=ev_world.student, summary=SUMMARY, outcome_answers=["1", "2"]
    )
    assert Reflection.objects.get().outcome_answers == ["1", "2"]
    assert len(_notices(ev_world.faculty)) == 1


def test_a_reflection_needs_a_real_summary_and_an_answer_per_outcome(ev_world):
    with pytest.raises(ValidationError) as caught:
        reflection_submit(
            credit=ev_world.credit, by=ev_world.student, summary="Did it.", outcome_answers=["a", " "]
        )
    assert set(caught.value.message_dict) == {"summary", "outcome_answers.1"}
    assert "Present findings" in caught.value.message_dict["outcome_answers.1"][0]
    with pytest.raises(ValidationError) as caught:
        reflection_submit(
            credit=ev_world.credit, by=ev_world.student, summary="z" * 5001, outcome_answers=["a"]
        )
    assert set(caught.value.message_dict) == {"summary", "outcome_answers"}
    assert not Reflection.objects.exists()


def test_the_faculty_hear_once_when_both_are_in(ev_world):
    evaluation_submit(credit=ev_world.credit, by=ev_world.employer, ratings=all_ratings(ev_world))
    reflection_submit(
        credit=ev_world.credit, by=ev_world.student, summary=SUMMARY, outcome_answers=["a", "b"]
    )
    reflection_submit(
        credit=ev_world.credit, by=ev_world.student, summary=SUMMARY, outcome_answers=["c", "d"]
    )
    evaluation_submit(credit=ev_world.credit, by=ev_world.employer, ratings=all_ratings(ev_world, 1))
    titles = [notice.title for notice in _notices(ev_world.faculty)]
    assert len(titles) == 3
    assert titles[-1].startswith("Ready to sign off")
    ready = _notices(ev_world.faculty)[-1]
    assert ready.url == reverse("courses:credit_detail", args=[ev_world.credit.public_id])
    assert not any(notice.title.startswith("Ready") for notice in _notices(ev_world.student))


# --- The evaluation page ------------------------------------------------------------------------------------


def _evaluation_url(world) -> str:
    return reverse("courses:credit_evaluation", args=[world.credit.public_id])


def _reflection_url(world) -> str:
    return reverse("courses:credit_reflection", args=[world.credit.public_id])


def test_the_employer_sees_the_rubric_with_a_fieldset_per_competency(client, ev_world):
    client.force_login(ev_world.employer)
    response = client.get(_evaluation_url(ev_world))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<fieldset class="rubric-row') == 7
    assert '<legend class="rubric-competency">Working independently' in html
    assert "Spreadsheets" in html and "Data analysis" in html
    for label in ["Not yet demonstrated", "Developing", "Proficient", "Exemplary"]:
        assert label in html
    assert "as a junior colleague would" in html
    assert html.count('type="radio"') == 28
    assert 'name="comment_skill-python"' in html
    assert 'name="overall_comment"' in html


def test_a_missing_level_re_renders_the_form_keeping_what_was_typed(client, ev_world):
    client.force_login(ev_world.employer)
    data = form_data(
        ev_world, overall_comment="Keeps this overall", **{"comment_communication": "Keeps this"}
    )
    del data["level_problem_solving"]
    data["level_communication"] = "4"
    response = client.post(_evaluation_url(ev_world), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a level for Problem-solving." in html
    assert "Keeps this overall" in html
    assert "\nKeeps this</textarea>" in html
    assert 'name="level_communication" value="4" id="id_level_communication_3" checked' in html
    assert not CompetencyEvaluation.objects.exists()


def test_the_employer_sends_the_evaluation_from_the_page_and_can_change_it(client, ev_world):
    client.force_login(ev_world.employer)
    response = client.post(_evaluation_url(ev_world), form_data(ev_world, comment_communication="Clear"))
    assert response.status_code == 302
    assert response.url == _evaluation_url(ev_world)
    rating = CompetencyRating.objects.get(soft_skill="communication")
    assert (rating.level, rating.comment) == (3, "Clear")
    response = client.get(_evaluation_url(ev_world))
    assert "Save the changes" in response.content.decode()
    assert 'value="3" id="id_level_communication_2" checked' in response.content.decode()


def test_once_signed_off_the_evaluation_is_read_only(client, ev_world):
    evaluation_submit(
        credit=ev_world.credit, by=ev_world.employer, ratings=all_ratings(ev_world), overall_comment="Solid."
    )
    sign_off(ev_world.credit)
    client.force_login(ev_world.employer)
    response = client.get(_evaluation_url(ev_world))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="radio"' not in html
    assert "is final" in html and "Solid." in html
    response = client.post(_evaluation_url(ev_world), form_data(ev_world, level="1"))
    assert response.status_code == 400
    assert "can no longer change" in response.content.decode()
    assert set(CompetencyRating.objects.values_list("level", flat=True)) == {3}


def test_the_student_and_the_faculty_read_the_evaluation_but_cannot_write_it(client, ev_world):
    evaluation_submit(
        credit=ev_world.credit,
        by=ev_world.employer,
        ratings=all_ratings(ev_world),
        overall_comment="Solid work.",
    )
    for user in [ev_world.student, ev_world.faculty]:
        client.force_login(user)
        response = client.get(_evaluation_url(ev_world))
        assert response.status_code == 200
        html = response.content.decode()
        assert "Solid work." in html and "Proficient" in html and 'type="radio"' not in html
        assert client.post(_evaluation_url(ev_world), form_data(ev_world)).status_code == 403


def test_before_the_evaluation_arrives_the_student_is_told_it_is_not_in(client, ev_world):
    client.force_login(ev_world.student)
    response = client.get(_evaluation_url(ev_world))
    assert response.status_code == 200
    assert "Fernway has not sent the evaluation yet." in response.content.decode()


@pytest.mark.parametrize(
    "who",
    [
        "another student",
        "employer of another organisation",
        "faculty of another course",
        "faculty of another university",
        "career staff",
    ],
)
def test_outsiders_find_neither_page(client, ev_world, who):
    evaluation_submit(
        credit=ev_world.credit, by=ev_world.employer, ratings=all_ratings(ev_world), overall_comment="Secret"
    )
    client.force_login(ev_world.outsiders[who])
    for url in [_evaluation_url(ev_world), _reflection_url(ev_world)]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"summary": SUMMARY}).status_code == 404


def test_the_anonymous_are_sent_to_log_in(client, ev_world):
    for url in [_evaluation_url(ev_world), _reflection_url(ev_world), reverse("courses:evaluations_owed")]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("account_login") in response.url


def test_the_evaluation_is_never_on_the_public_portfolio(client, ev_world):
    evaluation_submit(
        credit=ev_world.credit,
        by=ev_world.employer,
        ratings=all_ratings(ev_world, comment="Private rating words"),
        overall_comment="Private overall words",
    )
    profile = ev_world.credit.student
    url = reverse("students:portfolio", args=[profile.public_id])
    for user in [None, ev_world.outsiders["another student"], ev_world.student]:
        client.logout()
        if user is not None:
            client.force_login(user)
        html = client.get(url).content.decode()
        assert "Private overall words" not in html
        assert "Private rating words" not in html


# --- The reflection page ------------------------------------------------------------------------------------


def test_the_student_writes_the_reflection_with_one_box_per_outcome(client, ev_world):
    client.force_login(ev_world.student)
    response = client.get(_reflection_url(ev_world))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_answer_0">Scope a client problem' in html
    assert '<label for="id_answer_1">Present findings' in html
    response = client.post(
        _reflection_url(ev_world), {"summary": SUMMARY, "answer_0": "Scoped it.", "answer_1": "Presented it."}
    )
    assert response.status_code == 302
    assert Reflection.objects.get().outcome_answers == ["Scoped it.", "Presented it."]


def test_a_short_reflection_re_renders_keeping_what_was_typed(client, ev_world):
    client.force_login(ev_world.student)
    response = client.post(_reflection_url(ev_world), {"summary": "Too short.", "answer_0": "Kept answer"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "at least 50 characters" in html
    assert "Say what you learned about “Present findings”." in html
    assert "\nToo short.</textarea>" in html and "\nKept answer</textarea>" in html


def test_the_faculty_read_the_reflection_and_the_employer_does_not_find_it(client, ev_world):
    reflection_submit(
        credit=ev_world.credit, by=ev_world.student, summary=SUMMARY, outcome_answers=["A1", "A2"]
    )
    client.force_login(ev_world.faculty)
    response = client.get(_reflection_url(ev_world))
    assert response.status_code == 200
    assert SUMMARY in response.content.decode() and "<textarea" not in response.content.decode()
    assert client.post(_reflection_url(ev_world), {"summary": SUMMARY}).status_code == 403
    client.force_login(ev_world.employer)
    assert client.get(_reflection_url(ev_world)).status_code == 404


# --- Where the employer and the student find what they owe --------------------------------------------------


def test_the_engagement_page_shows_each_side_what_it_owes(client, ev_world):
    url = reverse("engagements:detail", args=[ev_world.engagement.public_id])
    client.force_login(ev_world.employer)
    html = client.get(url).content.decode()
    assert "Competency evaluation owed for BUS 301" in html
    assert _evaluation_url(ev_world) in html
    client.force_login(ev_world.student)
    html = client.get(url).content.decode()
    assert "Reflection owed for BUS 301" in html
    assert _reflection_url(ev_world) in html

    evaluation_submit(credit=ev_world.credit, by=ev_world.employer, ratings=all_ratings(ev_world))
    html = client.get(url).content.decode()
    assert "Read Fernway's evaluation" in html
    client.force_login(ev_world.employer)
    assert "Competency evaluation owed" not in client.get(url).content.decode()


def test_the_engagement_page_owes_nothing_while_the_work_is_under_way(client, ev_world):
    type(ev_world.engagement).objects.filter(pk=ev_world.engagement.pk).update(status=EngagementStatus.ACTIVE)
    client.force_login(ev_world.employer)
    html = client.get(reverse("engagements:detail", args=[ev_world.engagement.public_id])).content.decode()
    assert "Competency evaluation owed" not in html


def _more_credits(world, count: int) -> None:
    employer = world.engagement.employer
    for _ in range(count):
        engagement = EngagementFactory(
            application__project=ProjectFactory(employer=employer, published=True),
            status=EngagementStatus.COMPLETED,
            completed_at=timezone.now(),
        )
        CreditRequestFactory(engagement=engagement, course=world.course, approved=True)


def test_the_employer_lists_the_evaluations_owed_in_constant_queries(
    client, ev_world, django_assert_max_num_queries
):
    client.force_login(ev_world.employer)
    url = reverse("courses:evaluations_owed")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    html = response.content.decode()
    assert "Ella Enrolled" in html and _evaluation_url(ev_world) in html
    _more_credits(ev_world, 6)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count("Evaluate<span") == 7

    evaluation_submit(credit=ev_world.credit, by=ev_world.employer, ratings=all_ratings(ev_world))
    html = client.get(url).content.decode()
    assert html.count("Evaluate<span") == 6 and "Review or change" in html


def test_nobody_else_sees_the_employers_evaluations_owed(client, ev_world):
    client.force_login(ev_world.outsiders["employer of another organisation"])
    response = client.get(reverse("courses:evaluations_owed"))
    assert response.status_code == 200 and "Ella Enrolled" not in response.content.decode()
    for user in [ev_world.student, ev_world.faculty]:
        client.force_login(user)
        assert client.get(reverse("courses:evaluations_owed")).status_code == 404


def test_the_employer_dashboard_links_to_the_evaluations_owed(client, ev_world):
    client.force_login(ev_world.employer)
    html = client.get(reverse("employers:dashboard")).content.decode()
    assert reverse("courses:evaluations_owed") in html


def test_the_credit_record_links_each_writer_to_their_form_and_says_what_is_in(client, ev_world):
    record = reverse("courses:credit_detail", args=[ev_world.credit.public_id])
    client.force_login(ev_world.employer)
    html = client.get(record).content.decode()
    assert "Fill the evaluation" in html and _evaluation_url(ev_world) in html
    client.force_login(ev_world.student)
    html = client.get(record).content.decode()
    assert "Write your reflection" in html and _reflection_url(ev_world) in html
    assert "Owed by Fernway" in html

    evaluation_submit(credit=ev_world.credit, by=ev_world.employer, ratings=all_ratings(ev_world))
    reflection_submit(
        credit=ev_world.credit, by=ev_world.student, summary=SUMMARY, outcome_answers=["a", "b"]
    )
    client.force_login(ev_world.faculty)
    html = client.get(record).content.decode()
    assert html.count('<span class="badge badge-success">In</span>') == 2
    assert "Open the evaluation page" in html and "Open the reflection page" in html
