"""The academic credit world the credit tests act in: an engagement whose student is enrolled in North's
BUS 301, and everyone who must or must not reach its credit request.

`make_credit_world(...)` takes the courses' conftest people (Nora teaches BUS 301; Walt, unconfirmed, is
added as a second instructor so that only his confirmation is missing; Sam South teaches at South) and adds
a colleague at North teaching another course, another student of BUS 301, and the engagement's sides.
`told(...)` lists whom the credit notices reached; `complete(...)` makes a request ready for sign-off.
"""

from dataclasses import dataclass

from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import User
from courses.factories import (
    CompetencyEvaluationFactory,
    CourseFactory,
    CreditRequestFactory,
    EnrolmentFactory,
    FacultyProfileFactory,
    ReflectionFactory,
)
from courses.models import Course, CreditRequest, FacultyProfile
from engagements.models import Engagement, EngagementStatus
from notifications.models import Notification, NotificationKind
from students.factories import StudentProfileFactory
from tests.engagement_world import EngagementWorld, make_engagement_world


@dataclass
class CreditWorld:
    world: EngagementWorld
    course: Course
    instructor: User
    unconfirmed_instructor: User
    colleague: User
    faculty_elsewhere: User
    classmate: User
    career_staff: User

    @property
    def engagement(self) -> Engagement:
        return self.world.engagement

    @property
    def student(self) -> User:
        return self.world.student

    @property
    def employer(self) -> User:
        return self.world.employer

    def request(self, **kwargs) -> CreditRequest:
        """A credit request by the engagement's student in BUS 301 (approved=True for an approved one)."""
        return CreditRequestFactory(engagement=self.engagement, course=self.course, **kwargs)

    def visitors(self) -> dict[str, User | None]:
        return {
            "anonymous": None,
            "student": self.student,
            "instructor": self.instructor,
            "unconfirmed_instructor": self.unconfirmed_instructor,
            "faculty_other_course": self.colleague,
            "faculty_elsewhere": self.faculty_elsewhere,
            "classmate": self.classmate,
            "employer": self.employer,
            "other_employer": self.world.other_employer,
            "career_staff": self.career_staff,
        }


def make_credit_world(
    *,
    north_course: Course,
    prof_north: FacultyProfile,
    prof_waiting: FacultyProfile,
    prof_south: FacultyProfile,
    status: str = EngagementStatus.ACTIVE,
) -> CreditWorld:
    world = make_engagement_world(status=status)
    north_course.instructors.add(prof_waiting)
    EnrolmentFactory(course=north_course, student=world.engagement.student)
    colleague = FacultyProfileFactory(university=north_course.university)
    CourseFactory(created_by=colleague, code="ECO 101")
    classmate = StudentProfileFactory(university=north_course.university)
    EnrolmentFactory(course=north_course, student=classmate)
    return CreditWorld(
        world=world,
        course=north_course,
        instructor=prof_north.user,
        unconfirmed_instructor=prof_waiting.user,
        colleague=colleague.user,
        faculty_elsewhere=prof_south.user,
        classmate=classmate.user,
        career_staff=UserFactory(career_staff=True),
    )


def told(user, event: str = "") -> list[Notification]:
    """The academic-credit notifications `user` received, those whose key ends with `event`."""
    rows = Notification.objects.filter(user=user, kind=NotificationKind.ACADEMIC_CREDIT)
    return [row for row in rows if row.key.endswith(event)]


def complete(case: CreditWorld, credit: CreditRequest, *, evaluation: bool = True, reflection: bool = True):
    """The work completed and, unless told otherwise, evaluated by the employer and reflected on: ready for
    sign-off."""
    engagement = case.engagement
    engagement.status = EngagementStatus.COMPLETED
    engagement.completed_at = timezone.now()
    engagement.save()
    if evaluation:
        CompetencyEvaluationFactory(credit_request=credit, evaluator=case.employer)
    if reflection:
        ReflectionFactory(credit_request=credit)
