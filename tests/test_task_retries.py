"""Transient errors are retried: a task whose database is briefly unreachable runs again and succeeds; one
that keeps failing gives up visibly (an ERROR log line and a count), with the policy set once for all tasks
(marketplace.celery.IdempotentTask)."""

import logging

import psycopg
import pytest
from celery import Task
from django import db
from django.db import connection

from marketplace.celery import TRANSIENT_ERRORS, IdempotentTask, app
from marketplace.models import ParkedTask
from notifications.factories import NotificationFactory
from notifications.models import EmailState, Notification
from notifications.tasks import notification_emails_send


def project_tasks() -> dict[str, Task]:
    """Every task of the project (Celery's own start with "celery.")."""
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_every_task_of_the_project_retries_transient_errors_with_backoff_and_jitter():
    tasks = project_tasks()
    assert len(tasks) >= 20
    for name, task in tasks.items():
        assert isinstance(task, IdempotentTask), name
        assert task.autoretry_for == TRANSIENT_ERRORS and db.OperationalError in task.autoretry_for, name
        assert task.retry_backoff and task.retry_jitter and task.max_retries == 10, name
        assert task.acks_late and task.reject_on_worker_lost, name


_attempts: list[int] = []


@app.task(base=IdempotentTask, name="tests.test_task_retries.flaky")
def flaky(failures: int) -> str:
    """Raises PostgreSQL's "too many clients" for its first ``failures`` attempts."""
    _attempts.append(1)
    if len(_attempts) <= failures:
        raise db.OperationalError("FATAL: sorry, too many clients already")
    return "done"


@pytest.fixture
def attempts():
    _attempts.clear()
    yield _attempts
    _attempts.clear()


def test_a_task_whose_first_attempt_hits_an_operational_error_runs_again(attempts):
    result = flaky.apply(args=[1])
    assert result.get() == "done"
    assert len(attempts) == 2


@pytest.mark.django_db
def test_a_task_that_keeps_failing_gives_up_after_its_retries_logged_and_parked(attempts, caplog):
    with caplog.at_level(logging.ERROR, logger="marketplace.tasks"):
        result = flaky.apply(args=[100])
    assert result.failed() and isinstance(result.result, db.OperationalError)
    assert len(attempts) == 1 + IdempotentTask.max_retries
    [record] = [r for r in caplog.records if r.name == "marketplace.tasks"]
    assert record.levelno == logging.ERROR
    assert (
        f"Task {flaky.name}" in record.getMessage()
        and "failed for good after 10 retries" in record.getMessage()
    )
    parked = ParkedTask.objects.get(name=flaky.name)
    assert parked.args == [100] and parked.reason == "gave_up" and "too many clients" in parked.last_error


def _allow_connections(allow: bool) -> None:
    """ALLOW_CONNECTIONS on the test database, set from the server's maintenance database (a database
    cannot bar connections to itself from within); connections already open stay open."""
    params = {
        key: value
        for key, value in connection.get_connection_params().items()
        if key in {"host", "port", "user", "password", "sslmode"}
    }
    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    with psycopg.connect(**params, dbname="postgres", autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS {'true' if allow else 'false'}")


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_retries_an_email_task_while_the_database_refuses_connections(celery_worker_process):
    """PostgreSQL refuses every new connection (as with "too many clients"): the worker's first attempt
    fails, Celery retries it after a backoff, and once connections are back the email goes out."""
    worker = celery_worker_process
    notification = NotificationFactory(email_state=EmailState.PENDING)
    _allow_connections(False)  # this test's own connection stays open
    try:
        notification_emails_send.delay([notification.pk])
        worker.wait_for(lambda: "Retry in" in worker.log(), what="the task to be retried")
        assert "OperationalError" in worker.log()
    finally:
        _allow_connections(True)

    worker.wait_for(
        lambda: Notification.objects.filter(pk=notification.pk, email_state=EmailState.SENT).exists(),
        what="the email after the retry",
    )
    assert len(worker.sent_emails()) == 1
    assert Notification.objects.count() == 1
