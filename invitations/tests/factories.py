import factory
from django.utils import timezone

from invitations.models import BusinessInvitation, StudentInvitation


class StudentInvitationFactory(factory.django.DjangoModelFactory):
    """A student invitation, sent; `sent_at=None` for one not sent yet."""

    class Meta:
        model = StudentInvitation

    university = factory.SubFactory("universities.factories.UniversityFactory")
    email = factory.Sequence(lambda n: f"student{n}@example.net")
    full_name = factory.Sequence(lambda n: f"Student {n}")
    invited_by = factory.SubFactory("accounts.factories.UserFactory", career_staff=True)
    sent_at = factory.LazyFunction(timezone.now)


class BusinessInvitationFactory(factory.django.DjangoModelFactory):
    """A business invitation, sent; `accepted=True` for one whose organisation was made."""

    class Meta:
        model = BusinessInvitation

    university = factory.SubFactory("universities.factories.UniversityFactory")
    email = factory.Sequence(lambda n: f"owner{n}@business.example")
    organisation_name = factory.Sequence(lambda n: f"Business {n}")
    invited_by = factory.SubFactory("accounts.factories.UserFactory", career_staff=True)
    sent_at = factory.LazyFunction(timezone.now)

    class Params:
        accepted = factory.Trait(
            employer=factory.SubFactory("employers.factories.EmployerFactory"),
            user=factory.SubFactory("accounts.factories.UserFactory", employer=True),
            signed_up_at=factory.LazyFunction(timezone.now),
            accepted_at=factory.LazyFunction(timezone.now),
        )
