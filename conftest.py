import pytest
from django.core.cache import cache

from accounts.factories import UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate limits and sessions live in the cache: every test starts without anyone else's counters."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_folders(settings, tmp_path):
    """Each test uploads into folders of its own, deleted with it: tests never see each other's files."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def student(db):
    return UserFactory(student=True, email="alice@example.org", full_name="Alice Student")


@pytest.fixture
def employer_user(db):
    return UserFactory(employer=True, email="bob@example.org", full_name="Bob Employer")


@pytest.fixture
def career_staff_user(db):
    return UserFactory(career_staff=True, email="carol@example.org", full_name="Carol Career")


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path):
    """A real Celery worker process on the Redis broker, writing to this test's database.

    Tasks queued by the test (``.delay()``, or ``transaction.on_commit`` after a real commit) go to a queue
    only this worker reads. The test needs committed data, hence ``transactional_db``. Wait for results with
    ``worker.wait_for(lambda: <condition>)``.
    """
    from marketplace.celery import app
    from marketplace.testing_celery import start_worker, stop_worker

    worker = start_worker(tmp_path)
    previous_routes = app.conf.task_routes
    app.conf.task_routes = {"*": {"queue": worker.queue}}
    _rebuild_task_router(app)
    try:
        yield worker
    finally:
        app.conf.task_routes = previous_routes
        _rebuild_task_router(app)
        stop_worker(worker)


def _rebuild_task_router(app) -> None:
    """Celery builds its task router from the routes of the moment on first use and keeps it: any task an
    earlier test queued would pin every later worker test to the default queue, where no worker listens."""
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)
