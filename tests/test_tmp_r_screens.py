"""Temporary (helper R): screenshots of the closed-unanswered pages. Deleted after looking at them."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.factories import DEFAULT_PASSWORD
from applications.factories import ApplicationFactory
from applications.models import Application
from employers.factories import EmployerMemberFactory
from notifications import reminders
from projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def login(page, live_server, email):
    page.goto(live_server.url + "/accounts/login/")
    form = page.get_by_role("main")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(DEFAULT_PASSWORD)
    form.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_screens(page, live_server, screenshot):
    owner = EmployerMemberFactory(employer__name="Brightlane")
    project = ProjectFactory(employer=owner.employer, published=True, title="Market sizing for a tea brand", openings=2)
    application = ApplicationFactory(project=project)
    other = ApplicationFactory(project=project)
    Application.objects.filter(pk__in=[application.pk, other.pk]).update(created_at=timezone.now() - dt.timedelta(days=15))
    ApplicationFactory(project=project)
    Application.objects.filter(pk=ApplicationFactory(project=project).pk).update(created_at=timezone.now() - dt.timedelta(days=6))
    reminders.unanswered_applications_close(now=timezone.now())
    login(page, live_server, application.student.user.email)
    page.goto(live_server.url + f"/applications/{application.public_id}/")
    screenshot("r-closed-student")
    page.context.clear_cookies()
    login(page, live_server, owner.user.email)
    page.goto(live_server.url + f"/manage/projects/applicants/{application.public_id}/")
    screenshot("r-closed-employer")
    page.goto(live_server.url + "/dashboard/")
    screenshot("r-dashboard")


@pytest.mark.django_db
def test_employer_page(client):
    owner = EmployerMemberFactory(employer__name="Brightlane")
    project = ProjectFactory(employer=owner.employer, published=True, title="Market sizing for a tea brand", openings=2)
    application = ApplicationFactory(project=project)
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() - dt.timedelta(days=15))
    reminders.unanswered_applications_close(now=timezone.now())
    client.force_login(owner.user)
    r = client.get(f"/manage/projects/applicants/{application.public_id}/")
    print(r.status_code)
