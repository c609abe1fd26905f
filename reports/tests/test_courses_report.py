"""The "Courses and credit" report: course-linked work and credit granted at the university's own courses, in
the spring 2026 term of `world.py`, never counting another university's courses (even where one of our
students is enrolled in them), at a fixed number of queries.

    North  BUS 1 (Jan 10-May 20)  s1 s2 s3 enrolled; P-data accepted (s1 completed, s2 active on it), P-draft
                                  only proposed; credit: s1 signed off grade A, s2 approved, s3 requested
           BUS 2 (Feb 1-Apr 30)   s1 s4 enrolled; P-design accepted (s4 active); credit: s4 declined,
                                  s1 signed off pass
           BUS 0 (autumn 2025)    s5 enrolled, P-old accepted, s5's credit signed off fail: not running
    South  SOU 1 (Jan 5-May 1)    s7 and North's s1 enrolled; P-south accepted (s7 completed); credit: s7 pass
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.factories import CourseFactory, CreditRequestFactory, EnrolmentFactory, FacultyProfileFactory
from courses.models import CourseProject, CourseProjectOrigin, CourseProjectStatus, CreditResult, CreditStatus
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from projects.factories import ProjectFactory
from projects.models import SkillCategory
from reports.filters import ReportFilters
from reports.selectors import courses_report
from reports.tests.world import END, START

pytestmark = pytest.mark.django_db

ANALYTICAL_OVERHEAD = 3  # the report's transaction: a savepoint here, its settings, the release
RANGE = {"start": START.isoformat(), "end": END.isoformat()}


def _course(university, code: str, start: dt.date, end: dt.date, students):
    course = CourseFactory(
        created_by=FacultyProfileFactory(university=university), code=code, term_start=start, term_end=end
    )
    for student in students:
        EnrolmentFactory(course=course, student=student)
    return course


def _linked(course, field: str, status: str = CourseProjectStatus.ACCEPTED):
    project = ProjectFactory(published=True, field=field)
    CourseProject.objects.create(
        course=course, project=project, origin=CourseProjectOrigin.ADOPTION, status=status
    )
    return project


def _engage(student, project=None, status=EngagementStatus.ACTIVE):
    extra = {"application__project": project} if project is not None else {}
    completed = {"completed_at": timezone.now()} if status == EngagementStatus.COMPLETED else {}
    return EngagementFactory(application__student=student, status=status, **extra, **completed)


def _credit(course, engagement, status=CreditStatus.APPROVED, result="", grade=""):
    signed = {}
    if status == CreditStatus.SIGNED_OFF:
        signed = {"result": result, "grade": grade, "signed_off_at": timezone.now()}
    return CreditRequestFactory(
        course=course, engagement=engagement, student=engagement.student, status=status, **signed
    )


@pytest.fixture
def course_world(world):
    s = world.students
    north, south = world.north, world.south
    bus1 = _course(north, "BUS 1", dt.date(2026, 1, 10), dt.date(2026, 5, 20), [s["s1"], s["s2"], s["s3"]])
    bus2 = _course(north, "BUS 2", dt.date(2026, 2, 1), dt.date(2026, 4, 30), [s["s1"], s["s4"]])
    bus0 = _course(north, "BUS 0", dt.date(2025, 9, 1), dt.date(2025, 12, 15), [s["s5"]])
    sou1 = _course(south, "SOU 1", dt.date(2026, 1, 5), dt.date(2026, 5, 1), [s["s7"], s["s1"]])

    data = _linked(bus1, SkillCategory.DATA)
    _linked(bus1, SkillCategory.DATA, status=CourseProjectStatus.PROPOSED)
    design = _linked(bus2, SkillCategory.DESIGN)
    old = _linked(bus0, SkillCategory.DATA)
    south_project = _linked(sou1, SkillCategory.DATA)

    s1_work = _engage(s["s1"], data, EngagementStatus.COMPLETED)
    s2_work = _engage(s["s2"], data)
    s4_work = _engage(s["s4"], design)
    _credit(bus1, s1_work, CreditStatus.SIGNED_OFF, CreditResult.GRADE, "A")
    _credit(bus1, s2_work)
    _credit(bus1, _engage(s["s3"]), CreditStatus.REQUESTED)
    _credit(bus2, s4_work, CreditStatus.DECLINED)
    _credit(bus2, _engage(s["s1"]), CreditStatus.SIGNED_OFF, CreditResult.PASS)
    _credit(
        bus0, _engage(s["s5"], old, EngagementStatus.COMPLETED), CreditStatus.SIGNED_OFF, CreditResult.FAIL
    )
    s7_work = _engage(s["s7"], south_project, EngagementStatus.COMPLETED)
    _credit(sou1, s7_work, CreditStatus.SIGNED_OFF, CreditResult.PASS)
    return world


def _statuses(report) -> dict[str, int]:
    return {row.value: row.count for row in report.credit_by_status}


def _results(report) -> dict[str, int]:
    return {row.value: row.count for row in report.signed_off_by_result}


def test_north_counts_its_running_courses_their_work_and_credit(course_world, north_filters):
    report = courses_report(university=course_world.north, filters=north_filters)
    assert (report.courses_running, report.students_enrolled) == (2, 4)
    assert (report.course_projects, report.engagements, report.engagements_completed) == (2, 3, 1)
    assert _statuses(report) == {"requested": 1, "approved": 1, "declined": 1, "signed_off": 2}
    assert _results(report) == {"pass": 1, "fail": 0, "grade": 1}
    assert [(row.label, row.count) for row in report.grades] == [("A", 1)]
    assert (report.credit_requests, report.signed_off, report.passed) == (5, 2, 2)
    summary = dict(report.tables()[0].rows)
    assert summary["Courses running"] == 2 and summary["Credit signed off"] == 2
    assert summary["Credit granted of signed off"] == "100.0%"


def test_another_universitys_courses_are_never_counted(course_world):
    """South's course enrols North's s1 too: South counts s1 in its course, North never counts South's."""
    south = courses_report(
        university=course_world.south,
        filters=ReportFilters(university=course_world.south, start=START, end=END),
    )
    assert (south.courses_running, south.students_enrolled, south.course_projects) == (1, 2, 1)
    assert (south.engagements, south.engagements_completed) == (1, 1)
    assert _statuses(south) == {"requested": 0, "approved": 0, "declined": 0, "signed_off": 1}
    assert _results(south) == {"pass": 1, "fail": 0, "grade": 0}


def test_site_staff_see_every_university_together(course_world):
    everyone = courses_report(university=None, filters=ReportFilters(university=None, start=START, end=END))
    assert (everyone.courses_running, everyone.students_enrolled, everyone.course_projects) == (3, 5, 3)
    assert everyone.signed_off == 3


def test_a_course_whose_term_ended_before_the_range_is_left_out(course_world, north_filters):
    autumn = ReportFilters(
        university=course_world.north, start=dt.date(2025, 8, 15), end=dt.date(2025, 12, 31)
    )
    report = courses_report(university=course_world.north, filters=autumn)
    assert (report.courses_running, report.students_enrolled) == (1, 1)
    assert _results(report) == {"pass": 0, "fail": 1, "grade": 0}
    assert report.passed == 0


def test_the_student_and_field_filters_narrow_the_figures(course_world, north_filters):
    economics = ReportFilters(university=course_world.north, start=START, end=END, major="Economics")
    report = courses_report(university=course_world.north, filters=economics)
    assert report.students_enrolled == 3  # s1, s3 and s4
    assert report.engagements == 2  # s1 on the data project, s4 on the design one
    assert report.credit_requests == 4  # s1 twice, s3, s4
    design = ReportFilters(university=course_world.north, start=START, end=END, field=SkillCategory.DESIGN)
    report = courses_report(university=course_world.north, filters=design)
    assert (report.course_projects, report.engagements) == (1, 1)


def _grow(world, n: int) -> None:
    for i in range(n):
        course = _course(world.north, f"GROW {i}", START, END, [world.students["s1"], world.students["s2"]])
        project = _linked(course, SkillCategory.DATA)
        _credit(
            course,
            _engage(world.students["s2"], project),
            CreditStatus.SIGNED_OFF,
            CreditResult.GRADE,
            f"B{i}",
        )


def test_the_report_costs_five_queries_whatever_the_data(
    course_world, north_filters, django_assert_num_queries
):
    _grow(course_world, 4)
    with django_assert_num_queries(5 + ANALYTICAL_OVERHEAD):
        courses_report(university=course_world.north, filters=north_filters)


def _page(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:courses"), {**RANGE, **params})
    return response, len(queries)


def test_career_staff_see_their_own_figures_on_the_page(client, course_world, north_staff):
    client.force_login(north_staff)
    response, _ = _page(client, university=course_world.south.pk)
    assert response.status_code == 200
    body = response.content.decode()
    assert response.context["filters"].university == course_world.north
    assert "Courses and credit" in body and "North University" in body and "South University" not in body
    summary = response.context["sections"][0].table
    assert dict(summary.rows)["Courses running"] == 2
    assert '<title id="chart-credit-status-title">Credit requests by status</title>' in body


def test_the_page_costs_the_same_queries_with_more_courses(client, course_world, north_staff):
    client.force_login(north_staff)
    _, small = _page(client)
    _grow(course_world, 5)
    response, grown = _page(client)
    assert response.status_code == 200 and grown == small


def test_the_csv_export_holds_the_figures(client, course_world, north_staff):
    client.force_login(north_staff)
    response = client.get(reverse("reports:courses"), {**RANGE, "format": "csv"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Courses and credit: North University" in body
    assert "Courses running,2" in body and "Signed off,2" in body and "Grade A,1" in body


def test_the_reports_list_links_the_new_report(client, course_world, north_staff):
    client.force_login(north_staff)
    body = client.get(reverse("reports:index"), RANGE).content.decode()
    assert reverse("reports:courses") in body
