"""The academic credit API: every endpoint for every kind of caller, the field errors, what an employer may
read, and the list's query budget."""

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from courses.factories import CompetencyEvaluationFactory, CreditRequestFactory, ReflectionFactory
from courses.models import CreditRequest, CreditStatus
from courses.tests.credit_world import CreditWorld, make_credit_world
from engagements.models import EngagementStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def credit_api_case(north_course, prof_north, prof_waiting, prof_south) -> CreditWorld:
    return make_credit_world(
        north_course=north_course, prof_north=prof_north, prof_waiting=prof_waiting, prof_south=prof_south
    )


def _as(case: CreditWorld, who: str) -> APIClient:
    client = APIClient()
    user = case.visitors()[who]
    if user is not None:
        client.force_authenticate(user)
    return client


def _complete(case: CreditWorld, credit: CreditRequest) -> None:
    case.engagement.status = EngagementStatus.COMPLETED
    case.engagement.completed_at = timezone.now()
    case.engagement.save()
    CompetencyEvaluationFactory(credit_request=credit, evaluator=case.employer)
    ReflectionFactory(credit_request=credit)


CALLERS = [
    "anonymous",
    "student",
    "instructor",
    "unconfirmed_instructor",
    "faculty_other_course",
    "faculty_elsewhere",
    "classmate",
    "employer",
    "other_employer",
    "career_staff",
]
LIST = {
    "anonymous": 401,
    "student": 200,
    "instructor": 200,
    "unconfirmed_instructor": 403,
    "faculty_other_course": 200,
    "faculty_elsewhere": 200,
    "classmate": 200,
    "employer": 403,
    "other_employer": 403,
    "career_staff": 403,
}
RETRIEVE = {
    "anonymous": 401,
    "student": 200,
    "instructor": 200,
    "unconfirmed_instructor": 403,
    "faculty_other_course": 404,
    "faculty_elsewhere": 404,
    "classmate": 404,
    "employer": 200,
    "other_employer": 404,
    "career_staff": 403,
}
DECIDE = {
    "anonymous": 401,
    "student": 403,
    "instructor": 200,
    "unconfirmed_instructor": 403,
    "faculty_other_course": 404,
    "faculty_elsewhere": 404,
    "classmate": 403,
    "employer": 403,
    "other_employer": 403,
    "career_staff": 403,
}
CREATE = {
    "anonymous": 401,
    "student": 201,
    "instructor": 403,
    "unconfirmed_instructor": 403,
    "faculty_other_course": 403,
    "faculty_elsewhere": 403,
    "classmate": 404,  # not their engagement
    "employer": 403,
    "other_employer": 403,
    "career_staff": 403,
}


@pytest.mark.parametrize("caller", CALLERS)
def test_who_lists_and_what_they_see(credit_api_case, caller):
    case = credit_api_case
    credit = case.request()
    CreditRequestFactory()  # someone else's, in another course
    response = _as(case, caller).get(reverse("api-credit-requests"))
    assert response.status_code == LIST[caller]
    if response.status_code == 200:
        ids = [row["public_id"] for row in response.json()["results"]]
        assert ids == ([str(credit.public_id)] if caller in ("student", "instructor") else [])


@pytest.mark.parametrize("caller", CALLERS)
def test_who_reads_one(credit_api_case, caller):
    case = credit_api_case
    credit = case.request(approved=True, student_note="For my professor")
    response = _as(case, caller).get(reverse("api-credit-request", args=[credit.public_id]))
    assert response.status_code == RETRIEVE[caller]
    if response.status_code == 200:
        body = response.json()
        assert body["status"] == "approved" and body["course"]["code"] == "BUS 301"
        private = caller == "employer"
        assert (body["student_note"] == "") is private
        assert (body["required_outcomes"] == []) is private


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("action", ["approve", "decline", "sign-off"])
def test_who_decides(credit_api_case, caller, action):
    case = credit_api_case
    credit = case.request(approved=action == "sign-off")
    if action == "sign-off":
        _complete(case, credit)
    body = {
        "approve": {"outcomes": ["Present findings"]},
        "decline": {"reason": "Not this course."},
        "sign-off": {"result": "pass", "note": "Well done"},
    }[action]
    response = _as(case, caller).post(
        reverse(f"api-credit-request-{action}", args=[credit.public_id]), body, format="json"
    )
    assert response.status_code == DECIDE[caller]
    credit.refresh_from_db()
    expected = {"approve": "approved", "decline": "declined", "sign-off": "signed_off"}[action]
    if response.status_code == 200:
        assert response.json()["status"] == expected == credit.status
    else:
        assert credit.status != expected


@pytest.mark.parametrize("caller", CALLERS)
def test_who_asks(credit_api_case, caller):
    case = credit_api_case
    response = _as(case, caller).post(
        reverse("api-credit-requests"),
        {
            "engagement": str(case.engagement.public_id),
            "course": str(case.course.public_id),
            "note": "Please",
        },
        format="json",
    )
    assert response.status_code == CREATE[caller]
    assert CreditRequest.objects.exists() is (caller == "student")


def test_asking_refusals_are_field_errors(credit_api_case):
    case = credit_api_case
    client = _as(case, "student")
    url = reverse("api-credit-requests")
    other_course = CreditRequestFactory().course
    response = client.post(
        url,
        {"engagement": str(case.engagement.public_id), "course": str(other_course.public_id)},
        format="json",
    )
    assert response.status_code == 400 and "course" in str(response.json())
    assert client.post(url, {"engagement": "nope"}, format="json").status_code == 400
    body = {"engagement": str(case.engagement.public_id), "course": str(case.course.public_id)}
    assert client.post(url, body, format="json").status_code == 201
    response = client.post(url, body, format="json")
    assert response.status_code == 400 and "already" in str(response.json())


def test_deciding_refusals_are_field_errors(credit_api_case):
    case = credit_api_case
    credit = case.request()
    client = _as(case, "instructor")
    response = client.post(
        reverse("api-credit-request-approve", args=[credit.public_id]), {"outcomes": []}, format="json"
    )
    assert response.status_code == 400 and "outcomes" in str(response.json())
    response = client.post(reverse("api-credit-request-decline", args=[credit.public_id]), {}, format="json")
    assert response.status_code == 400 and "reason" in str(response.json())
    response = client.post(
        reverse("api-credit-request-sign-off", args=[credit.public_id]), {"result": "pass"}, format="json"
    )
    assert response.status_code == 400
    credit.status = CreditStatus.APPROVED
    credit.save()
    _complete(case, credit)
    response = client.post(
        reverse("api-credit-request-sign-off", args=[credit.public_id]), {"result": "grade"}, format="json"
    )
    assert response.status_code == 400 and "grade" in str(response.json())


def test_the_list_filters_by_course_and_status(credit_api_case):
    case = credit_api_case
    credit = case.request()
    client = _as(case, "instructor")
    url = reverse("api-credit-requests")
    assert client.get(url, {"status": "approved"}).json()["results"] == []
    assert (
        len(client.get(url, {"status": "requested", "course": str(case.course.public_id)}).json()["results"])
        == 1
    )
    assert client.get(url, {"status": "nonsense"}).status_code == 400
    assert client.get(url, {"course": "nope"}).status_code == 400
    assert credit.public_id


def test_the_list_runs_constant_queries(credit_api_case, django_assert_max_num_queries):
    case = credit_api_case
    client = _as(case, "instructor")
    url = reverse("api-credit-requests")
    CreditRequestFactory(course=case.course)
    with django_assert_max_num_queries(8) as first:
        assert client.get(url).status_code == 200
    for _ in range(10):
        credit = CreditRequestFactory(course=case.course, approved=True)
        CompetencyEvaluationFactory(credit_request=credit)
        ReflectionFactory(credit_request=credit)
    with django_assert_max_num_queries(len(first)):
        response = client.get(url)
    assert response.json()["count"] == 11
