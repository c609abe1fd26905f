import factory
from django.utils import timezone

from accounts.factories import UserFactory
from students.models import StudentProfile


class StudentProfileFactory(factory.django.DjangoModelFactory):
    """A verified student of a fresh university; `verified=False` for one not yet verified."""

    class Meta:
        model = StudentProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, student=True)
    university = factory.SubFactory("universities.factories.UniversityFactory")
    verified_at = factory.LazyFunction(timezone.now)
    major = "Economics"
    graduation_year = 2027
    weekly_hours_available = 15

    class Params:
        verified = True
        unverified = factory.Trait(verified_at=None)

    @factory.post_generation
    def skills(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.skills.set(extracted)
