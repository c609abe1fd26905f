"""The credit records' CSV and PDF through the API: the same files as the course page's downloads, for the
same people (the course's confirmed instructors; 404 for everyone else signed in, as on the pages), the
status filter, the audit trail, a fixed number of queries, and what the schema says of them."""

import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from accounts.services import api_token_create
from courses.factories import (
    CompetencyEvaluationFactory,
    CreditRequestFactory,
    FacultyProfileFactory,
    ReflectionFactory,
)
from courses.models import CreditRequest, CreditResult, CreditStatus
from courses.tests.credit_world import CreditWorld, make_credit_world
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus, HoursLog
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

FORMATS = {"csv": ("text/csv; charset=utf-8", "attachment"), "pdf": ("application/pdf", "inline")}
# What each caller gets from the API; the page answers the same, but sends the anonymous to log in (302).
ANSWERS = {
    "anonymous": 401,
    "instructor": 200,
    "unconfirmed_instructor": 403,
    "student": 404,
    "classmate": 404,
    "faculty_other_course": 404,
    "faculty_elsewhere": 404,
    "employer": 404,
    "other_employer": 404,
    "career_staff": 404,
    "career_staff_of_the_course": 404,
}


def _sign_off(credit: CreditRequest, by) -> CreditRequest:
    """`credit` completed, evaluated, reflected on, with hours logged, and signed off with a grade by `by`."""
    engagement = credit.engagement
    engagement.status = EngagementStatus.COMPLETED
    engagement.completed_at = timezone.now()
    engagement.save()
    HoursLog.objects.create(engagement=engagement, date=timezone.localdate(), hours=Decimal("4.5"))
    CompetencyEvaluationFactory(credit_request=credit, overall_comment='=HYPERLINK("http://x.example")')
    ReflectionFactory(credit_request=credit, summary="I interviewed five <b>shop</b> owners & more.")
    credit.status = CreditStatus.SIGNED_OFF
    credit.result = CreditResult.GRADE
    credit.grade = "A-"
    credit.sign_off_note = "Excellent client work."
    credit.signed_off_by = by
    credit.signed_off_at = timezone.now()
    credit.save()
    return credit


@pytest.fixture
def exports_api_case(north_course, prof_north, prof_waiting, prof_south) -> CreditWorld:
    """The credit world with the engagement's student's credit signed off, and a classmate's approved."""
    case = make_credit_world(
        north_course=north_course, prof_north=prof_north, prof_waiting=prof_waiting, prof_south=prof_south
    )
    _sign_off(case.request(approved=True), prof_north.user)
    classmate = case.classmate.student_profile
    CreditRequestFactory(
        course=case.course, engagement=EngagementFactory(application__student=classmate), approved=True
    )
    return case


def _caller(case: CreditWorld, who: str, carol):
    return carol if who == "career_staff_of_the_course" else case.visitors()[who]


def _api(user=None) -> APIClient:
    """A client authenticated as an integration is: with a personal token only."""
    client = APIClient()
    if user is not None:
        _token, raw = api_token_create(user=user, name="exports")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client


def _api_url(course, file_format: str) -> str:
    return reverse(f"api-course-credit-{file_format}", args=[course.public_id])


def _page_url(course, file_format: str) -> str:
    return reverse(f"courses:credit_export_{file_format}", args=[course.public_id])


def _pdf_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


@pytest.mark.parametrize("file_format", list(FORMATS))
@pytest.mark.parametrize("who", list(ANSWERS))
def test_the_api_answers_each_caller_as_the_page_does(client, exports_api_case, carol, who, file_format):
    user = _caller(exports_api_case, who, carol)
    response = _api(user).get(_api_url(exports_api_case.course, file_format))

    assert response.status_code == ANSWERS[who]
    if ANSWERS[who] == 200:
        media_type, disposition = FORMATS[file_format]
        assert response["Content-Type"] == media_type
        assert response["Content-Disposition"].startswith(f"{disposition}; filename=")
    else:
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) == {"type", "detail", "errors"}
        assert exports_api_case.student.email.encode() not in response.content
    if user is not None:
        client.force_login(user)
    page = client.get(_page_url(exports_api_case.course, file_format))
    assert page.status_code == (302 if who == "anonymous" else ANSWERS[who])


@pytest.mark.parametrize("status", [None, CreditStatus.SIGNED_OFF, CreditStatus.APPROVED])
def test_the_csv_is_the_pages_csv(client, exports_api_case, status):
    query = {"status": status} if status else {}
    client.force_login(exports_api_case.instructor)
    page = client.get(_page_url(exports_api_case.course, "csv"), query)
    response = _api(exports_api_case.instructor).get(_api_url(exports_api_case.course, "csv"), query)

    assert response.status_code == page.status_code == 200
    assert response.content == page.content
    assert len(response.content.decode().splitlines()) == (3 if status is None else 2)
    for header in ("Content-Type", "Content-Disposition", "Cache-Control"):
        assert response[header] == page[header], header
    assert response["Content-Disposition"].startswith("attachment; filename=")
    if status != CreditStatus.APPROVED:  # the formula-safe cell of the shared code
        assert "'=HYPERLINK" in response.content.decode()


def test_the_pdf_is_the_pages_pdf(client, exports_api_case):
    client.force_login(exports_api_case.instructor)
    page = client.get(_page_url(exports_api_case.course, "pdf"))
    # A client asking for the file's own type gets it (not a 406 from the JSON renderers).
    response = _api(exports_api_case.instructor).get(
        _api_url(exports_api_case.course, "pdf"), HTTP_ACCEPT="application/pdf"
    )

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == page["Content-Disposition"]
    assert response["Content-Disposition"].startswith("inline; filename=")
    text = _pdf_text(response.content)
    assert text == _pdf_text(page.content)
    assert len(text) >= 2  # a page per student
    whole = "\n".join(text)
    assert exports_api_case.student.get_full_name() in whole
    assert exports_api_case.classmate.get_full_name() in whole
    assert "I interviewed five <b>shop</b> owners & more." in whole


@pytest.mark.parametrize("file_format", list(FORMATS))
def test_a_co_instructor_downloads_too(exports_api_case, north, file_format):
    colleague = FacultyProfileFactory(university=north)
    exports_api_case.course.instructors.add(colleague)
    response = _api(colleague.user).get(_api_url(exports_api_case.course, file_format))
    assert response.status_code == 200
    assert response["Content-Type"] == FORMATS[file_format][0]


@pytest.mark.parametrize("file_format", list(FORMATS))
@pytest.mark.parametrize("query", ["nonsense", ""])
def test_an_unknown_or_empty_status_is_a_field_error(exports_api_case, file_format, query):
    response = _api(exports_api_case.instructor).get(
        _api_url(exports_api_case.course, file_format), {"status": query}
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["status"]


def test_an_outsiders_bad_status_is_still_a_404(exports_api_case):
    response = _api(exports_api_case.faculty_elsewhere).get(
        _api_url(exports_api_case.course, "csv"), {"status": "nonsense"}
    )
    assert response.status_code == 404


def test_a_course_that_does_not_exist_is_a_404(exports_api_case):
    url = reverse("api-course-credit-csv", args=["00000000-0000-4000-8000-000000000000"])
    assert _api(exports_api_case.instructor).get(url).status_code == 404


@pytest.mark.parametrize("file_format", list(FORMATS))
def test_each_api_download_is_in_the_audit_trail(exports_api_case, file_format):
    _api(exports_api_case.instructor).get(_api_url(exports_api_case.course, file_format))
    entry = LogEntry.objects.filter(actor=exports_api_case.instructor).latest("timestamp")
    assert f"{file_format.upper()} export of the credit records of BUS 301" in entry.object_repr
    assert entry.additional_data["rows"] == 2


# The token, the caller's faculty profile, the course and its skills, the records and their ratings, the
# audit trail entry; the first call also stamps the token's last use and reads the content type.
EXPORT_QUERIES = 7


@pytest.mark.parametrize("file_format", list(FORMATS))
def test_the_queries_do_not_grow_with_the_class(exports_api_case, django_assert_num_queries, file_format):
    api = _api(exports_api_case.instructor)
    url = _api_url(exports_api_case.course, file_format)
    assert api.get(url).status_code == 200
    with django_assert_num_queries(EXPORT_QUERIES, info="with 2 records"):
        assert api.get(url).status_code == 200
    for _ in range(20):
        student = StudentProfileFactory(university=exports_api_case.course.university)
        credit = CreditRequestFactory(
            course=exports_api_case.course,
            engagement=EngagementFactory(application__student=student),
            approved=True,
        )
        _sign_off(credit, exports_api_case.instructor)
    with django_assert_num_queries(EXPORT_QUERIES, info="with 22 records"):
        assert api.get(url).status_code == 200
    entry = LogEntry.objects.filter(actor=exports_api_case.instructor).latest("timestamp")
    assert entry.additional_data["rows"] == 22


@pytest.mark.parametrize(("file_format", "media_type"), [("csv", "text/csv"), ("pdf", "application/pdf")])
def test_the_schema_documents_the_files_by_media_type(api, file_format, media_type):
    schema = api.get(reverse("api-schema"), {"format": "json"}).json()
    operation = schema["paths"][f"/api/v1/courses/{{public_id}}/credit.{file_format}"]["get"]
    assert operation["operationId"] == f"courses_credit_export_{file_format}"
    assert operation["tags"] == ["academic credit"]
    assert operation["responses"]["200"]["content"] == {
        media_type: {"schema": {"type": "string", "format": "binary"}}
    }
    for code in ("400", "401", "403", "404"):
        assert list(operation["responses"][code]["content"]) == ["application/json"], code
    status = next(p for p in operation["parameters"] if p["name"] == "status")
    assert status["in"] == "query" and not status.get("required", False)
    assert set(status["schema"]["enum"]) == set(CreditStatus.values)
