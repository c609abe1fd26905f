"""Courses and credit: the micro-internships that count in the curriculum, at the university's own courses.

Everything here is reached through a course of the university (`Course.university`), never through a student
or an employer, so another university's courses are never counted, even when one of our students is
enrolled in them. The courses counted are those running in the range (their term overlaps it); the other
figures are of those courses:

- students enrolled: distinct students enrolled in them;
- course-linked projects: projects accepted into them (a live link, `CourseProjectStatus.ACCEPTED`);
- engagements on them: the work students do on those projects, and how much of it completed;
- credit requests by status, and the signed-off ones by result (pass, fail, graded) and by grade.

The major and graduation-year filters narrow the students (enrolment, engagements, credit); the project-field
filter narrows the projects and the engagements on them. Five queries whatever the data, over the course
foreign keys' indexes: a university has tens of courses, not the hundred thousand rows the rollups exist for.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from courses.models import (
    Course,
    CourseProject,
    CourseProjectStatus,
    CreditRequest,
    CreditResult,
    CreditStatus,
    Enrolment,
)
from engagements.models import Engagement, EngagementStatus
from reports.filters import ReportFilters
from reports.selectors.common import Table, field_q, percent, rate, run_report
from universities.models import University


@dataclass(frozen=True)
class Figure:
    """One row of a breakdown: `value` is the status, result or grade counted, `label` how it reads."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class CoursesReport:
    filters: ReportFilters
    courses_running: int
    students_enrolled: int
    course_projects: int
    engagements: int
    engagements_completed: int
    credit_by_status: list[Figure]
    signed_off_by_result: list[Figure]
    grades: list[Figure]

    @property
    def credit_requests(self) -> int:
        return sum(row.count for row in self.credit_by_status)

    @property
    def signed_off(self) -> int:
        return sum(row.count for row in self.signed_off_by_result)

    @property
    def passed(self) -> int:
        """Credit granted: signed off with a pass or a grade."""
        return sum(row.count for row in self.signed_off_by_result if row.value != CreditResult.FAIL)

    def tables(self) -> list[Table]:
        return [
            Table(
                title="Courses and credit",
                caption="Courses running in the range, their students, projects, engagements and credit",
                headers=["Figure", "Value"],
                rows=[
                    ["Courses running", self.courses_running],
                    ["Students enrolled", self.students_enrolled],
                    ["Course-linked projects", self.course_projects],
                    ["Engagements on course-linked projects", self.engagements],
                    ["…completed", self.engagements_completed],
                    ["Credit requests", self.credit_requests],
                    ["Credit signed off", self.signed_off],
                    ["…granted (pass or grade)", self.passed],
                    ["Credit granted of signed off", percent(rate(self.passed, self.signed_off))],
                ],
                numeric=[False, True],
            ),
            Table(
                title="Credit requests by status",
                caption="The credit requests of the courses, by where they stand now",
                headers=["Status", "Credit requests"],
                rows=[[row.label, row.count] for row in self.credit_by_status],
                numeric=[False, True],
            ),
            Table(
                title="Credit signed off",
                caption="Signed-off credit by result, then the grades given",
                headers=["Result or grade", "Credit requests"],
                rows=[
                    *[[row.label, row.count] for row in self.signed_off_by_result],
                    *[[f"Grade {row.label}", row.count] for row in self.grades],
                ],
                numeric=[False, True],
            ),
        ]


def _students_q(filters: ReportFilters, prefix: str) -> Q:
    """The major and graduation year asked for, of the student at `prefix` (`student__`, ...)."""
    condition = Q()
    if filters.major:
        condition &= Q(**{f"{prefix}major": filters.major})
    if filters.year is not None:
        condition &= Q(**{f"{prefix}graduation_year": filters.year})
    return condition


def courses_running(filters: ReportFilters) -> QuerySet[Course]:
    """The university's courses (every university's, for None) whose term overlaps the range."""
    scope = Q(university=filters.university) if filters.university is not None else Q()
    return Course.objects.filter(scope, term_start__lte=filters.end, term_end__gte=filters.start)


def courses_report(
    *, university: University | None, filters: ReportFilters, fresh: bool = False
) -> CoursesReport:
    """The courses and credit of `university` (None: every university) for the range of `filters`."""
    return run_report("courses", _courses_report, university=university, filters=filters, fresh=fresh)


def _courses_report(*, university: University | None, filters: ReportFilters) -> CoursesReport:
    running = courses_running(filters)
    running_ids = running.values("pk")
    courses = running.count()
    enrolled = Enrolment.objects.filter(_students_q(filters, "student__"), course__in=running_ids).aggregate(
        students=Count("student", distinct=True)
    )["students"]
    linked_projects = CourseProject.objects.filter(
        field_q(filters, "project__"), course__in=running_ids, status=CourseProjectStatus.ACCEPTED
    ).values("project_id")
    projects = linked_projects.aggregate(projects=Count("project", distinct=True))["projects"]
    engagements = Engagement.objects.filter(
        _students_q(filters, "student__"), project__in=linked_projects
    ).aggregate(all=Count("pk"), completed=Count("pk", filter=Q(status=EngagementStatus.COMPLETED)))
    credit = CreditRequest.objects.filter(_students_q(filters, "student__"), course__in=running_ids)
    by_status: dict[str, int] = {}
    by_result: dict[str, int] = {}
    grades: dict[str, int] = {}
    rows = credit.order_by().values("status", "result", "grade").annotate(n=Count("pk"))
    for row in rows:
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
        if row["status"] == CreditStatus.SIGNED_OFF:
            by_result[row["result"]] = by_result.get(row["result"], 0) + row["n"]
            if row["result"] == CreditResult.GRADE and row["grade"]:
                grades[row["grade"]] = grades.get(row["grade"], 0) + row["n"]
    return CoursesReport(
        filters=filters,
        courses_running=courses,
        students_enrolled=enrolled,
        course_projects=projects,
        engagements=engagements["all"],
        engagements_completed=engagements["completed"],
        credit_by_status=[
            Figure(value, label, by_status.get(value, 0)) for value, label in CreditStatus.choices
        ],
        signed_off_by_result=[
            Figure(value, label, by_result.get(value, 0)) for value, label in CreditResult.choices
        ],
        grades=[Figure(grade, grade, grades[grade]) for grade in sorted(grades)],
    )
