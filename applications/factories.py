import factory

from applications.models import Application, ApplicationStatus


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    project = factory.SubFactory("projects.factories.ProjectFactory", published=True)
    student = factory.SubFactory("students.factories.StudentProfileFactory")
    cover_note = "I have done two similar projects in my course."
    status = ApplicationStatus.SUBMITTED
