"""Background work on students (Celery): thin wrappers that call a service."""

from celery import shared_task

from marketplace.celery import IdempotentTask
from students import services


@shared_task(base=IdempotentTask, name=services.VERIFY_FOR_DOMAIN_TASK)
def students_verify_for_domain(domain_id: int) -> int:
    """After a career office claims an email domain: verify the students confirmed on it (idempotent)."""
    return services.students_verify_for_domain(domain_id=domain_id)
