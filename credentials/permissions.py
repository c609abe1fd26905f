"""Who may do what with a credential."""

from accounts.models import User
from credentials.models import Credential
from universities.selectors import university_for_staff


def may_revoke(*, user: User, credential: Credential) -> bool:
    """Site admins, and career staff of the university the student belongs to."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    university = university_for_staff(user=user)
    return university is not None and credential.student.university_id == university.pk
