"""Academic credit through the pages: who reaches each credit page, what the employer may and may not
see, asking from the engagement page, deciding and signing off through the forms (errors re-rendered),
the course pages' credit sections and their query budgets.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.factories import CompetencyEvaluationFactory, CreditRequestFactory, ReflectionFactory
from courses.models import CreditRequest, CreditStatus
from courses.tests.credit_world import complete
from engagements.factories import EngagementFactory

pytestmark = pytest.mark.django_db


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
    complete(case, credit)
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
    complete(case, credit)
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
    complete(case, credit)
    client.force_login(case.instructor)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("courses:credit_detail", args=[credit.public_id])).status_code == 200


def test_a_student_without_a_live_request_gets_another_engagements_form_only_for_their_own(
    client, credit_case
):
    other = EngagementFactory()
    client.force_login(credit_case.student)
    assert client.get(reverse("courses:credit_request", args=[other.public_id])).status_code == 404
