import datetime as dt

import factory
from django.utils import timezone

from accounts.factories import UserFactory
from courses.models import Course, Enrolment, EnrolmentSource, FacultyProfile


class FacultyProfileFactory(factory.django.DjangoModelFactory):
    """A faculty member confirmed by their career office; `unconfirmed=True` for one still waiting."""

    class Meta:
        model = FacultyProfile

    user = factory.SubFactory(UserFactory, faculty=True)
    university = factory.SubFactory("universities.factories.UniversityFactory")
    department = "Business School"
    confirmed_at = factory.LazyFunction(timezone.now)

    class Params:
        unconfirmed = factory.Trait(confirmed_at=None)


class CourseFactory(factory.django.DjangoModelFactory):
    """A course running from a month ago to two months ahead, taught by `created_by`."""

    class Meta:
        model = Course
        skip_postgeneration_save = True

    created_by = factory.SubFactory(FacultyProfileFactory)
    university = factory.LazyAttribute(lambda course: course.created_by.university)
    code = factory.Sequence(lambda n: f"BUS {100 + n}")
    title = "Consulting practicum"
    term_start = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))
    term_end = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=60))
    credits = 5
    expected_hours = 40
    learning_outcomes = factory.LazyFunction(lambda: ["Scope a client problem", "Present findings"])
    soft_skills = factory.LazyFunction(lambda: ["communication", "time_management"])

    @factory.post_generation
    def instructors(self, create: bool, extracted, **kwargs) -> None:
        if create:
            self.instructors.set(extracted if extracted is not None else [self.created_by])


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    course = factory.SubFactory(CourseFactory)
    student = factory.SubFactory("students.factories.StudentProfileFactory")
    source = EnrolmentSource.JOIN_CODE
