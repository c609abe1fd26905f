"""The world of the evaluation and reflection tests (test_evaluation.py, test_evaluation_api.py).

Ella Enrolled (North) in Nora's BUS 301 did "Customer interviews" for Fernway, whose member Finn evaluates
her; the work is completed and Nora approved the credit for the course's two outcomes. The project requires
Python and Data analysis; the course assesses Python and Spreadsheets. Around them, people with no part in
it: a classmate, a member of another organisation, faculty of another course and of another university,
career staff.
"""

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from accounts.factories import UserFactory
from courses.factories import CourseFactory, CreditRequestFactory, EnrolmentFactory, FacultyProfileFactory
from courses.models import CreditRequest, CreditStatus
from courses.services import RatingInput
from employers.factories import EmployerFactory, EmployerMemberFactory
from engagements.factories import EngagementFactory
from engagements.models import EngagementStatus
from projects.factories import ProjectFactory, SkillFactory
from students.factories import StudentProfileFactory

SUMMARY = "I interviewed twelve customers, coded the notes and presented three findings to the team."
SOFT_KEYS = ["time_management", "communication", "problem_solving", "working_independently"]


def all_ratings(world, level: int = 3, comment: str = "") -> dict[str, RatingInput]:
    return {key: RatingInput(level=level, comment=comment) for key in world.keys}


def form_data(world, level: str = "3", **extra) -> dict[str, str]:
    data = {f"level_{key}": level for key in world.keys}
    data.update({f"comment_{key}": "" for key in world.keys})
    data["overall_comment"] = ""
    data.update(extra)
    return data


def sign_off(credit: CreditRequest) -> None:
    CreditRequest.objects.filter(pk=credit.pk).update(
        status=CreditStatus.SIGNED_OFF, result="pass", signed_off_at=timezone.now()
    )
    credit.refresh_from_db()


def build_evaluation_world(*, north_course, enrolled, prof_north, north, south) -> SimpleNamespace:
    """The credited engagement of Ella at Fernway, and the people with no part in it."""
    python = SkillFactory(name="Python")
    analysis = SkillFactory(name="Data analysis")
    spreadsheets = SkillFactory(name="Spreadsheets")
    north_course.skills.set([python, spreadsheets])
    finn = EmployerMemberFactory(
        employer=EmployerFactory(name="Fernway"),
        user=UserFactory(employer=True, email="finn@fernway.example", full_name="Finn Fernway"),
    )
    project = ProjectFactory(
        employer=finn.employer,
        title="Customer interviews",
        published=True,
        required_skills=[analysis, python],
    )
    engagement = EngagementFactory(
        application__project=project,
        application__student=enrolled.student,
        status=EngagementStatus.COMPLETED,
        started_at=timezone.now() - dt.timedelta(days=10),
        completed_at=timezone.now() - dt.timedelta(days=1),
    )
    credit = CreditRequestFactory(engagement=engagement, course=north_course, approved=True)
    classmate = StudentProfileFactory(
        user=UserFactory(student=True, email="cleo@north.edu", full_name="Cleo Classmate"), university=north
    )
    EnrolmentFactory(course=north_course, student=classmate)
    other_prof_north = FacultyProfileFactory(
        user=UserFactory(faculty=True, email="otto@north.edu", full_name="Otto Other"), university=north
    )
    CourseFactory(created_by=other_prof_north, code="BUS 999")
    prof_far = FacultyProfileFactory(
        user=UserFactory(faculty=True, email="sue@south.edu", full_name="Sue South"), university=south
    )
    return SimpleNamespace(
        course=north_course,
        credit=credit,
        engagement=engagement,
        student=enrolled.student.user,
        employer=finn.user,
        faculty=prof_north.user,
        keys=[*SOFT_KEYS, "skill-data-analysis", "skill-python", "skill-spreadsheets"],
        outsiders={
            "another student": classmate.user,
            "employer of another organisation": EmployerMemberFactory().user,
            "faculty of another course": other_prof_north.user,
            "faculty of another university": prof_far.user,
            "career staff": UserFactory(career_staff=True),
        },
    )
