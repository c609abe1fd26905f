import factory

from accounts.factories import UserFactory
from employers.models import Employer, EmployerInvitation, EmployerMember, MemberRole


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Employer {n}")
    slug = factory.Sequence(lambda n: f"employer-{n}")
    description = "We build useful things."
    website = "https://example.com"


class EmployerMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerMember

    employer = factory.SubFactory(EmployerFactory)
    user = factory.SubFactory(UserFactory, employer=True)
    role = MemberRole.OWNER


class EmployerInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerInvitation

    employer = factory.SubFactory(EmployerFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
