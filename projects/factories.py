import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone
from django.utils.text import slugify

from projects.models import Project, ProjectStatus, Skill, SkillCategory


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Skill {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    category = SkillCategory.OTHER


class ProjectFactory(factory.django.DjangoModelFactory):
    """A draft that passes every scoping check; `published=True` for one that is open for applications."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    employer = factory.SubFactory("employers.factories.EmployerFactory")
    title = factory.Sequence(lambda n: f"Market research brief {n}")
    summary = "Size the market for a new product and recommend where to start."
    description = "We want a short, sourced brief we can act on."
    deliverables = factory.LazyFunction(lambda: ["A 5-page brief", "A 10-minute presentation"])
    estimated_hours = 20
    fee = Decimal("500.00")
    currency = "USD"
    application_deadline = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=14))
    due_date = factory.LazyFunction(lambda: (timezone.now() + dt.timedelta(days=45)).date())
    openings = 1
    screening_questions = factory.LazyFunction(list)

    class Params:
        published = factory.Trait(status=ProjectStatus.OPEN, published_at=factory.LazyFunction(timezone.now))

    @factory.post_generation
    def required_skills(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.required_skills.set(extracted)

    @factory.post_generation
    def nice_to_have_skills(self, create: bool, extracted, **kwargs) -> None:
        if create and extracted:
            self.nice_to_have_skills.set(extracted)
