import factory
from allauth.account.models import EmailAddress

from accounts.models import Role, User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose email is confirmed; `email_address__verified=False` for one who has not confirmed it."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    role = Role.STUDENT
    password = factory.django.Password(DEFAULT_PASSWORD)

    class Params:
        student = factory.Trait(role=Role.STUDENT)
        employer = factory.Trait(role=Role.EMPLOYER)
        career_staff = factory.Trait(role=Role.CAREER_STAFF, is_staff=True)

    @factory.post_generation
    def email_address(self, create: bool, extracted: object, **kwargs) -> None:
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=kwargs.get("verified", True)
            )
