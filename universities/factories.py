import factory

from accounts.factories import UserFactory
from universities.models import (
    CareerStaffMembership,
    Partnership,
    PartnershipSide,
    University,
    UniversityDomain,
)


class UniversityFactory(factory.django.DjangoModelFactory):
    """A university with one email domain, `<slug>.edu`."""

    class Meta:
        model = University
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"University {n}")
    slug = factory.Sequence(lambda n: f"university-{n}")

    @factory.post_generation
    def domain(self, create: bool, extracted: str | None, **kwargs) -> None:
        """`UniversityFactory(domain="uni.edu")`; by default `<slug>.edu`."""
        if create:
            UniversityDomain.objects.get_or_create(university=self, domain=extracted or f"{self.slug}.edu")


class UniversityDomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UniversityDomain
        django_get_or_create = ["domain"]

    university = factory.SubFactory(UniversityFactory)
    domain = factory.Sequence(lambda n: f"domain{n}.edu")


class CareerStaffFactory(factory.django.DjangoModelFactory):
    """A career-office staff membership; `CareerStaffFactory().user` logs in to the admin."""

    class Meta:
        model = CareerStaffMembership

    user = factory.SubFactory(UserFactory, career_staff=True)
    university = factory.SubFactory(UniversityFactory)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    employer = factory.SubFactory("employers.factories.EmployerFactory")
    university = factory.SubFactory(UniversityFactory)
    requested_by_side = PartnershipSide.EMPLOYER
