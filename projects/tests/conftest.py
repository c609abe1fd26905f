import pytest
from django.core.exceptions import ValidationError

from accounts.factories import UserFactory
from employers.factories import EmployerMemberFactory
from students.factories import StudentProfileFactory


def error_codes(error: ValidationError) -> dict[str, list[str]] | list[str]:
    """The codes of a ValidationError: by field for a field-keyed one, else a plain list."""
    if hasattr(error, "error_dict"):
        return {field: [item.code for item in items] for field, items in error.error_dict.items()}
    return [item.code for item in error.error_list]


@pytest.fixture
def membership(db):
    return EmployerMemberFactory()


@pytest.fixture
def member(membership):
    return membership.user


@pytest.fixture
def employer(membership):
    return membership.employer


@pytest.fixture
def outsider(db):
    """An employer member of another organisation."""
    return EmployerMemberFactory().user


@pytest.fixture
def student_profile(db):
    return StudentProfileFactory()


@pytest.fixture
def unverified_student_profile(db):
    return StudentProfileFactory(unverified=True, user=UserFactory(student=True))
