"""Concurrent clicks on "accept" never accept more applicants than a project has openings."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from applications.factories import ApplicationFactory
from applications.models import Application, ApplicationStatus
from employers.factories import EmployerMemberFactory
from engagements.models import Engagement
from engagements.services.hiring import application_accept
from projects.factories import ProjectFactory
from projects.models import CloseReason, ProjectStatus

OPENINGS = 5
APPLICANTS = 25


@pytest.mark.django_db(transaction=True)
def test_accept_never_exceeds_openings_under_concurrent_clicks():
    membership = EmployerMemberFactory()
    project = ProjectFactory(employer=membership.employer, published=True, openings=OPENINGS)
    applications = ApplicationFactory.create_batch(APPLICANTS, project=project)
    barrier = threading.Barrier(APPLICANTS)
    accepted: list[int] = []
    refused: list[ValidationError] = []
    unexpected: list[BaseException] = []
    lock = threading.Lock()

    def click(application: Application) -> None:
        try:
            barrier.wait(timeout=30)
            application_accept(application=application, by=membership.user)
            with lock:
                accepted.append(application.pk)
        except ValidationError as error:
            with lock:
                refused.append(error)
        except BaseException as error:
            with lock:
                unexpected.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(application,)) for application in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not any(thread.is_alive() for thread in threads)
    assert unexpected == []
    assert len(accepted) == OPENINGS
    assert len(refused) == APPLICANTS - OPENINGS
    assert {error.code for error in refused} == {"openings_filled"}
    assert Application.objects.filter(status=ApplicationStatus.ACCEPTED).count() == OPENINGS
    assert set(
        Application.objects.filter(status=ApplicationStatus.ACCEPTED).values_list("pk", flat=True)
    ) == set(accepted)
    assert Engagement.objects.count() == OPENINGS
    project.refresh_from_db()
    assert project.accepted_count == OPENINGS
    assert (project.status, project.close_reason) == (ProjectStatus.IN_PROGRESS, CloseReason.FILLED)
