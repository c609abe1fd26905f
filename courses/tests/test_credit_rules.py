"""Academic credit, the rules in the services and selectors: who may ask and for which course and term,
approving with the course's outcomes or declining with a reason, signing off only completed, evaluated
and reflected-on work, who is told at each step, and the faculty's board with its one-query budget.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from courses.factories import (
    CompetencyEvaluationFactory,
    CourseFactory,
    CreditRequestFactory,
    EnrolmentFactory,
    ReflectionFactory,
)
from courses.models import CreditResult, CreditStatus
from courses.selectors_credit import credit_board_for_course, credit_courses_for_engagement
from courses.services import (
    credit_request_approve,
    credit_request_create,
    credit_request_decline,
    credit_sign_off,
)
from courses.tests.credit_world import complete, told
from engagements.models import EngagementStatus

pytestmark = pytest.mark.django_db


# --- Asking ------------------------------------------------------------------------------------------------


def test_a_student_asks_credit_and_the_instructors_are_told(credit_case):
    case = credit_case
    credit = credit_request_create(
        engagement=case.engagement, course=case.course, by=case.student, note="It is consulting work."
    )
    assert credit.status == CreditStatus.REQUESTED
    assert credit.student == case.engagement.student and credit.student_note == "It is consulting work."
    [notice] = told(case.instructor, "requested")
    assert case.course.code in notice.title
    assert not told(case.unconfirmed_instructor) and not told(case.student) and not told(case.employer)


def test_only_the_engagements_student_may_ask(credit_case):
    with pytest.raises(PermissionDenied):
        credit_request_create(
            engagement=credit_case.engagement, course=credit_case.course, by=credit_case.classmate
        )


def test_it_refuses_a_course_the_student_is_not_in(credit_case):
    other = CourseFactory(created_by=credit_case.course.created_by, code="BUS 999")
    with pytest.raises(ValidationError) as error:
        credit_request_create(engagement=credit_case.engagement, course=other, by=credit_case.student)
    assert "not enrolled" in error.value.message_dict["course"][0]


def test_it_refuses_cancelled_work(credit_case):
    credit_case.engagement.status = EngagementStatus.CANCELLED
    credit_case.engagement.save()
    with pytest.raises(ValidationError) as error:
        credit_request_create(
            engagement=credit_case.engagement, course=credit_case.course, by=credit_case.student
        )
    assert "cancelled" in error.value.message_dict["engagement"][0]


def test_it_refuses_a_second_live_request_but_allows_one_after_a_decline(credit_case):
    case = credit_case
    first = case.request()
    with pytest.raises(ValidationError) as error:
        credit_request_create(engagement=case.engagement, course=case.course, by=case.student)
    assert "already" in error.value.message_dict["engagement"][0]
    credit_request_decline(credit=first, by=case.instructor, reason="Not this course.")
    other = CourseFactory(created_by=case.course.created_by, code="BUS 302")
    EnrolmentFactory(course=other, student=case.engagement.student)
    again = credit_request_create(engagement=case.engagement, course=other, by=case.student)
    assert again.status == CreditStatus.REQUESTED


def test_it_refuses_work_begun_after_the_term_ended(credit_case):
    case = credit_case
    case.course.term_start = timezone.localdate() - dt.timedelta(days=100)
    case.course.term_end = timezone.localdate() - dt.timedelta(days=10)
    case.course.save()
    with pytest.raises(ValidationError) as error:
        credit_request_create(engagement=case.engagement, course=case.course, by=case.student)
    assert "started after" in error.value.message_dict["course"][0]
    assert credit_courses_for_engagement(engagement=case.engagement) == []


def test_it_refuses_a_term_ended_more_than_30_days_ago(credit_case):
    case = credit_case
    case.engagement.started_at = timezone.now() - dt.timedelta(days=90)
    case.engagement.save()
    case.course.term_start = timezone.localdate() - dt.timedelta(days=120)
    case.course.term_end = timezone.localdate() - dt.timedelta(days=31)
    case.course.save()
    with pytest.raises(ValidationError) as error:
        credit_request_create(engagement=case.engagement, course=case.course, by=case.student)
    assert "30 days" in error.value.message_dict["course"][0]
    case.course.term_end = timezone.localdate() - dt.timedelta(days=30)
    case.course.save()
    assert credit_courses_for_engagement(engagement=case.engagement) == [case.course]
    assert credit_request_create(engagement=case.engagement, course=case.course, by=case.student)


# --- Deciding ----------------------------------------------------------------------------------------------


def test_an_instructor_approves_with_outcomes_and_student_and_employer_are_told(credit_case):
    case = credit_case
    credit = case.request()
    outcomes = list(reversed(case.course.learning_outcomes))
    credit = credit_request_approve(credit=credit, by=case.instructor, outcomes=outcomes)
    assert credit.status == CreditStatus.APPROVED
    assert credit.required_outcomes == case.course.learning_outcomes  # in the course's order
    assert credit.decided_by == case.instructor and credit.decided_at
    assert len(told(case.student, "approved")) == 1
    assert len(told(case.employer, "approved-employer")) == 1
    assert not told(case.world.other_employer)
    # Again: nothing changes, nobody is told twice.
    credit_request_approve(credit=credit, by=case.instructor, outcomes=outcomes[:1])
    credit.refresh_from_db()
    assert credit.required_outcomes == case.course.learning_outcomes
    assert len(told(case.student)) == 1


@pytest.mark.parametrize(
    "outcomes,message", [([], "at least one"), (["Something else"], "Choose among"), (["  "], "at least one")]
)
def test_approval_needs_a_subset_of_the_courses_outcomes(credit_case, outcomes, message):
    credit = credit_case.request()
    with pytest.raises(ValidationError) as error:
        credit_request_approve(credit=credit, by=credit_case.instructor, outcomes=outcomes)
    assert message in error.value.message_dict["outcomes"][0]


def test_a_course_without_outcomes_approves_with_none(credit_case):
    credit_case.course.learning_outcomes = []
    credit_case.course.save()
    credit = credit_request_approve(credit=credit_case.request(), by=credit_case.instructor, outcomes=[])
    assert credit.status == CreditStatus.APPROVED and credit.required_outcomes == []


@pytest.mark.parametrize(
    "who", ["unconfirmed_instructor", "faculty_other_course", "faculty_elsewhere", "student"]
)
def test_only_confirmed_instructors_decide(credit_case, who):
    credit = credit_case.request()
    by = credit_case.visitors()[who]
    with pytest.raises(PermissionDenied):
        credit_request_approve(credit=credit, by=by, outcomes=credit_case.course.learning_outcomes)
    with pytest.raises(PermissionDenied):
        credit_request_decline(credit=credit, by=by, reason="No")
    credit.refresh_from_db()
    assert credit.status == CreditStatus.REQUESTED


def test_a_decline_needs_a_reason_and_tells_only_the_student(credit_case):
    case = credit_case
    credit = case.request()
    with pytest.raises(ValidationError) as error:
        credit_request_decline(credit=credit, by=case.instructor, reason="   ")
    assert error.value.message_dict["reason"]
    credit = credit_request_decline(credit=credit, by=case.instructor, reason="The work is not consulting.")
    assert credit.status == CreditStatus.DECLINED and credit.decline_reason == "The work is not consulting."
    [notice] = told(case.student, "declined")
    assert "not consulting" in notice.body
    assert not told(case.employer)
    with pytest.raises(ValidationError):
        credit_request_approve(credit=credit, by=case.instructor, outcomes=case.course.learning_outcomes)


# --- Signing off -------------------------------------------------------------------------------------------


def test_sign_off_waits_for_completion_evaluation_and_reflection(credit_case):
    case = credit_case
    credit = case.request(approved=True)
    with pytest.raises(ValidationError) as error:
        credit_sign_off(credit=credit, by=case.instructor, result=CreditResult.PASS)
    assert len(error.value.messages) == 3
    complete(case, credit, reflection=False)
    with pytest.raises(ValidationError) as error:
        credit_sign_off(credit=credit, by=case.instructor, result=CreditResult.PASS)
    assert error.value.messages == ["The student has not written the reflection yet."]


def test_sign_off_refuses_requested_credit(credit_case):
    credit = credit_case.request()
    complete(credit_case, credit)
    with pytest.raises(ValidationError, match="Only approved"):
        credit_sign_off(credit=credit, by=credit_case.instructor, result=CreditResult.PASS)


def test_a_grade_is_required_and_short(credit_case):
    case = credit_case
    credit = case.request(approved=True)
    complete(case, credit)
    with pytest.raises(ValidationError) as error:
        credit_sign_off(credit=credit, by=case.instructor, result=CreditResult.GRADE, grade=" ")
    assert error.value.message_dict["grade"]
    with pytest.raises(ValidationError) as error:
        credit_sign_off(credit=credit, by=case.instructor, result=CreditResult.GRADE, grade="A" * 11)
    assert error.value.message_dict["grade"]
    with pytest.raises(ValidationError) as error:
        credit_sign_off(credit=credit, by=case.instructor, result="excellent")
    assert error.value.message_dict["result"]


def test_sign_off_is_final_and_tells_the_student(credit_case):
    case = credit_case
    credit = case.request(approved=True)
    complete(case, credit)
    with pytest.raises(PermissionDenied):
        credit_sign_off(credit=credit, by=case.colleague, result=CreditResult.PASS)
    credit = credit_sign_off(
        credit=credit, by=case.instructor, result=CreditResult.GRADE, grade="A-", note="Fine"
    )
    assert (
        credit.status == CreditStatus.SIGNED_OFF
        and credit.grade == "A-"
        and credit.signed_off_by == case.instructor
    )
    [notice] = told(case.student, "signed-off")
    assert "A-" in notice.title
    with pytest.raises(ValidationError, match="final"):
        credit_sign_off(credit=credit, by=case.instructor, result=CreditResult.FAIL)
    with pytest.raises(ValidationError, match="final"):
        credit_request_decline(credit=credit, by=case.instructor, reason="Changed my mind")


def test_a_pass_keeps_no_grade(credit_case):
    credit = credit_case.request(approved=True)
    complete(credit_case, credit)
    credit = credit_sign_off(credit=credit, by=credit_case.instructor, result=CreditResult.PASS, grade="B")
    assert credit.result == CreditResult.PASS and credit.grade == ""


def test_an_approval_may_be_withdrawn_and_the_work_asked_again(credit_case):
    case = credit_case
    credit = case.request(approved=True)
    credit_request_decline(credit=credit, by=case.instructor, reason="The engagement was cancelled.")
    assert credit_request_create(engagement=case.engagement, course=case.course, by=case.student)


# --- The board and its query budget -------------------------------------------------------------------------


def test_the_board_groups_requests_by_what_they_wait_for(credit_case):
    case = credit_case
    requested = CreditRequestFactory(course=case.course)
    under_way = CreditRequestFactory(course=case.course, approved=True)
    ready = case.request(approved=True)
    complete(case, ready)
    declined = CreditRequestFactory(course=case.course, status=CreditStatus.DECLINED, decline_reason="No")
    CreditRequestFactory()  # another course's
    board = credit_board_for_course(course=case.course)
    assert board.to_decide == [requested]
    assert board.approved == [under_way]
    assert board.approved[0].owes == [
        "the work to be completed",
        "the employer's evaluation",
        "the student's reflection",
    ]
    assert board.to_sign_off == [ready]
    assert board.declined == [declined]
    assert board.waiting_count == 2 and board.total == 4


def test_the_board_runs_one_query_whatever_its_size(credit_case, django_assert_num_queries):
    course = credit_case.course
    CreditRequestFactory(course=course, approved=True)
    with django_assert_num_queries(1):
        credit_board_for_course(course=course)
    for _ in range(10):
        credit = CreditRequestFactory(course=course, approved=True)
        CompetencyEvaluationFactory(credit_request=credit)
        ReflectionFactory(credit_request=credit)
    CreditRequestFactory.create_batch(5, course=course)
    with django_assert_num_queries(1):
        board = credit_board_for_course(course=course)
    assert board.total == 16
