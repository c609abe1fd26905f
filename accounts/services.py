from allauth.account.models import EmailAddress
from django.db import transaction

from accounts.models import Role, User


@transaction.atomic
def user_create_verified(
    *,
    email: str,
    password: str,
    role: Role,
    full_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create an account whose email is already confirmed (demo data, invitations by career staff)."""
    user = User.objects.create_user(
        email=email,
        password=password,
        role=role,
        full_name=full_name,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
