"""The academic credit world the credit tests act in: an engagement whose student is enrolled in North's
BUS 301, and everyone who must or must not reach its credit request.

`make_credit_world(...)` takes the courses' conftest people (Nora teaches BUS 301; Walt, unconfirmed, is
added as a second instructor so that only his confirmation is missing; Sam South teaches at South) and adds
a colleague at North teaching another course, another student of BUS 301, and the engagement's sides.
"""

from dataclasses import dataclass

from accounts.factories import UserFactory
from accounts.models import User
from courses.factories import CourseFactory, CreditRequestFactory, EnrolmentFactory, FacultyProfileFactory
from courses.models import Course, CreditRequest, FacultyProfile
from engagements.models import Engagement, EngagementStatus
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
