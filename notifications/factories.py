import factory

from accounts.factories import UserFactory
from notifications.models import EmailState, Notification, NotificationKind


class NotificationFactory(factory.django.DjangoModelFactory):
    """A notice as notify() leaves it; ``email_state`` defaults to not emailed."""

    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    kind = NotificationKind.APPLICATION_STATUS
    key = factory.Sequence(lambda n: f"test:notice:{n}")
    title = factory.Sequence(lambda n: f"Your application {n} was shortlisted")
    body = "The employer would like to talk to you."
    url = "/applications/"
    email_state = EmailState.NONE
