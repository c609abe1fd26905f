"""The invitations' cast: two universities, a career-office staff member of each, and a way to run the tasks
queued on commit in the test process (their emails land in django.core.mail.outbox)."""

import io

import pytest
from django.test import Client

import invitations.tasks  # noqa: F401  (registers the tasks run_tasks looks up)
from accounts.factories import UserFactory
from accounts.models import Role
from marketplace import tasks as marketplace_tasks
from marketplace.celery import app
from universities.services import career_staff_add


@pytest.fixture
def sam(south):
    """Sam, career staff of South."""
    user = UserFactory(role=Role.CAREER_STAFF, email="sam@south.edu", full_name="Sam South", mfa=True)
    career_staff_add(user=user, university=south)
    return user


@pytest.fixture
def carol_client(client, carol):
    client.force_login(carol)
    return client


@pytest.fixture
def visitor():
    """A second browser, not logged in (`client` is Carol's once `carol_client` is used)."""
    return Client()


@pytest.fixture
def run_tasks(monkeypatch):
    """Tasks queued with enqueue_on_commit run here, at once, instead of going to the broker."""
    ran: list[tuple[str, list]] = []

    def run(name: str, args: list) -> bool:
        ran.append((name, args))
        app.tasks[name].apply(args=args, throw=True)
        return True

    monkeypatch.setattr(marketplace_tasks, "send_or_park", run)
    return ran


class Upload(io.BytesIO):
    """An uploaded file as the test client sends it (a name; the content type comes from the name)."""

    def __init__(self, data: bytes | str, name: str = "roster.csv") -> None:
        super().__init__(data.encode() if isinstance(data, str) else data)
        self.name = name


@pytest.fixture
def csv_file():
    return Upload
