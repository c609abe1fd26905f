import factory

from applications.models import Application, ApplicationStatus, Engagement, Milestone


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    project = factory.SubFactory("projects.factories.ProjectFactory", published=True)
    student = factory.SubFactory("students.factories.StudentProfileFactory")
    cover_note = "I have done two similar projects in my course."
    status = ApplicationStatus.SUBMITTED


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
