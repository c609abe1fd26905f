import pytest

from applications.factories import ApplicationFactory
from employers.factories import EmployerMemberFactory
from engagements.factories import EngagementFactory, MilestoneFactory
from universities.factories import CareerStaffFactory, PartnershipFactory, UniversityFactory

pytestmark = pytest.mark.django_db


def test_factories_build_a_consistent_world():
    university = UniversityFactory(slug="north", domain="north.edu")
    assert list(university.domains.values_list("domain", flat=True)) == ["north.edu"]
    assert UniversityFactory().domains.get().domain.endswith(".edu")
    staff = CareerStaffFactory(university=university)
    assert staff.user.is_staff
    member = EmployerMemberFactory()
    assert member.user.is_employer
    PartnershipFactory(employer=member.employer, university=university)
    application = ApplicationFactory()
    assert application.student.is_verified
    assert application.project.status == "open"
    engagement = EngagementFactory()
    MilestoneFactory(engagement=engagement)
    assert engagement.employer == engagement.project.employer
    assert engagement.milestones.count() == 1
