"""A real Celery worker for tests: a separate process consuming from Redis and writing to the test database.

Used through the ``celery_worker_process`` fixture (root conftest.py). The worker gets a queue of its own, so
messages left in the broker by other tests (or other test runs sharing the Redis database) never reach it.
"""

import email
import email.message
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from django.db import connection

from marketplace.celery import app

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    """DATABASE_URL for the database this test process is using (pytest-django's test_… database): the
    process's own DATABASE_URL with only the database name changed, so a socket given as ``?host=`` (the
    embedded PostgreSQL) or credentials carry over exactly."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + quote(connection.settings_dict["NAME"])))


@dataclass
class CeleryWorker:
    process: subprocess.Popen
    queue: str
    hostname: str
    log_path: Path
    mail_dir: Path

    def wait_for(
        self, condition: Callable[[], bool], *, timeout: float = 60, what: str = "the worker"
    ) -> None:
        """Poll ``condition`` until it holds; fail with the worker's log when it does not in time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                raise AssertionError(f"the Celery worker exited ({self.process.returncode}):\n{self.log()}")
            time.sleep(0.1)
        raise AssertionError(f"timed out after {timeout}s waiting for {what}; worker log:\n{self.log()}")

    def sent_emails(self) -> list[email.message.Message]:
        """Every email the worker has sent so far (the worker uses Django's file-based backend)."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            for chunk in path.read_text().split("-" * 79):
                if chunk.strip():
                    messages.append(email.message_from_string(chunk.strip()))
        return messages

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]


def start_worker(
    log_dir: Path, extra_env: dict[str, str] | None = None, concurrency: int = 1
) -> CeleryWorker:
    """Start a worker; ``extra_env`` adds to (or overrides) its environment, e.g. where it sends mail.
    ``concurrency`` above 1 runs that many processes (prefork pool) sharing the queue."""
    queue = f"test-{uuid.uuid4().hex[:12]}"
    hostname = f"{queue}@%h"
    log_path = log_dir / "celery-worker.log"
    mail_dir = log_dir / "worker-mail"
    mail_dir.mkdir(exist_ok=True)
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.test",
        "DATABASE_URL": test_database_url(),
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "TEST_EMAIL_FILE_PATH": str(mail_dir),
    }
    env |= extra_env or {}
    command = [
        sys.executable, "-m", "celery", "-A", "marketplace", "worker",
        *(["--pool=solo"] if concurrency == 1 else ["--pool=prefork", f"--concurrency={concurrency}"]),
        "-Q", queue, "-n", hostname,
        "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO",
    ]  # fmt: skip
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    worker = CeleryWorker(process=process, queue=queue, hostname=hostname.replace("%h", os.uname().nodename),
                          log_path=log_path, mail_dir=mail_dir)  # fmt: skip
    worker.wait_for(lambda: bool(app.control.ping(destination=[worker.hostname], timeout=0.5)),
                    timeout=60, what="the worker to answer a ping")  # fmt: skip
    return worker


def stop_worker(worker: CeleryWorker) -> None:
    worker.process.terminate()
    try:
        worker.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.process.kill()
        worker.process.wait()


@contextmanager
def worker_running(
    log_dir: Path, extra_env: dict[str, str] | None = None, concurrency: int = 1
) -> Iterator[CeleryWorker]:
    """A worker (see ``start_worker``) with every task this process queues routed to it, stopped after."""
    worker = start_worker(log_dir, extra_env=extra_env, concurrency=concurrency)
    previous_routes = app.conf.task_routes
    app.conf.task_routes = {"*": {"queue": worker.queue}}
    _rebuild_task_router()
    try:
        yield worker
    finally:
        app.conf.task_routes = previous_routes
        _rebuild_task_router()
        stop_worker(worker)


def _rebuild_task_router() -> None:
    """Celery builds its task router from the routes of the moment on first use and keeps it: any task an
    earlier test queued would pin every later worker test to the default queue, where no worker listens."""
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)
