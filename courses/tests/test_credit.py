"""Academic credit: the rules of asking, deciding and signing off, who is told, every page for every kind of
visitor, the engagement page's panel, the course pages' sections and their query budgets."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.factories import (
    CompetencyEvaluationFactory,
    CourseFactory,
    CreditRequestFactory,
    EnrolmentFactory,
    ReflectionFactory,
)
from courses.models import CreditRequest, CreditResult, CreditStatus
from courses.selectors_credit import credit_board_for_course, credit_courses_for_engagement
from courses.services import (
    credit_request_approve,
    credit_request_create,
    credit_request_decline,
    credit_sign_off,
)
from courses.tests.credit_world import CreditWorld, make_credit_world
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def credit_case(north_course, prof_north, prof_waiting, prof_south) -> CreditWorld:
    return make_credit_world(
        north_course=north_course, prof_north=prof_north, prof_waiting=prof_waiting, prof_south=prof_south
    )


def _told(user, event: str = "") -> list[Notification]:
    rows = Notification.objects.filter(user=user, kind=NotificationKind.ACADEMIC_CREDIT)
    return [row for row in rows if row.key.endswith(event)]


def _complete(case: CreditWorld, credit: CreditRequest, *, evaluation: bool = True, reflection: bool = True):
    engagement = case.engagement
    engagement.status = EngagementStatus.COMPLETED
    engagement.completed_at = timezone.now()
    engagement.save()
    if evaluation:
        CompetencyEvaluationFactory(credit_request=credit, evaluator=case.employer)
    if reflection:
        ReflectionFactory(credit_request=credit)


# --- Asking ------------------------------------------------------------------------------------------------


def test_a_student_asks_credit_and_the_instructors_are_told(credit_case):
    case = credit_case
    credit = credit_request_create(
        engagement=case.engagement, course=case.course, by=case.student, note="It is consulting work."
    )
    assert credit.status == CreditStatus.REQUESTED
    assert credit.student == case.engagement.student and credit.student_note == "It is consulting work."
    [notice] = _told(case.instructor, "requested")
    assert case.course.code in notice.title
    assert not _told(case.unconfirmed_instructor) and not _told(case.student) and not _told(case.employer)


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
    assert len(_told(case.student, "approved")) == 1
    assert len(_told(case.employer, "approved-employer")) == 1
    assert not _told(case.world.other_employer)
    # Again: nothing changes, nobody is told twice.
    credit_request_approve(credit=credit, by=case.instructor, outcomes=outcomes[:1])
    credit.refresh_from_db()
    assert credit.required_outcomes == case.course.learning_outcomes
    assert len(_told(case.student)) == 1


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
    [notice] = _told(case.student, "declined")
    assert "not consulting" in notice.body
    assert not _told(case.employer)
    with pytest.raises(ValidationError):
        credit_request_approve(credit=credit, by=case.instructor, outcomes=case.course.learning_outcomes)


# --- Signing off -------------------------------------------------------------------------------------------


def test_sign_off_waits_for_completion_evaluation_and_reflection(credit_case):
    case = credit_case
    credit = case.request(approved=True)
    with pytest.raises(ValidationError) as error:
        credit_sign_off(credit=credit, by=case.instructor, result=CreditResult.PASS)
    assert len(error.value.messages) == 3
    _complete(case, credit, reflection=False)
    with pytest.raises(ValidationError) as error:
        credit_sign_off(credit=credit, by=case.instructor, result=CreditResult.PASS)
    assert error.value.messages == ["The student has not written the reflection yet."]


def test_sign_off_refuses_requested_credit(credit_case):
    credit = credit_case.request()
    _complete(credit_case, credit)
    with pytest.raises(ValidationError, match="Only approved"):
        credit_sign_off(credit=credit, by=credit_case.instructor, result=CreditResult.PASS)


def test_a_grade_is_required_and_short(credit_case):
    case = credit_case
    credit = case.request(approved=True)
    _complete(case, credit)
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
    _complete(case, credit)
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
    [notice] = _told(case.student, "signed-off")
    assert "A-" in notice.title
    with pytest.raises(ValidationError, match="final"):
        credit_sign_off(credit=credit, by=case.instructor, result=CreditResult.FAIL)
    with pytest.raises(ValidationError, match="final"):
        credit_request_decline(credit=credit, by=case.instructor, reason="Changed my mind")


def test_a_pass_keeps_no_grade(credit_case):
    credit = credit_case.request(approved=True)
    _complete(credit_case, credit)
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
    _complete(case, ready)
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


# --- Pages: who reaches what -------------------------------------------------------------------------------

RECORD = {
    "anonymous": 302,
    "student": 200,
    "instructor": 200,
    "unconfirmed_instructor": 404,
    "faculty_other_course": 404,
    "faculty_elsewhere": 404,
    "classmate": 404,
    "employer": 200,
    "other_employer": 404,
    "career_staff": 404,
}
FACULTY_ONLY = {
    **dict.fromkeys(RECORD, 404),
    "anonymous": 302,
    "instructor": 200,
    "unconfirmed_instructor": 403,
}
STUDENT_ONLY = {**dict.fromkeys(RECORD, 404), "anonymous": 302, "student": 200}


@pytest.mark.parametrize("visitor", list(RECORD))
def test_who_reaches_each_credit_page(client, credit_case, visitor):
    credit = credit_case.request(approved=True)
    user = credit_case.visitors()[visitor]
    if user is not None:
        client.force_login(user)
    pages = {
        reverse("courses:credit_detail", args=[credit.public_id]): RECORD,
        reverse("courses:credit_decide", args=[credit.public_id]): FACULTY_ONLY,
        reverse("courses:credit_sign_off", args=[credit.public_id]): FACULTY_ONLY,
        reverse("courses:credit_request", args=[credit_case.engagement.public_id]): {
            **STUDENT_ONLY,
            "student": 302,  # already asked: to the record
        },
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == expected[visitor], url
        if visitor != "instructor" and expected[visitor] != 200:
            assert client.post(url, {"action": "approve"}).status_code == expected[visitor], url


def test_the_employer_sees_that_the_work_counts_but_not_the_faculty_reasons(client, credit_case):
    case = credit_case
    credit = case.request(approved=True, student_note="Private note to my professor")
    _complete(case, credit)
    client.force_login(case.employer)
    html = client.get(reverse("courses:credit_detail", args=[credit.public_id])).content.decode()
    assert case.course.code in html and "Approved" in html and "Proficient" in html
    assert "Private note" not in html and "outcomes the work must show" not in html.lower()
    assert "I scoped the client" not in html  # the reflection is the student's and the faculty's
    client.force_login(case.student)
    html = client.get(reverse("courses:credit_detail", args=[credit.public_id])).content.decode()
    assert "Private note" in html and "I scoped the client" in html and "Scope a client problem" in html


def test_a_student_asks_from_the_engagement_page(client, credit_case):
    case = credit_case
    client.force_login(case.student)
    engagement_url = reverse("engagements:detail", args=[case.engagement.public_id])
    html = client.get(engagement_url).content.decode()
    assert "Academic credit" in html and "Ask for credit" in html
    url = reverse("courses:credit_request", args=[case.engagement.public_id])
    page = client.get(url)
    assert page.status_code == 200 and "BUS 301" in page.content.decode()
    bad = client.post(url, {"course": "not-a-course", "note": ""})
    assert bad.status_code == 400 and bad.context["form"].errors["course"]
    response = client.post(url, {"course": str(case.course.public_id), "note": "Counts for BUS 301"})
    credit = CreditRequest.objects.get(engagement=case.engagement)
    assert response.status_code == 302 and response["Location"] == reverse(
        "courses:credit_detail", args=[credit.public_id]
    )
    html = client.get(engagement_url).content.decode()
    assert "Waiting for the faculty" in html and "Ask for credit" not in html


def test_a_student_in_no_fitting_course_is_told_why(client, credit_case):
    case = credit_case
    case.course.enrolments.filter(student=case.engagement.student).delete()
    client.force_login(case.student)
    html = client.get(reverse("engagements:detail", args=[case.engagement.public_id])).content.decode()
    assert "Ask for credit" not in html
    page = client.get(reverse("courses:credit_request", args=[case.engagement.public_id]))
    assert page.status_code == 200 and "You are in no course" in page.content.decode()
    response = client.post(
        reverse("courses:credit_request", args=[case.engagement.public_id]),
        {"course": str(case.course.public_id)},
    )
    assert response.status_code == 400 and not CreditRequest.objects.exists()


def test_the_employer_panel_shows_the_status_once_asked(client, credit_case):
    case = credit_case
    client.force_login(case.employer)
    url = reverse("engagements:detail", args=[case.engagement.public_id])
    assert "Academic credit" not in client.get(url).content.decode()
    case.request(approved=True)
    html = client.get(url).content.decode()
    assert "counts for academic credit" in html and "BUS 301" in html and "Approved" in html


def test_the_employer_panel_hides_a_declined_request(client, credit_case):
    case = credit_case
    case.request(status=CreditStatus.DECLINED, decline_reason="Secret reason")
    client.force_login(case.employer)
    html = client.get(reverse("engagements:detail", args=[case.engagement.public_id])).content.decode()
    assert "Academic credit" not in html and "Secret reason" not in html


def test_faculty_approve_and_decline_through_the_page(client, credit_case):
    case = credit_case
    credit = case.request()
    url = reverse("courses:credit_decide", args=[credit.public_id])
    client.force_login(case.instructor)
    page = client.get(url).content.decode()
    assert "Scope a client problem" in page and 'type="checkbox"' in page
    assert client.post(url, {"action": "approve"}).status_code == 400
    assert client.post(url, {"action": "decline", "reason": ""}).status_code == 400
    assert client.post(url, {}).status_code == 400
    response = client.post(url, {"action": "approve", "outcomes": ["Present findings"]})
    assert response.status_code == 302
    credit.refresh_from_db()
    assert credit.status == CreditStatus.APPROVED and credit.required_outcomes == ["Present findings"]
    response = client.post(url, {"action": "decline", "reason": "The work was cancelled."})
    credit.refresh_from_db()
    assert response.status_code == 302 and credit.status == CreditStatus.DECLINED


def test_faculty_sign_off_through_the_page(client, credit_case):
    case = credit_case
    credit = case.request(approved=True)
    url = reverse("courses:credit_sign_off", args=[credit.public_id])
    client.force_login(case.instructor)
    assert "The work is not completed yet." in client.get(url).content.decode()
    assert client.post(url, {"result": "pass"}).status_code == 400
    _complete(case, credit)
    assert 'name="result"' in client.get(url).content.decode()
    response = client.post(url, {"result": "grade", "grade": ""})
    assert response.status_code == 400 and "Give the grade." in response.content.decode()
    response = client.post(url, {"result": "grade", "grade": "8.5", "note": "Solid work"})
    assert response.status_code == 302
    credit.refresh_from_db()
    assert credit.status == CreditStatus.SIGNED_OFF and credit.grade == "8.5"
    html = client.get(reverse("courses:credit_detail", args=[credit.public_id])).content.decode()
    assert "Grade 8.5" in html and "Solid work" in html
    assert client.get(url).status_code == 302  # already signed off


def test_the_course_pages_show_credit(client, credit_case):
    case = credit_case
    credit = case.request()
    client.force_login(case.instructor)
    html = client.get(reverse("courses:detail", args=[case.course.public_id])).content.decode()
    assert "Waiting for your decision (1)" in html
    assert reverse("courses:credit_decide", args=[credit.public_id]) in html
    client.force_login(case.student)
    html = client.get(reverse("courses:student_course", args=[case.course.public_id])).content.decode()
    assert (
        reverse("courses:credit_detail", args=[credit.public_id]) in html
        and "Waiting for the faculty" in html
    )


def test_the_faculty_course_page_runs_the_same_queries_for_1_and_20_requests(
    client, credit_case, django_assert_num_queries
):
    case = credit_case
    case.request(approved=True)
    client.force_login(case.instructor)
    url = reverse("courses:detail", args=[case.course.public_id])
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    for _ in range(6):
        CreditRequestFactory(course=case.course)
        done = CreditRequestFactory(course=case.course, approved=True)
        CompetencyEvaluationFactory(credit_request=done)
        ReflectionFactory(credit_request=done)
        CreditRequestFactory(
            course=case.course, status=CreditStatus.SIGNED_OFF, result="pass", signed_off_at=timezone.now()
        )
    with django_assert_num_queries(len(first)):
        assert client.get(url).status_code == 200


def test_the_record_page_runs_constant_queries(client, credit_case, django_assert_max_num_queries):
    case = credit_case
    credit = case.request(approved=True)
    _complete(case, credit)
    client.force_login(case.instructor)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("courses:credit_detail", args=[credit.public_id])).status_code == 200


def test_a_student_without_a_live_request_gets_another_engagements_form_only_for_their_own(
    client, credit_case
):
    other = EngagementFactory()
    client.force_login(credit_case.student)
    assert client.get(reverse("courses:credit_request", args=[other.public_id])).status_code == 404
