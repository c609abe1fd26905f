from django.db import transaction

from applications.models import Application, Engagement, Milestone


def engagement_create_for_application(*, application: Application) -> Engagement:
    """Create the engagement of a just-accepted application, with one milestone per project deliverable.

    Call inside the transaction that accepts the application (holding the project row lock).
    """
    assert transaction.get_connection().in_atomic_block, "call inside the accepting transaction"
    project = application.project
    engagement = Engagement.objects.create(
        application=application,
        project=project,
        student=application.student,
        employer_id=project.employer_id,
        fee=project.fee,
        currency=project.currency,
        estimated_hours=project.estimated_hours,
        due_date=project.due_date,
    )
    Milestone.objects.bulk_create(
        Milestone(engagement=engagement, position=i, title=deliverable, due_date=project.due_date)
        for i, deliverable in enumerate(project.deliverables)
    )
    return engagement
