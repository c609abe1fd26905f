"""The evaluation and reflection endpoints: who reads, who writes, field errors, and outsiders' 404.

The world (courses/tests/evaluation_world.py): Ella's completed work for Fernway, credited in Nora's BUS 301.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from courses.models import CompetencyEvaluation, Reflection
from courses.services import evaluation_submit, reflection_submit
from courses.tests.evaluation_world import SUMMARY, all_ratings, build_evaluation_world, sign_off


@pytest.fixture
def ev_api_world(north_course, enrolled, prof_north, north, south) -> SimpleNamespace:
    """The credited engagement of Ella at Fernway, for the API."""
    return build_evaluation_world(
        north_course=north_course, enrolled=enrolled, prof_north=prof_north, north=north, south=south
    )


def _evaluation(world) -> str:
    return reverse("api-credit-evaluation", args=[world.credit.public_id])


def _reflection(world) -> str:
    return reverse("api-credit-reflection", args=[world.credit.public_id])


def _ratings_body(world, level: int = 3) -> dict:
    return {
        "ratings": [{"competency": key, "level": level, "comment": ""} for key in world.keys],
        "overall_comment": "Dependable.",
    }


def test_the_employer_reads_the_sheet_then_sends_the_evaluation(api, ev_api_world):
    api.force_login(ev_api_world.employer)
    sheet = api.get(_evaluation(ev_api_world)).json()
    assert sheet["can_edit"] is True
    assert sheet["evaluation"] is None
    assert [competency["key"] for competency in sheet["competencies"]] == ev_api_world.keys
    assert [option["label"] for option in sheet["rubric"]] == [
        "Not yet demonstrated",
        "Developing",
        "Proficient",
        "Exemplary",
    ]
    body = _ratings_body(ev_api_world)
    body["ratings"][1]["comment"] = "Clear updates"
    response = api.put(_evaluation(ev_api_world), body, format="json")
    assert response.status_code == 200
    evaluation = response.json()["evaluation"]
    assert evaluation["overall_comment"] == "Dependable."
    assert evaluation["evaluator_name"] == "Finn Fernway"
    assert evaluation["ratings"][1] == {
        "competency": "communication",
        "label": "Communication",
        "level": 3,
        "level_label": "Proficient",
        "comment": "Clear updates",
    }
    assert len(evaluation["ratings"]) == 7


def test_a_missing_rating_and_a_level_off_the_scale_answer_400_with_field_errors(api, ev_api_world):
    api.force_login(ev_api_world.employer)
    body = _ratings_body(ev_api_world)
    body["ratings"] = body["ratings"][1:]
    response = api.put(_evaluation(ev_api_world), body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"ratings.time_management.level"}
    body = _ratings_body(ev_api_world, level=5)
    response = api.put(_evaluation(ev_api_world), body, format="json")
    assert response.status_code == 400
    assert "ratings.0.level" in response.json()["errors"]
    body = _ratings_body(ev_api_world)
    body["ratings"].append(body["ratings"][0])
    assert api.put(_evaluation(ev_api_world), body, format="json").status_code == 400
    assert not CompetencyEvaluation.objects.exists()


def test_after_sign_off_the_evaluation_cannot_change(api, ev_api_world):
    evaluation_submit(credit=ev_api_world.credit, by=ev_api_world.employer, ratings=all_ratings(ev_api_world))
    sign_off(ev_api_world.credit)
    api.force_login(ev_api_world.employer)
    assert api.get(_evaluation(ev_api_world)).json()["can_edit"] is False
    response = api.put(_evaluation(ev_api_world), _ratings_body(ev_api_world, 1), format="json")
    assert response.status_code == 400


def test_the_student_and_the_faculty_read_the_evaluation_and_may_not_write_it(api, ev_api_world):
    evaluation_submit(
        credit=ev_api_world.credit,
        by=ev_api_world.employer,
        ratings=all_ratings(ev_api_world),
        overall_comment="For their eyes.",
    )
    for user in [ev_api_world.student, ev_api_world.faculty]:
        api.force_login(user)
        sheet = api.get(_evaluation(ev_api_world)).json()
        assert sheet["can_edit"] is False
        assert sheet["evaluation"]["overall_comment"] == "For their eyes."
        assert (
            api.put(_evaluation(ev_api_world), _ratings_body(ev_api_world), format="json").status_code == 403
        )


def test_the_student_writes_the_reflection_and_the_faculty_read_it(api, ev_api_world):
    api.force_login(ev_api_world.student)
    sheet = api.get(_reflection(ev_api_world)).json()
    assert sheet["required_outcomes"] == ["Scope a client problem", "Present findings"]
    assert sheet["can_edit"] is True and sheet["reflection"] is None
    response = api.put(
        _reflection(ev_api_world), {"summary": SUMMARY, "outcome_answers": ["One", "Two"]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["reflection"]["outcome_answers"] == ["One", "Two"]

    api.force_login(ev_api_world.faculty)
    sheet = api.get(_reflection(ev_api_world)).json()
    assert sheet["reflection"]["summary"] == SUMMARY and sheet["can_edit"] is False
    response = api.put(
        _reflection(ev_api_world), {"summary": SUMMARY, "outcome_answers": ["x", "y"]}, format="json"
    )
    assert response.status_code == 403


def test_a_short_reflection_answers_400_with_field_errors(api, ev_api_world):
    api.force_login(ev_api_world.student)
    response = api.put(
        _reflection(ev_api_world), {"summary": "Short.", "outcome_answers": ["One", ""]}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"summary", "outcome_answers.1"}
    assert not Reflection.objects.exists()


def test_the_employer_does_not_find_the_reflection(api, ev_api_world):
    reflection_submit(
        credit=ev_api_world.credit, by=ev_api_world.student, summary=SUMMARY, outcome_answers=["a", "b"]
    )
    api.force_login(ev_api_world.employer)
    assert api.get(_reflection(ev_api_world)).status_code == 404
    body = {"summary": SUMMARY, "outcome_answers": ["a", "b"]}
    assert api.put(_reflection(ev_api_world), body, format="json").status_code == 404


@pytest.mark.parametrize(
    "who, status",
    [
        ("another student", 404),
        ("employer of another organisation", 404),
        ("faculty of another course", 404),
        ("faculty of another university", 404),
        ("career staff", 403),
    ],
)
def test_outsiders_reach_neither_endpoint(api, ev_api_world, who, status):
    evaluation_submit(credit=ev_api_world.credit, by=ev_api_world.employer, ratings=all_ratings(ev_api_world))
    api.force_login(ev_api_world.outsiders[who])
    for url in [_evaluation(ev_api_world), _reflection(ev_api_world)]:
        response = api.get(url)
        assert response.status_code == status
        assert "Finn" not in response.content.decode()
    assert (
        api.put(_evaluation(ev_api_world), _ratings_body(ev_api_world), format="json").status_code == status
    )


def test_the_anonymous_get_401(api, ev_api_world):
    assert api.get(_evaluation(ev_api_world)).status_code == 401
    assert api.put(_reflection(ev_api_world), {}, format="json").status_code == 401
