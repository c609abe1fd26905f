"""The career office's dashboard (/career-office/dashboard/): this term's figures with their trend, what waits
on the office, the way into the reports and invitations; its own university only, in a fixed number of
queries."""

import pytest
from django.urls import reverse

from accounts.factories import UserFactory
from employers.factories import EmployerMemberFactory
from invitations.tests.factories import BusinessInvitationFactory, StudentInvitationFactory
from students.factories import StudentProfileFactory
from universities.factories import PartnershipFactory, UniversityFactory
from universities.models import PartnershipSide

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("universities:dashboard")


def build_activity(university, *, students: int) -> None:
    StudentProfileFactory.create_batch(students, university=university)
    StudentProfileFactory.create_batch(2, university=university, unverified=True)
    PartnershipFactory(university=university, requested_by_side=PartnershipSide.EMPLOYER)
    PartnershipFactory(university=university, requested_by_side=PartnershipSide.UNIVERSITY)
    StudentInvitationFactory.create_batch(3, university=university)
    BusinessInvitationFactory(university=university)


def test_the_dashboard_shows_this_terms_figures_and_what_waits_on_the_office(client, carol, north):
    build_activity(north, students=4)
    build_activity(UniversityFactory(name="South University"), students=9)  # never counted here
    client.force_login(carol)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    figures = {f.key: f.value for f in response.context["figures"]}
    assert figures["signed_up"] == 6 and figures["verified"] == 4
    actions = response.context["actions"]
    assert (actions.partnership_requests, actions.partnerships_awaiting_employers) == (1, 1)
    assert actions.unverified_students == 2
    assert (actions.unanswered.students, actions.unanswered.businesses) == (3, 1)
    page = response.content.decode()
    assert "North University" in page and "South University" not in page
    assert reverse("admin:universities_partnership_changelist") + "?status__exact=requested" in page
    assert reverse("admin:students_studentprofile_changelist") + "?verified=no" in page
    assert reverse("admin:invitations_studentinvitation_upload") in page
    for name in ("funnel", "outcomes", "employers", "trends"):
        assert reverse(f"reports:{name}") + "?start=" in page


def test_the_dashboard_runs_the_same_number_of_queries_whatever_the_activity(
    client, carol, north, django_assert_max_num_queries
):
    client.force_login(carol)
    build_activity(north, students=1)
    with django_assert_max_num_queries(25) as few:
        client.get(DASHBOARD)
    build_activity(north, students=30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(DASHBOARD)


def test_career_staff_without_a_university_are_told_so(client):
    client.force_login(UserFactory(career_staff=True))
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert "not attached to a university" in response.content.decode()


def test_students_and_employers_are_sent_to_their_own_dashboard(client, student):
    client.force_login(student)
    assert client.get(DASHBOARD).url == reverse("students:dashboard")
    client.force_login(EmployerMemberFactory().user)
    assert client.get(DASHBOARD).url == reverse("employers:dashboard")
