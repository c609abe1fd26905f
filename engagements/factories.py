import factory

from applications.factories import ApplicationFactory
from applications.models import ApplicationStatus
from engagements.models import Engagement, Milestone


class EngagementFactory(factory.django.DjangoModelFactory):
    """An engagement row as `application_accept` makes it (use the service when the path matters)."""

    class Meta:
        model = Engagement

    application = factory.SubFactory(ApplicationFactory, status=ApplicationStatus.ACCEPTED)
    project = factory.LazyAttribute(lambda o: o.application.project)
    student = factory.LazyAttribute(lambda o: o.application.student)
    employer = factory.LazyAttribute(lambda o: o.application.project.employer)
    fee = factory.LazyAttribute(lambda o: o.application.project.fee)
    currency = factory.LazyAttribute(lambda o: o.application.project.currency)
    estimated_hours = factory.LazyAttribute(lambda o: o.application.project.estimated_hours)
    due_date = factory.LazyAttribute(lambda o: o.application.project.due_date)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    engagement = factory.SubFactory(EngagementFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    position = factory.Sequence(int)
