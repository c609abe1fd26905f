"""Making someone career-office staff: membership, admin access, the group's permissions."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from accounts.factories import UserFactory
from accounts.models import Role
from universities.career_office import CAREER_OFFICE_GROUP, CAREER_OFFICE_PERMISSIONS
from universities.factories import UniversityFactory
from universities.models import CareerStaffMembership
from universities.services import career_staff_add

pytestmark = pytest.mark.django_db


def test_the_migration_creates_the_career_office_group_with_its_permissions():
    group = Group.objects.get(name=CAREER_OFFICE_GROUP)
    granted = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert granted == set(CAREER_OFFICE_PERMISSIONS)
    assert ("universities", "add_university") not in granted
    assert not any(codename.startswith("delete_") for _, codename in granted)


def test_it_makes_a_career_staff_account_staff_of_the_university():
    user = UserFactory(role=Role.CAREER_STAFF, is_staff=False)
    university = UniversityFactory()
    membership = career_staff_add(user=user, university=university)
    user.refresh_from_db()
    assert membership.university == university
    assert user.is_staff
    assert user.groups.filter(name=CAREER_OFFICE_GROUP).exists()
    assert user.has_perm("universities.change_partnership")
    assert not user.has_perm("universities.add_university")


def test_adding_again_changes_nothing():
    user = UserFactory(role=Role.CAREER_STAFF)
    university = UniversityFactory()
    first = career_staff_add(user=user, university=university)
    assert career_staff_add(user=user, university=university) == first
    assert CareerStaffMembership.objects.count() == 1
    assert user.groups.count() == 1


def test_it_refuses_staff_of_another_university():
    user = UserFactory(role=Role.CAREER_STAFF)
    career_staff_add(user=user, university=UniversityFactory())
    with pytest.raises(ValidationError) as error:
        career_staff_add(user=user, university=UniversityFactory())
    assert error.value.code == "staff_of_other_university"


@pytest.mark.parametrize("role", [Role.STUDENT, Role.EMPLOYER])
def test_it_refuses_student_and_employer_accounts(role):
    user = UserFactory(role=role)
    with pytest.raises(ValidationError) as error:
        career_staff_add(user=user, university=UniversityFactory())
    assert error.value.code == "not_career_staff_account"
    user.refresh_from_db()
    assert not user.is_staff
    assert not CareerStaffMembership.objects.exists()


def test_it_recreates_the_group_on_a_database_without_it():
    Group.objects.filter(name=CAREER_OFFICE_GROUP).delete()
    user = UserFactory(role=Role.CAREER_STAFF)
    career_staff_add(user=user, university=UniversityFactory())
    assert Group.objects.get(name=CAREER_OFFICE_GROUP).permissions.count() == len(CAREER_OFFICE_PERMISSIONS)
