from django.urls import reverse

from accounts.models import Role, User

DASHBOARD_URL_NAMES = {
    Role.STUDENT: "students:dashboard",
    Role.EMPLOYER: "employers:dashboard",
    Role.CAREER_STAFF: "universities:dashboard",
}


def dashboard_url_for(*, user: User) -> str:
    """Where a user lands after login: the dashboard of their role (site staff go to the admin)."""
    if user.is_superuser:
        return reverse("admin:index")
    return reverse(DASHBOARD_URL_NAMES[Role(user.role)])
