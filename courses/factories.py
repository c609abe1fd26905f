import datetime as dt

import factory
from django.utils import timezone

from accounts.factories import UserFactory
from courses.models import (
    CompetencyEvaluation,
    CompetencyRating,
    Course,
    CourseProject,
    CourseProjectOrigin,
    CourseProjectStatus,
    CreditRequest,
    CreditStatus,
    Enrolment,
    EnrolmentSource,
    FacultyProfile,
    Reflection,
    RubricLevel,
    SoftSkill,
)


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


class CreditRequestFactory(factory.django.DjangoModelFactory):
    """A credit request by the engagement's student, enrolled in the course (the enrolment is made too).

    `approved=True` gives one approved for the course's outcomes; `status=...` any other state."""

    class Meta:
        model = CreditRequest
        skip_postgeneration_save = True

    engagement = factory.SubFactory("engagements.factories.EngagementFactory")
    student = factory.LazyAttribute(lambda o: o.engagement.student)
    course = factory.SubFactory(CourseFactory)
    status = CreditStatus.REQUESTED

    class Params:
        approved = factory.Trait(
            status=CreditStatus.APPROVED,
            required_outcomes=factory.LazyAttribute(lambda o: list(o.course.learning_outcomes)),
            decided_by=factory.LazyAttribute(lambda o: o.course.created_by.user),
            decided_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def enrol(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted is not False:
            Enrolment.objects.get_or_create(
                course=self.course, student=self.student, defaults={"source": EnrolmentSource.JOIN_CODE}
            )


def _first_employer_member(evaluation) -> object | None:
    membership = evaluation.credit_request.engagement.employer.memberships.order_by("id").first()
    return membership.user if membership else None


class CompetencyEvaluationFactory(factory.django.DjangoModelFactory):
    """An employer's evaluation rating each of the course's soft skills Proficient (`ratings=False` for
    none)."""

    class Meta:
        model = CompetencyEvaluation
        skip_postgeneration_save = True

    credit_request = factory.SubFactory(CreditRequestFactory, approved=True)
    evaluator = factory.LazyAttribute(_first_employer_member)
    overall_comment = "Reliable and clear."

    @factory.post_generation
    def ratings(self, create: bool, extracted, **kwargs) -> None:
        if not create or extracted is False:
            return
        for soft_skill in self.credit_request.course.soft_skills or [SoftSkill.COMMUNICATION]:
            CompetencyRating.objects.create(
                evaluation=self, soft_skill=soft_skill, level=RubricLevel.PROFICIENT, comment=""
            )


class ReflectionFactory(factory.django.DjangoModelFactory):
    """A student's reflection answering every outcome the credit request requires."""

    class Meta:
        model = Reflection

    credit_request = factory.SubFactory(CreditRequestFactory, approved=True)
    summary = "I scoped the client's question and presented a plan."
    outcome_answers = factory.LazyAttribute(
        lambda o: [f"What I learned about {outcome}." for outcome in o.credit_request.required_outcomes]
    )


class CourseProjectFactory(factory.django.DjangoModelFactory):
    """A project of the course's university's world proposed to the course, its dates within the term.

    Only the link row: `courses.services.course_project_accept` does what accepting does (visibility,
    audience, date window); use it when a test needs an accepted course-only project."""

    class Meta:
        model = CourseProject

    course = factory.SubFactory(CourseFactory)
    project = factory.SubFactory(
        "projects.factories.ProjectFactory",
        published=True,
        application_deadline=factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7)),
        due_date=factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30)),
    )
    origin = CourseProjectOrigin.PROPOSAL
    status = CourseProjectStatus.PROPOSED
    message = "Our analysts would love to work with your class."
