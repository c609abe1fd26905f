"""The engagement page's one "Academic credit" panel (courses.templatetags.credit_tags): what each side reads
in every state of the credit, who is shown to owe what, and that it costs one query whatever the state.

The world (courses/tests/evaluation_world.py): Ella's completed work for Fernway, credited in Nora's BUS 301.
"""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from courses.factories import CourseFactory, CreditRequestFactory
from courses.models import CreditRequest, CreditStatus
from courses.services import evaluation_submit, reflection_submit
from courses.tests.evaluation_world import SUMMARY, all_ratings, build_evaluation_world, sign_off
from engagements.models import Engagement, EngagementStatus

PANEL = re.compile(r'<section class="card credit-panel".*?</section>', re.S)


@pytest.fixture
def credit_panel_world(north_course, enrolled, prof_north, north, south) -> SimpleNamespace:
    """Ella's approved credit in BUS 301 for her completed work at Fernway."""
    return build_evaluation_world(
        north_course=north_course, enrolled=enrolled, prof_north=prof_north, north=north, south=south
    )


def _url(world) -> str:
    return reverse("engagements:detail", args=[world.engagement.public_id])


def _panel(client, user, world) -> str:
    """The panel's HTML as `user` reads it ("" when the page shows none)."""
    client.force_login(user)
    response = client.get(_url(world))
    assert response.status_code == 200
    found = PANEL.search(response.content.decode())
    return found.group(0) if found else ""


def _write_both(world) -> None:
    evaluation_submit(credit=world.credit, by=world.employer, ratings=all_ratings(world))
    reflection_submit(credit=world.credit, by=world.student, summary=SUMMARY, outcome_answers=["A1", "A2"])


def _set_work(world, status: str) -> None:
    Engagement.objects.filter(pk=world.engagement.pk).update(status=status)


# --- Who owes what ------------------------------------------------------------------------------------------


def test_the_student_reads_what_each_side_owes_once_the_work_is_done(client, credit_panel_world):
    w = credit_panel_world
    panel = _panel(client, w.student, w)
    assert "You asked for this work to count for <strong>BUS 301" in panel and "Approved" in panel
    assert "Reflection owed for BUS 301" in panel
    assert reverse("courses:credit_reflection", args=[w.credit.public_id]) in panel
    assert "Owed</span> Fernway's competency evaluation" in panel
    assert "Read Fernway's evaluation" not in panel
    assert "Then BUS 301's faculty sign the credit off, once your reflection and Fernway's" in panel
    assert reverse("courses:credit_detail", args=[w.credit.public_id]) in panel

    _write_both(w)
    panel = _panel(client, w.student, w)
    assert "Reflection owed" not in panel and "Review or change" in panel
    assert "Read Fernway's evaluation" in panel
    assert reverse("courses:credit_evaluation", args=[w.credit.public_id]) in panel
    assert "Waiting</span> for BUS 301's faculty to sign the credit off: your reflection and" in panel


def test_the_employer_reads_the_evaluation_it_owes_and_nothing_of_the_reflection(client, credit_panel_world):
    w = credit_panel_world
    panel = _panel(client, w.employer, w)
    assert "counts for academic credit in <strong>BUS 301" in panel and "Approved" in panel
    assert "Competency evaluation owed for BUS 301" in panel and "Evaluate<span" in panel
    assert "Then BUS 301's faculty sign the credit off." in panel
    reflection_submit(credit=w.credit, by=w.student, summary=SUMMARY, outcome_answers=["A1", "A2"])
    assert _panel(client, w.employer, w) == panel  # whether the student wrote theirs is not the employer's
    assert "reflection" not in panel.lower()

    evaluation_submit(credit=w.credit, by=w.employer, ratings=all_ratings(w))
    panel = _panel(client, w.employer, w)
    assert "Competency evaluation owed" not in panel and "Review or change" in panel
    assert reverse("courses:credit_evaluation", args=[w.credit.public_id]) in panel


def test_before_the_work_is_done_each_side_is_told_what_will_be_asked(client, credit_panel_world):
    w = credit_panel_world
    _set_work(w, EngagementStatus.ACTIVE)
    student = _panel(client, w.student, w)
    assert "When the work is completed you write a short reflection" in student
    assert "owed" not in student.lower()
    employer = _panel(client, w.employer, w)
    assert "When the work is completed you are asked for a short competency evaluation" in employer
    assert "Evaluate<span" not in employer


def test_signed_off_credit_owes_nothing_more(client, credit_panel_world):
    w = credit_panel_world
    _write_both(w)
    sign_off(w.credit)
    for user in (w.student, w.employer):
        panel = _panel(client, user, w)
        assert "Signed off" in panel and "Review or change" not in panel and "owed" not in panel.lower()
        assert reverse("courses:credit_detail", args=[w.credit.public_id]) in panel


def test_a_declined_request_shows_to_the_student_only_with_the_way_to_ask_again(client, credit_panel_world):
    w = credit_panel_world
    CreditRequest.objects.filter(pk=w.credit.pk).update(status=CreditStatus.DECLINED)
    student = _panel(client, w.student, w)
    assert "BUS 301 declined your request" in student and "Ask for credit" in student
    assert _panel(client, w.employer, w) == ""


# --- What it costs -----------------------------------------------------------------------------------------


def _states(w):
    """The credit's states, from none at all to signed off, each applied in turn to the same engagement."""
    yield "no request", lambda: CreditRequest.objects.filter(pk=w.credit.pk).delete()
    yield (
        "declined three times",
        lambda: [
            CreditRequestFactory(
                engagement=w.engagement, course=CourseFactory(), status=CreditStatus.DECLINED
            )
            for _ in range(3)
        ],
    )
    yield "asked", lambda: CreditRequestFactory(engagement=w.engagement, course=w.course)
    yield (
        "approved",
        lambda: CreditRequest.objects.filter(status=CreditStatus.REQUESTED).update(
            status=CreditStatus.APPROVED, required_outcomes=["Outcome"]
        ),
    )

    def written():
        w.credit = CreditRequest.objects.get(engagement=w.engagement, status=CreditStatus.APPROVED)
        evaluation_submit(credit=w.credit, by=w.employer, ratings=all_ratings(w))
        reflection_submit(credit=w.credit, by=w.student, summary=SUMMARY, outcome_answers=["A1"])

    yield "evaluation and reflection in", written
    yield "signed off", lambda: sign_off(w.credit)


@pytest.mark.parametrize("side", ["student", "employer"])
def test_the_panel_reads_everything_in_one_query_in_every_state(
    client, credit_panel_world, django_assert_num_queries, django_assert_max_num_queries, side
):
    w = credit_panel_world
    client.force_login(w.student if side == "student" else w.employer)
    expected = None
    for state, apply in _states(w):
        apply()
        client.get(_url(w))
        if expected is None:
            with django_assert_max_num_queries(25) as counted:
                client.get(_url(w))
            expected = len(counted.captured_queries)
        with django_assert_num_queries(expected) as counted:
            assert client.get(_url(w)).status_code == 200, state
        credit_reads = [query for query in counted.captured_queries if "courses_" in query["sql"]]
        assert len(credit_reads) == 1, state
