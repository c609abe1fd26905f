"""What a career office sees: scoped at the source."""

import pytest

from accounts.factories import UserFactory
from applications import selectors as application_selectors
from applications.factories import ApplicationFactory
from employers.factories import EmployerFactory
from engagements import selectors as engagement_selectors
from engagements.factories import EngagementFactory
from engagements.models import Payment
from projects import selectors as project_selectors
from projects.factories import ProjectFactory
from projects.models import ProjectStatus, Visibility
from students import selectors as student_selectors
from students.factories import StudentProfileFactory
from universities import selectors
from universities.factories import CareerStaffFactory, PartnershipFactory, UniversityFactory
from universities.models import PartnershipStatus

pytestmark = pytest.mark.django_db


def test_university_for_staff():
    staff = CareerStaffFactory()
    assert selectors.university_for_staff(user=staff.user) == staff.university
    assert selectors.university_for_staff(user=UserFactory()) is None


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("uni.edu", "uni"),
        ("cs.uni.edu", "uni"),
        ("med.uni.edu", "med"),
        ("a.b.med.uni.edu", "med"),
        ("x.org", None),
    ],
)
def test_the_most_specific_university_domain_wins(domain, expected):
    UniversityFactory(slug="uni", domain="uni.edu")
    UniversityFactory(slug="med", domain="med.uni.edu")
    university = selectors.university_for_email_domain(domain=domain)
    assert (university.slug if university else None) == expected


def test_a_bare_top_level_domain_never_matches():
    UniversityFactory(slug="odd", domain="edu")
    assert selectors.university_for_email_domain(domain="anything.edu") is None


def test_projects_visible_to_a_university():
    university = UniversityFactory()
    partner, former_partner, stranger = EmployerFactory(), EmployerFactory(), EmployerFactory()
    PartnershipFactory(employer=partner, university=university, status=PartnershipStatus.ACTIVE)
    PartnershipFactory(employer=former_partner, university=university, status=PartnershipStatus.ENDED)
    PartnershipFactory(employer=stranger, status=PartnershipStatus.ACTIVE)  # another university's partner

    visible = {
        ProjectFactory(employer=stranger, published=True),
        ProjectFactory(employer=stranger, status=ProjectStatus.IN_PROGRESS),
        ProjectFactory(employer=stranger, status=ProjectStatus.COMPLETED),
        ProjectFactory(employer=partner, published=True, visibility=Visibility.PARTNERS),
    }
    ProjectFactory(employer=stranger)  # draft
    ProjectFactory(employer=stranger, status=ProjectStatus.CANCELLED)
    ProjectFactory(employer=stranger, published=True, visibility=Visibility.PARTNERS)
    ProjectFactory(employer=former_partner, published=True, visibility=Visibility.PARTNERS)
    ProjectFactory(employer=partner, visibility=Visibility.PARTNERS)  # a partner's draft

    assert set(project_selectors.projects_visible_to_university(university=university)) == visible


def test_students_applications_engagements_and_payments_are_those_of_its_students():
    university, other = UniversityFactory(), UniversityFactory()
    mine = StudentProfileFactory(university=university)
    unverified = StudentProfileFactory(university=university, unverified=True)
    theirs = StudentProfileFactory(university=other)
    my_engagement = EngagementFactory(application__student=mine)
    their_engagement = EngagementFactory(application__student=theirs)
    my_application = ApplicationFactory(student=unverified)
    ApplicationFactory(student=theirs)
    my_payment = Payment.objects.create(engagement=my_engagement, amount=500, currency="USD")
    Payment.objects.create(engagement=their_engagement, amount=500, currency="USD")

    assert set(student_selectors.students_for_university(university=university)) == {mine, unverified}
    assert set(application_selectors.applications_for_university(university=university)) == {
        my_engagement.application,
        my_application,
    }
    assert list(engagement_selectors.engagements_for_university(university=university)) == [my_engagement]
    assert list(engagement_selectors.payments_for_university(university=university)) == [my_payment]
    assert list(selectors.partnerships_for_university(university=university)) == []


def test_users_for_university_are_its_students_and_the_staff_member():
    staff = CareerStaffFactory()
    student = StudentProfileFactory(university=staff.university)
    StudentProfileFactory()
    UserFactory()
    users = selectors.users_for_university(university=staff.university, staff_user=staff.user)
    assert set(users) == {student.user, staff.user}


def test_employers_for_university_are_partners_and_those_it_sees_postings_of():
    university = UniversityFactory()
    partner = PartnershipFactory(university=university, status=PartnershipStatus.DECLINED).employer
    publisher = ProjectFactory(published=True).employer
    EmployerFactory()
    ProjectFactory()  # an employer with only a draft
    assert set(project_selectors.employers_for_university(university=university)) == {partner, publisher}
