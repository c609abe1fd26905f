"""A course's credit records as CSV and as a printable PDF: what they hold, who may download them, the
status filter, formula-safe cells, escaped PDF text, and a fixed number of queries."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.factories import UserFactory
from courses.factories import (
    CompetencyEvaluationFactory,
    CourseFactory,
    CreditRequestFactory,
    EnrolmentFactory,
    FacultyProfileFactory,
    ReflectionFactory,
)
from courses.models import CompetencyRating, CreditResult, CreditStatus, RubricLevel
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus, HoursLog
from projects.factories import SkillFactory
from students.factories import StudentProfileFactory

pytestmark = pytest.mark.django_db

INJECTED = '=HYPERLINK("http://evil.example","click")'


def _student(university, name: str, email: str):
    return StudentProfileFactory(
        user=UserFactory(student=True, email=email, full_name=name), university=university
    )


def _credit(course, student, **kwargs):
    """An approved credit request of `student` in `course` for a completed engagement."""
    engagement = EngagementFactory(
        application__student=student,
        status=EngagementStatus.COMPLETED,
        completed_at=timezone.now() - dt.timedelta(days=5),
    )
    return CreditRequestFactory(course=course, engagement=engagement, approved=True, **kwargs)


def _sign_off(credit, by, *, result=CreditResult.GRADE, grade="A-", note="Excellent client work."):
    credit.status = CreditStatus.SIGNED_OFF
    credit.result = result
    credit.grade = grade
    credit.sign_off_note = note
    credit.signed_off_by = by
    credit.signed_off_at = timezone.now()
    credit.save()
    return credit


@pytest.fixture
def export_course(north_course, prof_north, north):
    """BUS 301 with two records: Ella's signed off (A-, rated, reflected, 7.5 hours logged, a comment
    that tries to run as a formula and markup) and Omar's approved with nothing in yet."""
    ella = _student(north, "Ella Enrolled", "ella@north.edu")
    credit = _credit(north_course, ella)
    HoursLog.objects.create(engagement=credit.engagement, date=timezone.localdate(), hours=Decimal("5"))
    HoursLog.objects.create(engagement=credit.engagement, date=timezone.localdate(), hours=Decimal("2.5"))
    evaluation = CompetencyEvaluationFactory(credit_request=credit, overall_comment=INJECTED)
    CompetencyRating.objects.create(
        evaluation=evaluation,
        skill=SkillFactory(name="Market sizing"),
        level=RubricLevel.EXEMPLARY,
        comment="Sized it <b>well</b> & fast",
    )
    ReflectionFactory(credit_request=credit, summary="I interviewed five shop owners.")
    _sign_off(credit, prof_north.user)
    _credit(north_course, _student(north, "Omar Ongoing", "omar@north.edu"))
    return north_course


def _csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def _pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_csv_has_a_row_per_request_with_the_whole_record(client, export_course, prof_north):
    client.force_login(prof_north.user)
    response = client.get(reverse("courses:credit_export_csv", args=[export_course.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    ella, omar = _csv_rows(response)
    assert (ella["Student"], ella["Email"]) == ("Ella Enrolled", "ella@north.edu")
    assert ella["Hours logged"] == "7.50"
    assert ella["Status"] == "Signed off"
    assert ella["Required outcomes"] == "Scope a client problem; Present findings"
    assert ella["Communication"] == ella["Time management"] == "Proficient (3/4)"
    assert ella["Skills"] == "Market sizing: Exemplary (4/4)"
    assert ella["Reflection submitted"] == f"yes, {timezone.localdate().isoformat()}"
    assert (ella["Result"], ella["Grade"], ella["Note"]) == ("Grade", "A-", "Excellent client work.")
    assert ella["Signed off by"] == "Nora North"
    assert ella["Completed"] and ella["Started"] and ella["Employer"] and ella["Project"]
    assert (omar["Student"], omar["Status"]) == ("Omar Ongoing", "Approved")
    assert (omar["Communication"], omar["Reflection submitted"], omar["Grade"]) == ("", "no", "")


def test_cells_people_typed_never_run_as_formulas(client, export_course, prof_north):
    client.force_login(prof_north.user)
    response = client.get(reverse("courses:credit_export_csv", args=[export_course.public_id]))
    assert _csv_rows(response)[0]["Overall comment"] == "'" + INJECTED


def test_the_status_filter_keeps_the_signed_off_records_only(client, export_course, prof_north):
    client.force_login(prof_north.user)
    url = reverse("courses:credit_export_csv", args=[export_course.public_id])
    rows = _csv_rows(client.get(url, {"status": "signed_off"}))
    assert [row["Student"] for row in rows] == ["Ella Enrolled"]
    assert client.get(url, {"status": "nonsense"}).status_code == 400


def test_the_pdf_has_a_page_per_student_with_the_decision(client, export_course, prof_north):
    client.force_login(prof_north.user)
    response = client.get(reverse("courses:credit_export_pdf", args=[export_course.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 2
    first, last = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    assert "Ella Enrolled" in first and "Omar Ongoing" not in first
    assert "Omar Ongoing" in last
    text = _pdf_text(response)
    for expected in (
        "BUS 301",
        "Consulting practicum",
        "A-",
        "Excellent client work.",
        "Nora North",
        "Market sizing",
        "Exemplary",
        "I interviewed five shop owners.",
        "Instructor's signature",
    ):
        assert expected in text, expected
    # Markup people typed is printed as written, not interpreted (nor dropped) by reportlab.
    assert "Sized it <b>well</b> & fast" in text


def test_the_pdf_of_signed_off_records_only(client, export_course, prof_north):
    client.force_login(prof_north.user)
    response = client.get(
        reverse("courses:credit_export_pdf", args=[export_course.public_id]), {"status": "signed_off"}
    )
    text = _pdf_text(response)
    assert "Ella Enrolled" in text and "Omar Ongoing" not in text


def test_accented_names_print_as_written(client, north_course, prof_north, north):
    _credit(north_course, _student(north, "Łukasz Ğül Østergård", "lukasz@north.edu"))
    client.force_login(prof_north.user)
    response = client.get(reverse("courses:credit_export_pdf", args=[north_course.public_id]))
    assert "Łukasz Ğül Østergård" in _pdf_text(response)


def test_an_empty_course_gives_a_pdf_saying_so(client, north_course, prof_north):
    client.force_login(prof_north.user)
    response = client.get(reverse("courses:credit_export_pdf", args=[north_course.public_id]))
    assert response.content.startswith(b"%PDF")
    assert "No credit record matches." in _pdf_text(response)


def test_each_download_is_recorded_in_the_audit_trail(client, export_course, prof_north):
    client.force_login(prof_north.user)
    client.get(reverse("courses:credit_export_csv", args=[export_course.public_id]))
    entry = LogEntry.objects.filter(actor=prof_north.user).latest("timestamp")
    assert "CSV export of the credit records of BUS 301" in entry.object_repr
    assert entry.additional_data["rows"] == 2


@pytest.mark.parametrize("name", ["credit_export_csv", "credit_export_pdf"])
def test_a_co_instructor_may_download(client, export_course, north, name):
    colleague = FacultyProfileFactory(university=north)
    export_course.instructors.add(colleague)
    client.force_login(colleague.user)
    assert client.get(reverse(f"courses:{name}", args=[export_course.public_id])).status_code == 200


@pytest.mark.parametrize("name", ["credit_export_csv", "credit_export_pdf"])
def test_the_anonymous_are_sent_to_log_in(client, export_course, name):
    response = client.get(reverse(f"courses:{name}", args=[export_course.public_id]))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("name", ["credit_export_csv", "credit_export_pdf"])
@pytest.mark.parametrize("who", ["enrolled_student", "other_student", "employer", "other_faculty", "south"])
def test_everyone_else_gets_a_404(client, export_course, prof_south, north, name, who):
    users = {
        "enrolled_student": lambda: export_course.credit_requests.first().student.user,
        "other_student": lambda: _student(north, "Not Enrolled", "ne@north.edu").user,
        "employer": lambda: (
            EmployerMemberFactory(employer=export_course.credit_requests.first().engagement.employer).user
        ),
        "other_faculty": lambda: (
            CourseFactory(created_by=FacultyProfileFactory(university=north)).created_by.user
        ),
        "south": lambda: prof_south.user,
    }
    client.force_login(users[who]())
    response = client.get(reverse(f"courses:{name}", args=[export_course.public_id]))
    assert response.status_code == 404
    assert b"Ella" not in response.content


def test_faculty_awaiting_confirmation_see_the_waiting_page(client, export_course, prof_waiting):
    export_course.instructors.add(prof_waiting)
    client.force_login(prof_waiting.user)
    response = client.get(reverse("courses:credit_export_csv", args=[export_course.public_id]))
    assert response.status_code == 403
    assert b"Ella" not in response.content


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["credit_export_csv", "credit_export_pdf"])
def test_the_queries_do_not_grow_with_the_class(client, export_course, prof_north, north, name):
    client.force_login(prof_north.user)
    url = reverse(f"courses:{name}", args=[export_course.public_id])
    small = _count(client, url)
    for i in range(6):
        credit = _credit(export_course, _student(north, f"Student {i}", f"s{i}@north.edu"))
        CompetencyEvaluationFactory(credit_request=credit)
        ReflectionFactory(credit_request=credit)
        HoursLog.objects.create(engagement=credit.engagement, date=timezone.localdate(), hours=Decimal("1"))
    assert _count(client, url) == small


def test_the_course_page_offers_both_downloads(client, north_course, prof_north):
    client.force_login(prof_north.user)
    body = client.get(reverse("courses:detail", args=[north_course.public_id])).content.decode()
    assert reverse("courses:credit_export_csv", args=[north_course.public_id]) in body
    assert reverse("courses:credit_export_pdf", args=[north_course.public_id]) in body
    assert '<label for="credit-export-status">' in body


def test_enrolment_alone_makes_no_record(client, north_course, prof_north, north):
    EnrolmentFactory(course=north_course, student=_student(north, "Just Enrolled", "je@north.edu"))
    client.force_login(prof_north.user)
    response = client.get(reverse("courses:credit_export_csv", args=[north_course.public_id]))
    assert _csv_rows(response) == []
